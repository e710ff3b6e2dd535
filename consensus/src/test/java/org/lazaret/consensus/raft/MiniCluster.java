package org.lazaret.consensus.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.lazaret.core.LoopbackPorts;

/**
 * Several {@link RaftOrdering} nodes in one JVM on loopback, each with a {@link RecordingSink},
 * after Ratis's own MiniRaftCluster: start, stop (close) and restart nodes on their storage, add
 * new ones, wait for conditions with a deadline, and describe every node's state when a wait
 * fails. Always closed by the test (try-with-resources), so no server outlives its test.
 */
final class MiniCluster implements AutoCloseable {
  static final String GROUP = "lazaret-test";

  /** One node: its identity and storage survive restarts; its ordering and sink are replaced. */
  final class Node {
    final String id;
    final int port;
    final Path dir;
    final RaftTransport transport;
    final SnapshotFetcher fetcher;
    volatile RecordingSink sink;
    volatile RaftOrdering ordering;
    volatile boolean running;
    List<RaftMember> startMembers;

    private Node(String id, int port, RaftTransport transport, SnapshotFetcher fetcher) {
      this.id = id;
      this.port = port;
      this.dir = root.resolve(id);
      this.transport = transport;
      this.fetcher = fetcher;
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      this.sink = new RecordingSink(dir.resolve("applied-position"));
    }

    RaftMember member() {
      return new RaftMember(id, "127.0.0.1", port);
    }

    RaftConfig config() {
      return tune.apply(RaftConfig.of(id, GROUP, startMembers, dir.resolve("raft"), transport));
    }

    void start() {
      ordering = new RaftOrdering(config(), fetcher, id -> Optional.ofNullable(pins.get(id)));
      ordering.start(sink);
      running = true;
    }

    void stop() {
      running = false;
      ordering.close();
    }

    ClusterStatus status() {
      return ordering.status();
    }

    @Override
    public String toString() {
      RaftOrdering o = ordering;
      return id + (running ? "" : " (stopped)") + " sink=" + sink.applied().size() + "@" + sink.appliedPosition()
          + (o == null ? "" : " " + o.status() + o.failure().map(f -> " FAILED " + f).orElse(""));
    }
  }

  private final Path root;
  private final UnaryOperator<RaftConfig> tune;
  private final Function<String, RaftTransport> transports;
  private final Map<String, Node> nodes = new TreeMap<>();
  /** Certificate fingerprints every node demands of a peer (TLS clusters), as governance would pin them. */
  final Map<String, String> pins = new java.util.concurrent.ConcurrentHashMap<>();

  private MiniCluster(Path root, Function<String, RaftTransport> transports, UnaryOperator<RaftConfig> tune) {
    this.root = root;
    this.transports = transports;
    this.tune = tune;
  }

  static MiniCluster plaintext(Path root, int size) {
    return start(root, size, id -> new RaftTransport.Plaintext(), c -> c);
  }

  /** Starts {@code size} nodes {@code node1..nodeN} as one group and waits for a leader. */
  static MiniCluster start(Path root, int size, Function<String, RaftTransport> transports, UnaryOperator<RaftConfig> tune) {
    MiniCluster c = new MiniCluster(root, transports, tune);
    try {
      for (int i = 1; i <= size; i++) {
        String id = "node" + i;
        c.nodes.put(id, c.new Node(id, LoopbackPorts.free(), transports.apply(id), c.copyingFetcher(id)));
      }
      List<RaftMember> members = c.nodes.values().stream().map(Node::member).toList();
      for (Node n : c.nodes.values()) {
        n.startMembers = members;
        n.start();
      }
      c.awaitLeader(Duration.ofSeconds(30));
      return c;
    } catch (RuntimeException | Error e) {
      c.close();
      throw e;
    }
  }

  /**
   * What the node does behind a compacted log, done in memory: copy what the leader's sink applied
   * up to the leader's latest snapshot point, and name that point.
   */
  SnapshotFetcher copyingFetcher(String id) {
    return (leader, minimumIndex) -> {
      Node source = nodes.get(leader.id());
      SnapshotPoint point = source.status().latestSnapshot().orElseThrow();
      nodes.get(id).sink.importFrom(source.sink, point.index());
      return point;
    };
  }

  /** Starts a node outside the group (listing the current members plus itself), ready for addPeer. */
  Node startJoining(String id, SnapshotFetcher fetcher) {
    return startJoining(id, transports.apply(id), fetcher);
  }

  /** As {@link #startJoining(String, SnapshotFetcher)}, with transport material of the test's choosing. */
  Node startJoining(String id, RaftTransport transport, SnapshotFetcher fetcher) {
    return startJoining(id, transport, fetcher, LoopbackPorts.free());
  }

  /** As above on a given port (Ratis keeps the address it first learnt for a peer id). */
  Node startJoining(String id, RaftTransport transport, SnapshotFetcher fetcher, int port) {
    Node n = new Node(id, port, transport, fetcher);
    List<RaftMember> members = new ArrayList<>(running().get(0).status().members());
    members.add(n.member());
    n.startMembers = members;
    nodes.put(id, n);
    n.start();
    return n;
  }

  Node node(String id) {
    return nodes.get(id);
  }

  List<Node> running() {
    return nodes.values().stream().filter(n -> n.running).toList();
  }

  /** The running node that leads, once all running nodes agree on it. */
  Node awaitLeader(Duration timeout) {
    await(timeout, "a leader all running nodes agree on", () -> agreedLeader().isPresent());
    return agreedLeader().orElseThrow();
  }

  private Optional<Node> agreedLeader() {
    List<Node> live = running();
    Optional<Node> leader = live.stream().filter(n -> n.status().role() == ClusterStatus.Role.LEADER).findFirst();
    if (leader.isEmpty()) {
      return Optional.empty();
    }
    for (Node n : live) {
      if (!n.status().leaderId().equals(Optional.of(leader.get().id))) {
        return Optional.empty();
      }
    }
    return leader;
  }

  Node aFollower() {
    Node leader = awaitLeader(Duration.ofSeconds(30));
    return running().stream().filter(n -> n != leader).findFirst().orElseThrow();
  }

  void stop(String id) {
    nodes.get(id).stop();
  }

  /** Restarts a stopped node on its storage, with its block store as it was on disk. */
  Node restart(String id) {
    Node n = nodes.get(id);
    n.sink = n.sink.reopened();
    n.start();
    return n;
  }

  /** Waits until each of {@code which} has applied exactly {@code count} batches. */
  void awaitApplied(List<Node> which, int count, Duration timeout) {
    await(timeout, "every node in " + which.stream().map(n -> n.id).toList() + " to apply " + count + " batches",
        () -> which.stream().allMatch(n -> n.sink.applied().size() >= count));
  }

  void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what + "\n" + describe());
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  String describe() {
    StringBuilder b = new StringBuilder();
    for (Node n : nodes.values()) {
      b.append("  ").append(n).append('\n');
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (Node n : nodes.values()) {
      if (n.ordering != null) {
        n.running = false;
        n.ordering.close();
      }
    }
  }
}
