package org.lazaret.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.sdk.LazaretClient;

/**
 * A cluster of node processes on loopback as an operator runs it ('network init', then 'node start
 * --config' per node, mutual TLS), with what fault tests need: SIGKILL and restart a node, cut one
 * off through {@link TcpProxy}s in front of every Raft port and heal it, and check after each fault
 * that the chains are identical block by block, the state roots equal, every acknowledged
 * transaction present and the token supply unchanged. Node logs stay in each node's folder.
 */
final class ProcessCluster implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(60);

  final Path net;
  /** Nodes started so far, numbered 1..size; a node added later gets the next number. */
  int size;
  private final List<Process> processes = new ArrayList<>();
  private final List<TcpProxy> proxies = new ArrayList<>();
  final TcpProxy.Partition partition = new TcpProxy.Partition();
  final List<LazaretClient> clients = new ArrayList<>();

  /**
   * Writes a network of {@code size} nodes in {@code dir}/net with {@code tuning} in every node.conf,
   * puts a proxy in front of every Raft port when {@code proxied}, and starts every node.
   */
  ProcessCluster(Path dir, int size, boolean proxied, Map<String, String> tuning) throws Exception {
    this.net = dir.resolve("net");
    this.size = size;
    int base = freeBase(size);
    NetworkCommand.create(net, size, "127.0.0.1", base, base + 1000, "lazaret-cluster", tuning);
    if (proxied) {
      List<String> members = new ArrayList<>();
      for (int i = 1; i <= size; i++) {
        members.add("node-" + i + "@127.0.0.1:" + (base + 2000 + i - 1));
      }
      for (int i = 1; i <= size; i++) {
        Path conf = conf(i);
        String text = Files.readString(conf).replaceAll("(?m)^cluster\\.members=.*$", "cluster.members=" + String.join(",", members));
        Files.writeString(conf, text + "cluster.raft.listen.port=" + (base + 1000 + i - 1) + "\n");
        proxies.add(new TcpProxy("node-" + i, base + 2000 + i - 1, base + 1000 + i - 1, partition));
      }
    }
    try {
      for (int i = 1; i <= size; i++) {
        processes.add(null);
        clients.add(new LazaretClient("http://127.0.0.1:" + (base + i - 1)));
        start(i);
        int node = i;
        partition.node("node-" + i, () -> processes.get(node - 1).pid());
      }
      for (int i = 1; i <= size; i++) {
        awaitServing(i);
      }
      await(WAIT, "a leader every node knows", () -> leader().isPresent());
    } catch (Exception | Error e) {
      close();
      throw e;
    }
  }

  Path conf(int i) {
    return net.resolve("node-" + i).resolve("node.conf");
  }

  LazaretClient client(int i) {
    return clients.get(i - 1);
  }

  /** Starts node {@code i} (1-based) on its configuration and data. */
  void start(int i) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx384m", "-Dlogback.configurationFile=logback-node.xml", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "node", "start", "--config", conf(i).toString()));
    Path log = net.resolve("node-" + i).resolve("node.log");
    processes.set(i - 1, new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  void kill(int i) throws InterruptedException {
    Process p = processes.get(i - 1);
    p.destroyForcibly();
    p.waitFor();
  }

  void awaitServing(int i) throws InterruptedException {
    await(WAIT, "node-" + i + " to serve", () -> {
      assertThat(processes.get(i - 1).isAlive()).as("node-%d alive (see %s)", i, net.resolve("node-" + i).resolve("node.log")).isTrue();
      return client(i).health().path("status").asText().equals("ok");
    });
  }

  /** The leader's index, once every live node names the same one. */
  Optional<Integer> leader() {
    String leader = null;
    for (int i = 1; i <= size; i++) {
      if (!processes.get(i - 1).isAlive()) {
        continue;
      }
      JsonNode self = client(i).get("/v1/cluster/self");
      String l = self.path("leader").asText("");
      if (l.isEmpty() || (leader != null && !leader.equals(l))) {
        return Optional.empty();
      }
      leader = l;
    }
    return leader == null ? Optional.empty() : Optional.of(Integer.parseInt(leader.substring("node-".length())));
  }

  int awaitLeader() throws InterruptedException {
    await(WAIT, "a leader every live node knows", () -> leader().isPresent());
    return leader().orElseThrow();
  }

  /** Starts the node whose folder 'network add-node' wrote ({@code net/node-<size+1>}); returns its number. */
  int join() throws IOException {
    int i = size + 1;
    java.util.Properties conf = new java.util.Properties();
    try (var r = Files.newBufferedReader(conf(i))) {
      conf.load(r);
    }
    processes.add(null);
    clients.add(new LazaretClient("http://127.0.0.1:" + conf.getProperty("api.port").strip()));
    start(i);
    size = i;
    partition.node("node-" + i, () -> processes.get(i - 1).pid());
    return i;
  }

  List<Integer> all() {
    List<Integer> out = new ArrayList<>();
    for (int i = 1; i <= size; i++) {
      out.add(i);
    }
    return out;
  }

  /** As {@link #assertConsistent(List, Collection, List, long)} for every node. */
  void assertConsistent(Collection<Hash32> acknowledged, List<PublicKey> holders, long supply) throws InterruptedException {
    assertConsistent(all(), acknowledged, holders, supply);
  }

  /**
   * What must hold after every fault: all {@code nodes} at one height with the same block hash at
   * every height (so the same transactions and the same state roots, which the hashes commit to),
   * the same state root at the head, every acknowledged transaction in that chain and reported
   * committed by every node, and the tokens of {@code holders} adding up to the supply.
   */
  void assertConsistent(List<Integer> nodes, Collection<Hash32> acknowledged, List<PublicKey> holders, long supply) throws InterruptedException {
    LazaretClient first = client(nodes.get(0));
    await(WAIT, () -> "nodes " + nodes + " at the same height; now " + views(nodes), () -> {
      long h = first.health().path("height").asLong();
      for (int i : nodes) {
        if (client(i).health().path("height").asLong() != h) {
          return false;
        }
      }
      return true;
    });
    long top = first.health().path("height").asLong();
    List<String> reference = hashes(first, top);
    for (int i : nodes) {
      assertThat(hashes(client(i), top)).as("block hashes of node-%d against node-%d, heights 0..%d", i, nodes.get(0), top).isEqualTo(reference);
      assertThat(client(i).block(top).path("header").path("stateRoot").asText()).as("state root of node-%d at %d", i, top)
          .isEqualTo(first.block(top).path("header").path("stateRoot").asText());
    }
    Set<String> inChain = new HashSet<>();
    for (long h = 1; h <= top; h++) {
      first.block(h).path("transactions").forEach(t -> inChain.add(t.asText()));
    }
    for (Hash32 id : acknowledged) {
      assertThat(inChain).as("acknowledged transaction %s in the chain", id).contains(id.hex());
    }
    List<Hash32> recent = new ArrayList<>(acknowledged).subList(Math.max(0, acknowledged.size() - 20), acknowledged.size());
    for (int i : nodes) {
      for (Hash32 id : recent) {
        assertThat(client(i).status(id).path("status").asText()).as("%s on node-%d", id, i).isEqualTo("committed");
      }
      assertThat(client(i).state("token/supply").orElseThrow().path("value").asLong()).as("supply on node-%d", i).isEqualTo(supply);
      long sum = 0;
      for (PublicKey k : holders) {
        sum += client(i).state("token/balance/" + k.hex()).map(v -> v.path("value").asLong()).orElse(0L);
      }
      assertThat(sum).as("tokens held on node-%d", i).isEqualTo(supply);
    }
  }

  /** Block hashes at heights 0..top, read in pages of the block list. */
  private static List<String> hashes(LazaretClient c, long top) {
    List<String> out = new ArrayList<>();
    long before = top + 1;
    while (before > 0) {
      JsonNode page = c.get("/v1/blocks?before=" + before + "&limit=1000").path("blocks");
      for (JsonNode b : page) {
        out.add(b.path("height").asLong() + ":" + b.path("hash").asText());
      }
      before = page.get(page.size() - 1).path("height").asLong();
    }
    return out;
  }

  /**
   * Each node's own view (height, role, leader, agreement), for a failure message; a node behind
   * the others adds the last lines of its log about leaders, snapshots and errors, since a test
   * that fails on a shared machine leaves nothing else to read.
   */
  String views(List<Integer> nodes) {
    Map<Integer, JsonNode> selves = new TreeMap<>();
    Map<Integer, String> unreachable = new TreeMap<>();
    for (int i : nodes) {
      try {
        selves.put(i, client(i).get("/v1/cluster/self"));
      } catch (RuntimeException e) {
        unreachable.put(i, e.getMessage());
      }
    }
    long top = selves.values().stream().mapToLong(self -> self.path("height").asLong()).max().orElse(-1);
    StringBuilder out = new StringBuilder();
    for (int i : nodes) {
      JsonNode self = selves.get(i);
      String view = self == null ? unreachable.get(i)
          : self.path("height").asLong() < top ? viewOf(self) + ", behind; its log ends: " + logTail(i)
          : viewOf(self);
      out.append(out.isEmpty() ? "" : "; ").append("node-").append(i).append(": ").append(view);
    }
    return out.toString();
  }

  private static String viewOf(JsonNode self) {
    return "height " + self.path("height").asLong() + ", " + self.path("role").asText() + ", leader " + self.path("leader").asText()
        + ", applied " + self.path("appliedIndex").asLong() + "/" + self.path("commitIndex").asLong() + ", agreed " + self.path("checkpointAgreedHeight").asLong()
        + (self.path("diverged").asBoolean() ? ", DIVERGED " + self.path("divergence") : "");
  }

  private static final Pattern TELLING = Pattern.compile("WARN|ERROR|Exception|[Ll]eader|[Ss]napshot|[Ee]lection|appendEntries");

  /** The last dozen telling lines of node {@code i}'s log, each cut to 240 characters. */
  private String logTail(int i) {
    Path log = net.resolve("node-" + i).resolve("node.log");
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      ArrayDeque<String> last = new ArrayDeque<>();
      lines.filter(l -> TELLING.matcher(l).find() && !l.contains("StateMachineUpdater")).forEach(l -> {
        if (last.size() == 12) {
          last.removeFirst();
        }
        last.addLast(l.length() > 240 ? l.substring(0, 240) : l);
      });
      return String.join(" | ", last);
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    await(timeout, () -> what, condition);
  }

  /** As {@link #await(Duration, String, BooleanSupplier)}, describing the state at the timeout. */
  static void await(Duration timeout, java.util.function.Supplier<String> what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        last = notYet;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what.get(), last);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    for (Process p : processes) {
      if (p != null) {
        p.destroy();
      }
    }
    for (Process p : processes) {
      if (p != null) {
        try {
          if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    proxies.forEach(TcpProxy::close);
  }

  /** A base port with {@code size} free ports at base, base+1000 and base+2000 (API, Raft, spare). */
  static int freeBase(int size) {
    return org.lazaret.core.LoopbackPorts.freeBase(size, 3, 1000);
  }
}
