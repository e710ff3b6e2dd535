package org.lazaret.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.TestNode;
import org.lazaret.sdk.ApiException;
import org.lazaret.sdk.LazaretClient;

/**
 * A flood against a node with a small mempool: the node answers "busy, retry" (429 with
 * Retry-After) instead of growing without bound, keeps serving, and commits what it took.
 */
class BackPressureTest {
  @TempDir Path dir;

  @Test
  void aFullMempoolPushesBackAndTheNodeKeepsServing() throws Exception {
    NodeConfig cfg = new NodeConfig(dir, "127.0.0.1", 0, 2_000, 10, 20);
    try (TestNode n = new TestNode(dir, cfg)) {
      LazaretClient c = new LazaretClient(n.url());
      long expires = System.currentTimeMillis() + 600_000;
      List<SignedTransaction> flood = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        flood.add(Transaction.of(TestNode.CHAIN, n.demo.publicKey(), i, "token", "transfer", CanonicalJson.object().put("to", KeyPair.deterministic("bp").publicKey().hex()).put("amount", 1), expires).sign(n.demo));
      }
      JsonNode results = c.submitBatch(flood);
      int busy = 0;
      for (JsonNode r : results) {
        if (r.path("status").asText().equals("busy")) {
          busy++;
          assertThat(r.path("error").path("status").asInt()).isEqualTo(429);
          assertThat(r.path("error").path("retryable").asBoolean()).isTrue();
        }
      }
      assertThat(busy).isGreaterThan(0);
      // One at a time the same holds, with a Retry-After header, while the node stays healthy.
      int firstBusy = -1;
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).path("status").asText().equals("busy")) {
          firstBusy = i;
          break;
        }
      }
      try {
        c.submit(flood.get(firstBusy));
      } catch (ApiException e) {
        assertThat(e.status()).isIn(409, 429);
      }
      assertThat(c.health().path("status").asText()).isEqualTo("ok");
      assertThat(c.await(flood.get(0).id(), Duration.ofSeconds(30)).path("status").asText()).isEqualTo("committed");
    }
  }
}
