package org.lazaret.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.execution.BlockApplier;
import org.lazaret.sdk.ApiException;
import org.lazaret.sdk.LazaretClient;
import org.lazaret.storage.StoreFailure;

/**
 * A node whose state root differs from the others' stops and says so, while the others go on.
 * Method: three whole nodes in one JVM over Raft; node-3 is given a fault seam that adds one state
 * write to every block from height {@value #FAULT_FROM} on, so it computes a genuinely different
 * (internally consistent) state. Checkpoints go into the log after every block. Transfers are sent
 * through node-1 until node-3 reports the divergence; then its health and every chain query answer
 * 503 naming the height and both roots, its finding is on disk, the other two keep committing and
 * list node-3 as diverged, and node-3 refuses to start again on the same data.
 */
@Timeout(180)
class ClusterDivergenceTest {
  static final long FAULT_FROM = 3;
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final KeyPair RECIPIENT = KeyPair.deterministic("divergence-recipient");

  /** Shared with the dashboard's cluster page test, which shows the same divergence. */
  static final BlockApplier.Faults EXTRA_WRITE = (height, computed) -> {
    if (height < FAULT_FROM) {
      return computed;
    }
    SortedMap<String, Optional<Bytes>> altered = new TreeMap<>(computed);
    altered.put("token/divergence-test", Optional.of(Bytes.of(Long.toString(height).getBytes())));
    return altered;
  };

  private long nonce;
  private Optional<Hash32> last = Optional.empty();

  private Hash32 transfer(TestCluster cluster, LazaretClient via) {
    // A client moving to another node first waits for its previous transaction there: until that
    // node has applied the block, it rightly refuses the next nonce as a gap.
    last.ifPresent(previous -> assertThat(via.await(previous, WAIT).path("status").asText()).isEqualTo("committed"));
    SignedTransaction tx = Transaction.of(TestCluster.CHAIN, cluster.demo.publicKey(), nonce++, "token", "transfer",
        CanonicalJson.object().put("to", RECIPIENT.publicKey().hex()).put("amount", 1), System.currentTimeMillis() + 600_000).sign(cluster.demo);
    Hash32 id = via.submit(tx);
    assertThat(via.await(id, WAIT).path("status").asText()).isEqualTo("committed");
    last = Optional.of(id);
    return id;
  }

  private static Optional<JsonNode> divergenceReported(LazaretClient node) {
    try {
      node.health();
      return Optional.empty();
    } catch (ApiException e) {
      return e.status() == 503 ? Optional.of(e.problem()) : Optional.empty();
    }
  }

  @Test
  void aNodeWithADifferentStateRootStopsServingAndTheOthersGoOn(@TempDir Path dir) throws Exception {
    try (TestCluster cluster = new TestCluster(dir, 3, 1, c -> c, Map.of("node-3", EXTRA_WRITE))) {
      LazaretClient one = cluster.client("node-1");
      LazaretClient two = cluster.client("node-2");
      LazaretClient three = cluster.client("node-3");
      TestCluster.await(WAIT, "every node to serve and know a leader", () -> cluster.ids.stream()
          .allMatch(id -> !cluster.client(id).get("/v1/cluster/self").path("leader").isNull()));

      for (int i = 0; i < 40 && divergenceReported(three).isEmpty(); i++) {
        transfer(cluster, one);
      }
      TestCluster.await(WAIT, "node-3 to report its divergence", () -> divergenceReported(three).isPresent());

      JsonNode health = divergenceReported(three).orElseThrow();
      assertThat(health.path("status").asText()).isEqualTo("diverged");
      assertThat(health.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      JsonNode problem = health.path("problem");
      long height = problem.path("height").asLong();
      assertThat(height).isGreaterThanOrEqualTo(FAULT_FROM);
      String expected = one.block(height).path("header").path("stateRoot").asText();
      String actual = cluster.nodes.get("node-3").store().block(height).orElseThrow().header().stateRoot().hex();
      assertThat(expected).isNotEqualTo(actual);
      assertThat(problem.path("expectedStateRoot").asText()).isEqualTo(expected);
      assertThat(problem.path("actualStateRoot").asText()).isEqualTo(actual);
      assertThat(problem.path("majority")).extracting(JsonNode::asText).containsExactly("node-1", "node-2");

      // Every chain query is refused with the same problem; the cluster status still answers.
      for (String path : new String[] {"/v1/blocks/latest", "/v1/state/token/supply", "/v1/accounts/" + RECIPIENT.publicKey().hex()}) {
        assertThatThrownBy(() -> three.get(path)).as(path).isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.code()).isEqualTo("DIVERGED");
          assertThat(e.problem().path("height").asLong()).isEqualTo(height);
          assertThat(e.problem().path("expectedStateRoot").asText()).isEqualTo(expected);
          assertThat(e.problem().path("actualStateRoot").asText()).isEqualTo(actual);
          assertThat(e.problem().path("detail").asText()).contains("height " + height).contains(expected).contains(actual);
        });
      }
      assertThat(three.get("/v1/cluster/self").path("diverged").asBoolean()).isTrue();
      assertThat(Files.readString(cluster.configs.get("node-3").dataDir().resolve("divergence.json"))).contains(expected).contains(actual);

      // The other two go on and agree with each other.
      long before = one.health().path("height").asLong();
      for (int i = 0; i < 4; i++) {
        transfer(cluster, i % 2 == 0 ? one : two);
      }
      TestCluster.await(WAIT, "node-1 and node-2 at the same height", () -> one.health().path("height").asLong() == two.health().path("height").asLong());
      long top = one.health().path("height").asLong();
      assertThat(top).isGreaterThan(before);
      assertThat(two.block(top).path("hash").asText()).isEqualTo(one.block(top).path("hash").asText());
      assertThat(one.state("token/supply").orElseThrow().path("value").asLong()).isEqualTo(1_000_000L);
      TestCluster.await(WAIT, "node-1 to list node-3 as diverged", () -> {
        JsonNode status = one.get("/v1/cluster");
        return status.path("diverged").asBoolean() && nodeEntry(status, "node-3").path("diverged").asBoolean();
      });
      assertThat(nodeEntry(one.get("/v1/cluster"), "node-1").path("diverged").asBoolean()).isFalse();
      cluster.assertNotHalted();

      // Restarting the diverged node on the same data is refused, naming the record.
      cluster.stop("node-3");
      assertThatThrownBy(() -> cluster.start("node-3", BlockApplier.Faults.NONE))
          .isInstanceOf(StoreFailure.class)
          .hasMessageContaining("diverged at height " + height)
          .hasMessageContaining("divergence.json");
    }
  }

  private static JsonNode nodeEntry(JsonNode status, String id) {
    for (JsonNode n : status.path("nodes")) {
      if (n.path("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError(id + " not in " + status);
  }
}
