package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.lazaret.sdk.LazaretClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A local cluster on loopback for trying Raft: creates the network files if the folder has none,
 * starts one node process per member, prints each API once all serve, reports (but does not
 * restart) a node that dies, and stops its nodes on SIGTERM or Ctrl-C.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = "Start a local cluster of node processes on loopback and run until stopped.",
    subcommands = {ClusterCommand.Status.class, ClusterMembershipCommands.ProposeAdd.class, ClusterMembershipCommands.ProposeRemove.class, ClusterMembershipCommands.Vote.class})
final class ClusterCommand implements Runnable {
  @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (default: ${DEFAULT-VALUE}).")
  int nodes;

  @Option(names = "--data", defaultValue = "cluster", description = "Network folder; node i's configuration is DIR/node-i/node.conf (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--port", defaultValue = "8080", description = "API port of node 1; node i serves on PORT + i - 1 (default: ${DEFAULT-VALUE}). Raft uses PORT + 1000 + i - 1.")
  int port;

  @Override
  public void run() {
    if (!Files.exists(data.resolve("node-1").resolve("node.conf"))) {
      NetworkCommand.create(data, nodes, "127.0.0.1", port, port + 1000, "lazaret-cluster");
      System.out.println("Created a " + nodes + "-node network in " + data.toAbsolutePath());
    }
    List<Process> processes = new ArrayList<>();
    List<String> urls = new ArrayList<>();
    String javaBin = ProcessHandle.current().info().command().orElse("java");
    for (int i = 1; i <= nodes; i++) {
      Path dir = data.resolve("node-" + i);
      try {
        var settings = org.lazaret.node.cluster.NodeConfFile.read(dir.resolve("node.conf"));
        urls.add("http://" + settings.node().host() + ":" + settings.node().port());
        processes.add(
            new ProcessBuilder(javaBin, "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "node", "start", "--config", dir.resolve("node.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("node.log").toFile()))
                .start());
      } catch (IOException | IllegalArgumentException e) {
        processes.forEach(Process::destroy);
        throw new Main.Failure(1, "cannot start node " + i + ": " + e.getMessage());
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      processes.forEach(Process::destroy);
      for (Process p : processes) {
        try {
          if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      stopped.countDown();
    }));
    long deadline = System.nanoTime() + 90_000_000_000L;
    for (int i = 0; i < urls.size(); i++) {
      LazaretClient c = new LazaretClient(urls.get(i));
      while (true) {
        try {
          if (c.health().path("status").asText().equals("ok")) {
            break;
          }
        } catch (RuntimeException notYet) {
          if (!processes.get(i).isAlive()) {
            throw new Main.Failure(1, "node " + (i + 1) + " exited while starting; see " + data.resolve("node-" + (i + 1)).resolve("node.log"));
          }
        }
        if (System.nanoTime() > deadline) {
          throw new Main.Failure(1, "node " + (i + 1) + " did not serve within 90 s; see its node.log");
        }
        sleep(200);
      }
    }
    for (String u : urls) {
      System.out.println("API: " + u);
    }
    System.out.flush();
    boolean[] reported = new boolean[processes.size()];
    while (stopped.getCount() > 0) {
      for (int i = 0; i < processes.size(); i++) {
        Process p = processes.get(i);
        if (!p.isAlive() && !reported[i]) {
          reported[i] = true;
          System.out.println("node-" + (i + 1) + " (pid " + p.pid() + ") exited with status " + p.exitValue() + "; not restarted (restart it with: lazaret node start --config " + data.resolve("node-" + (i + 1)).resolve("node.conf") + ")");
          System.out.flush();
        }
      }
      sleep(500);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true, description = "Print the cluster's leader, each node's role, height, lag and state root, whether the chains agree, any divergence, and the membership on the ledger. Exits 1 when chains disagree or a node diverged.")
  static final class Status implements Runnable {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Any node's URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Override
    public void run() {
      JsonNode s = Remote.call(() -> Remote.client(node).get("/v1/cluster"));
      Remote.print(s);
      if (s.has("chainsAgree") && !s.path("chainsAgree").asBoolean()) {
        throw new Main.Failure(1, "the nodes' chains disagree at height " + s.path("comparedHeight").asLong());
      }
      if (s.path("diverged").asBoolean()) {
        throw new Main.Failure(1, "a node has diverged from the majority's chain; see its 'divergence' above");
      }
    }
  }
}
