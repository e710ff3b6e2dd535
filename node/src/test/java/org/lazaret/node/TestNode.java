package org.lazaret.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.storage.LedgerStore;

/**
 * A node on a temporary data folder with the demo genesis, for tests: the demo key holds every
 * role and 1,000,000 tokens; one more organisation is administered by {@link #hospital}. A halt
 * fails the test instead of exiting the JVM.
 */
public final class TestNode implements AutoCloseable {
  public static final String CHAIN = "test-chain";
  public final KeyPair demo = KeyPair.deterministic("test-demo");
  public final KeyPair hospital = KeyPair.deterministic("test-hospital");
  public final Path dir;
  public final NodeConfig config;
  private final List<Function<LedgerStore, ApiModule>> modules;
  public Node node;
  private volatile Throwable halted;

  public TestNode(Path dir, NodeConfig config) throws IOException {
    this(dir, config, List.of());
  }

  /** A node serving these domain API modules besides the core API. */
  public TestNode(Path dir, NodeConfig config, List<Function<LedgerStore, ApiModule>> modules) throws IOException {
    this.dir = dir;
    this.config = config;
    this.modules = List.copyOf(modules);
    if (!Files.exists(config.genesisFile())) {
      Files.createDirectories(dir);
      Genesis g = Genesis.demo(CHAIN, 1_700_000_000_000L, demo.publicKey(), Map.of("city-hospital", hospital.publicKey()));
      Files.writeString(config.genesisFile(), g.document().toString());
    }
    start();
  }

  public static TestNode start(Path dir) throws IOException {
    return start(dir, List.of());
  }

  public static TestNode start(Path dir, List<Function<LedgerStore, ApiModule>> modules) throws IOException {
    return new TestNode(dir, new NodeConfig(dir, "127.0.0.1", 0, 20, org.lazaret.core.Limits.BLOCK_TX_COUNT_MAX, org.lazaret.core.Limits.MEMPOOL_TX_COUNT_MAX), modules);
  }

  public void start() {
    node = Node.start(config, modules, (why, cause) -> halted = new AssertionError("node halted: " + why, cause));
  }

  public void restart() {
    node.close();
    start();
  }

  public String url() {
    return node.url();
  }

  /** Fails when the node halted during the test. */
  public void assertNotHalted() {
    if (halted != null) {
      throw new AssertionError(halted);
    }
  }

  @Override
  public void close() {
    node.close();
    assertNotHalted();
  }
}
