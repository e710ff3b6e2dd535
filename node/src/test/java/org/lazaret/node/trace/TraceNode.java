package org.lazaret.node.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.sdk.LazaretClient;
import org.lazaret.storage.LedgerStore;

/**
 * A node with every trace module on a temporary folder and the demo genesis (the demo key holds
 * every trace role), loaded with the sample vaccine chain starting at {@link #START}. A halt fails
 * the test.
 */
public final class TraceNode implements AutoCloseable {
  public static final Instant START = Instant.parse("2024-03-01T06:00:00Z");
  public final KeyPair demo = KeyPair.deterministic("trace-demo");
  public final Node node;
  public final LazaretClient client;

  public TraceNode(Path dir) throws IOException {
    NodeConfig config = new NodeConfig(dir, "127.0.0.1", 0, 20, Limits.BLOCK_TX_COUNT_MAX, Limits.MEMPOOL_TX_COUNT_MAX);
    Files.createDirectories(dir);
    Genesis g = Genesis.demo("trace-chain", 1_700_000_000_000L, demo.publicKey(), Map.of("vaccine-distributor", KeyPair.deterministic("trace-distributor").publicKey()));
    Files.writeString(config.genesisFile(), g.document().toString());
    List<Function<LedgerStore, ApiModule>> modules = new ArrayList<>(List.of(TraceApi::new));
    modules.addAll(TraceModules.views());
    node = Node.start(config, modules, (why, cause) -> {
      throw new AssertionError("node halted: " + why, cause);
    });
    client = new LazaretClient(node.url());
  }

  /** Submits the sample chain's calls and requires every one applied. */
  public TraceNode loadSample() {
    List<Hash32> ids = new ArrayList<>();
    for (SampleVaccineChain.Call c : new SampleVaccineChain(START).calls()) {
      ids.add(client.submit(client.sign(demo, "trace", c.method(), c.args(), Duration.ofMinutes(5))));
    }
    for (Hash32 id : ids) {
      JsonNode s = client.await(id, Duration.ofSeconds(60));
      assertThat(s.path("receipt").path("success").asBoolean()).as(s.toString()).isTrue();
    }
    return this;
  }

  public String url() {
    return node.url();
  }

  @Override
  public void close() {
    node.close();
  }
}
