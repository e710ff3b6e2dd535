package org.lazaret.node.datahub;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.lazaret.casedata.CaseDataFormatException;
import org.lazaret.casedata.ProgressListener;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.sdk.LazaretClient;
import org.lazaret.storage.LedgerStore;

/**
 * A node with the data hub on a temporary folder and the demo genesis (the demo key publishes and
 * curates), plus the publishing steps a client takes: plan, sign with consecutive nonces, submit,
 * wait. A halt fails the test.
 */
public final class DataHubNode implements AutoCloseable {
  public static final String CHAIN = "datahub-chain";
  public static final String ECDC = "casedata/owid/public/data/ecdc/total_cases.csv";
  public static final String WHO = "casedata/owid/public/data/who/full_data.csv";
  public final KeyPair demo = KeyPair.deterministic("datahub-demo");
  public final Node node;
  public final LazaretClient client;

  public DataHubNode(Path dir) throws IOException {
    NodeConfig config = new NodeConfig(dir, "127.0.0.1", 0, 20, org.lazaret.core.Limits.BLOCK_TX_COUNT_MAX, org.lazaret.core.Limits.MEMPOOL_TX_COUNT_MAX);
    Files.createDirectories(dir);
    Genesis g = Genesis.demo(CHAIN, 1_700_000_000_000L, demo.publicKey(), Map.of("city-hospital", KeyPair.deterministic("datahub-hospital").publicKey()));
    Files.writeString(config.genesisFile(), g.document().toString());
    List<Function<LedgerStore, ApiModule>> modules = List.of(DataHubApi::new);
    node = Node.start(config, modules, (why, cause) -> {
      throw new AssertionError("node halted: " + why, cause);
    });
    client = new LazaretClient(node.url());
  }

  public String url() {
    return node.url();
  }

  public static byte[] resource(String path) {
    try (InputStream in = DataHubNode.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Publishes a test resource as {@code source}; returns the release id once closed. */
  public String publish(String resource, String source) {
    try {
      ReleasePlan plan = ReleasePlan.of(resource(resource), new ReleasePlan.Meta(source, resource, "see casedata/README.md", Optional.empty()), ProgressListener.NONE);
      return submit(plan);
    } catch (CaseDataFormatException e) {
      throw new AssertionError(e);
    }
  }

  /** Signs and submits a plan's calls, waits for all, and requires every one applied. */
  public String submit(ReleasePlan plan) {
    String chain = client.health().path("chainId").asText();
    long nonce = client.account(demo.publicKey()).path("nextNonce").asLong();
    long expires = System.currentTimeMillis() + 600_000;
    List<SignedTransaction> txs = new ArrayList<>();
    SignedTransaction open = Transaction.of(chain, demo.publicKey(), nonce++, "data", "openRelease", plan.openRelease(), expires).sign(demo);
    txs.add(open);
    String release = open.id().hex();
    for (int i = 0; i < plan.addSeries().size(); i++) {
      txs.add(Transaction.of(chain, demo.publicKey(), nonce++, "data", "addSeries", plan.addSeriesArgs(i, release), expires).sign(demo));
    }
    txs.add(Transaction.of(chain, demo.publicKey(), nonce, "data", "closeRelease", plan.closeReleaseArgs(release), expires).sign(demo));
    JsonNode results = client.submitBatch(txs);
    for (JsonNode r : results) {
      assertThat(r.path("status").asText()).as(r.toString()).isEqualTo("pending");
    }
    for (SignedTransaction tx : txs) {
      JsonNode s = client.await(tx.id(), Duration.ofSeconds(60));
      assertThat(s.path("receipt").path("success").asBoolean()).as(s.toString()).isTrue();
    }
    return release;
  }

  @Override
  public void close() {
    node.close();
  }
}
