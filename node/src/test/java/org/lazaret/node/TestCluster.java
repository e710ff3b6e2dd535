package org.lazaret.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.lazaret.consensus.raft.RaftConfig;
import org.lazaret.consensus.raft.RaftMember;
import org.lazaret.consensus.raft.RaftTransport;
import org.lazaret.core.Limits;
import org.lazaret.core.LoopbackPorts;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.node.cluster.ClusterConfig;
import org.lazaret.node.execution.BlockApplier;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.sdk.LazaretClient;

/**
 * Several whole nodes in one JVM ordering through Raft on loopback (plaintext), each on its own
 * data folder and ports, for tests that need a node's internals (a fault seam, its store) next to
 * the cluster's behaviour. The process-level tests in the cli module run the real command instead.
 * A halt fails the test; every node is closed by {@link #close()}.
 */
final class TestCluster implements AutoCloseable {
  static final String CHAIN = "cluster-test";
  final KeyPair demo = KeyPair.deterministic("cluster-test-demo");
  final Path dir;
  final List<String> ids = new ArrayList<>();
  final Map<String, NodeConfig> configs = new LinkedHashMap<>();
  final Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
  final Map<String, Node> nodes = new LinkedHashMap<>();
  private volatile Throwable halted;

  /**
   * Starts {@code size} nodes {@code node-1..N}; {@code tune} adjusts each Raft configuration and
   * {@code faults} gives each node its execution seam.
   */
  TestCluster(Path dir, int size, long checkpointIntervalBlocks, UnaryOperator<RaftConfig> tune, Map<String, BlockApplier.Faults> faults) throws IOException {
    this.dir = dir;
    List<RaftMember> members = new ArrayList<>();
    Map<String, String> apis = new LinkedHashMap<>();
    for (int i = 1; i <= size; i++) {
      String id = "node-" + i;
      ids.add(id);
      members.add(new RaftMember(id, "127.0.0.1", LoopbackPorts.free()));
      int api = LoopbackPorts.free();
      apis.put(id, "http://127.0.0.1:" + api);
      configs.put(id, new NodeConfig(dir.resolve(id), "127.0.0.1", api, 20, Limits.BLOCK_TX_COUNT_MAX, NodeConfig.MEMPOOL_TX_COUNT_DEFAULT));
    }
    String genesis = Genesis.demo(CHAIN, 1_700_000_000_000L, demo.publicKey(), Map.of()).document().toString();
    for (String id : ids) {
      NodeConfig c = configs.get(id);
      Files.createDirectories(c.dataDir());
      Files.writeString(c.genesisFile(), genesis);
      RaftConfig raft = tune.apply(RaftConfig.of(id, CHAIN, members, c.dataDir().resolve("raft"), new RaftTransport.Plaintext()));
      clusters.put(id, new ClusterConfig(raft, apis, checkpointIntervalBlocks));
    }
    try {
      for (String id : ids) {
        start(id, faults.getOrDefault(id, BlockApplier.Faults.NONE));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  Node start(String id, BlockApplier.Faults faults) {
    Node n = Node.start(configs.get(id), Optional.of(clusters.get(id)), List.of(), (why, cause) -> halted = new AssertionError(id + " halted: " + why, cause), faults);
    nodes.put(id, n);
    return n;
  }

  void stop(String id) {
    Node n = nodes.remove(id);
    if (n != null) {
      n.close();
    }
  }

  LazaretClient client(String id) {
    return new LazaretClient(clusters.get(id).apiUrls().get(id));
  }

  static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // a node not answering yet is what some waits are for
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  void assertNotHalted() {
    if (halted != null) {
      throw new AssertionError(halted);
    }
  }

  @Override
  public void close() {
    for (Node n : nodes.values()) {
      n.close();
    }
    nodes.clear();
  }
}
