package org.lazaret.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lazaret.core.LoopbackPorts;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.cluster.NetworkFiles;
import org.lazaret.sdk.LazaretClient;

/**
 * The nodes a benchmark loads: one node, or a Raft cluster of node processes written as {@code
 * network init} writes one (mutual TLS), each started fresh on the transfers' genesis in a
 * temporary folder that closing deletes. Keeps its own cursor into the pre-signed transfers, so
 * several windows against one target never send a transfer twice.
 */
final class BenchTarget implements AutoCloseable {
  final List<String> urls = new ArrayList<>();
  final List<Process> processes = new ArrayList<>();
  private final Path dir;
  private final PresignedTransfers load;
  private TransferCursor cursor;

  private BenchTarget(Path dir, PresignedTransfers load) {
    this.dir = dir;
    this.load = load;
  }

  static BenchTarget single(PresignedTransfers load) throws Exception {
    BenchTarget t = new BenchTarget(Files.createTempDirectory("lazaret-bench"), load);
    try {
      NodeConfig cfg = NodeConfig.defaults(t.dir, 0);
      Files.writeString(cfg.genesisFile(), load.genesis(System.currentTimeMillis()).toString());
      Path log = t.dir.resolve("node.log");
      t.processes.add(BenchNode.launch(log, t.dir.toString(), "0"));
      t.urls.add(BenchNode.awaitApi(t.processes.get(0), log));
      return t;
    } catch (Exception | Error e) {
      t.close();
      throw e;
    }
  }

  static BenchTarget cluster(PresignedTransfers load, int nodes) throws Exception {
    BenchTarget t = new BenchTarget(Files.createTempDirectory("lazaret-cluster-bench"), load);
    try {
      List<NetworkFiles.NodeSpec> specs = new ArrayList<>();
      for (int i = 1; i <= nodes; i++) {
        specs.add(new NetworkFiles.NodeSpec("node-" + i, "127.0.0.1", LoopbackPorts.free(), LoopbackPorts.free()));
      }
      NetworkFiles.create(t.dir, PresignedTransfers.CHAIN_ID, load.genesis(System.currentTimeMillis()).toString(), specs, Map.of());
      List<Path> logs = specs.stream().map(s -> NetworkFiles.nodeDir(t.dir, s.id()).resolve("node.log")).toList();
      for (int i = 0; i < specs.size(); i++) {
        t.processes.add(BenchNode.launch(logs.get(i), "--config", NetworkFiles.confFile(t.dir, specs.get(i).id()).toString()));
      }
      for (int i = 0; i < specs.size(); i++) {
        t.urls.add(BenchNode.awaitApi(t.processes.get(i), logs.get(i)));
      }
      t.awaitLeader(Duration.ofSeconds(60));
      return t;
    } catch (Exception | Error e) {
      t.close();
      throw e;
    }
  }

  LoadGenerator.Measurement measure(LoadGenerator.Window window, PrintStream out) throws Exception {
    if (cursor == null) {
      cursor = new TransferCursor(load, urls.size());
    }
    return LoadGenerator.run(load, cursor, urls, processes.stream().map(Process::pid).toList(), window, out);
  }

  /** The leader's id once the first node names one. */
  String awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String leader = new LazaretClient(urls.get(0)).get("/v1/cluster/self").path("leader").asText("");
        if (!leader.isEmpty()) {
          return leader;
        }
      } catch (RuntimeException notYet) {
        // still electing
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no leader within " + timeout.toSeconds() + " s");
  }

  /** Waits (up to {@code timeout}) until no node holds pending transfers. */
  void awaitDrained(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && urls.stream().anyMatch(u -> new LazaretClient(u).health().path("mempool").asLong() > 0)) {
      Thread.sleep(100);
    }
  }

  void printPhases(PrintStream out) throws IOException, InterruptedException {
    for (String url : urls) {
      out.println("-- " + url);
      SingleNodeBench.printPhases(url, out);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    processes.forEach(Process::destroy);
    for (Process p : processes) {
      p.waitFor();
    }
    SingleNodeBench.deleteTree(dir);
  }
}
