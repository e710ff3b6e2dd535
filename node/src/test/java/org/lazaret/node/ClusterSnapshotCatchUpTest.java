package org.lazaret.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Transaction;
import org.lazaret.sdk.LazaretClient;

/**
 * A node that was down while the others compacted the Raft log past it catches up through a
 * snapshot: it imports the missing blocks from the leader's API, re-executing each, then rejoins
 * Raft. Method: three whole nodes in one JVM with a snapshot marker every 8 log entries and 1 KiB
 * log segments (so compaction really deletes the entries node-3 needs); node-3 is stopped, 30
 * transfers commit without it, node-3 restarts on its data. Then every node must hold the same block
 * hash and state root at every height, node-3 must report imported blocks (log replay alone could
 * not have brought it up), and it must take part again: a transfer sent through it commits everywhere.
 */
@Timeout(240)
class ClusterSnapshotCatchUpTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final KeyPair RECIPIENT = KeyPair.deterministic("catch-up-recipient");
  private long nonce;
  private Optional<Hash32> last = Optional.empty();

  private Hash32 transfer(TestCluster cluster, LazaretClient via) {
    // A client moving to another node first waits for its previous transaction there: until that
    // node has applied the block, it rightly refuses the next nonce as a gap.
    last.ifPresent(previous -> assertThat(via.await(previous, WAIT).path("status").asText()).isEqualTo("committed"));
    Hash32 id = via.submit(Transaction.of(TestCluster.CHAIN, cluster.demo.publicKey(), nonce++, "token", "transfer",
        CanonicalJson.object().put("to", RECIPIENT.publicKey().hex()).put("amount", 1), System.currentTimeMillis() + 600_000).sign(cluster.demo));
    assertThat(via.await(id, WAIT).path("status").asText()).isEqualTo("committed");
    last = Optional.of(id);
    return id;
  }

  @Test
  void aNodeBehindTheCompactedLogImportsVerifiedBlocksAndRejoins(@TempDir Path dir) throws Exception {
    try (TestCluster cluster = new TestCluster(dir, 3, 2, c -> c.withCompaction(8, 1024), Map.of())) {
      LazaretClient one = cluster.client("node-1");
      LazaretClient three = cluster.client("node-3");
      TestCluster.await(WAIT, "every node to know a leader", () -> cluster.ids.stream()
          .allMatch(id -> !cluster.client(id).get("/v1/cluster/self").path("leader").isNull()));
      for (int i = 0; i < 3; i++) {
        transfer(cluster, one);
      }
      TestCluster.await(WAIT, "node-3 to hold block 3", () -> three.health().path("height").asLong() >= 3);
      long stoppedAt = three.health().path("height").asLong();
      cluster.stop("node-3");

      for (int i = 0; i < 30; i++) {
        transfer(cluster, i % 2 == 0 ? one : cluster.client("node-2"));
      }
      JsonNode snapshot = one.get("/v1/cluster/snapshot");
      assertThat(snapshot.path("height").asLong()).as("the leader's snapshot is past node-3's head").isGreaterThan(stoppedAt + 10);

      cluster.start("node-3", org.lazaret.node.execution.BlockApplier.Faults.NONE);
      TestCluster.await(WAIT, "node-3 to catch up", () -> three.health().path("height").asLong() >= one.health().path("height").asLong());
      assertThat(three.get("/v1/cluster/self").path("blocksImported").asLong()).as("blocks imported out of band").isPositive();

      Hash32 late = transfer(cluster, three);
      for (String id : cluster.ids) {
        TestCluster.await(WAIT, id + " to commit the transfer sent through node-3",
            () -> cluster.client(id).status(late).path("status").asText().equals("committed"));
      }
      long top = one.health().path("height").asLong();
      TestCluster.await(WAIT, "every node at height " + top, () -> cluster.ids.stream().allMatch(id -> cluster.client(id).health().path("height").asLong() >= top));
      for (long h = 0; h <= top; h++) {
        JsonNode reference = one.block(h);
        for (String id : cluster.ids) {
          JsonNode b = cluster.client(id).block(h);
          assertThat(b.path("hash").asText()).as("block %d on %s", h, id).isEqualTo(reference.path("hash").asText());
          assertThat(b.path("header").path("stateRoot").asText()).as("state root %d on %s", h, id).isEqualTo(reference.path("header").path("stateRoot").asText());
        }
      }
      for (String id : cluster.ids) {
        LazaretClient c = cluster.client(id);
        assertThat(c.state("token/supply").orElseThrow().path("value").asLong()).as(id).isEqualTo(1_000_000L);
        assertThat(c.state("token/balance/" + RECIPIENT.publicKey().hex()).orElseThrow().path("value").asLong()).as(id).isEqualTo(nonce);
      }
      assertThat(one.get("/v1/cluster").path("chainsAgree").asBoolean()).isTrue();
      cluster.assertNotHalted();
    }
  }
}
