package org.lazaret.node.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.lazaret.core.tx.SignedTransaction;

/**
 * The HTTP edge's transaction decoder on arbitrary JSON: it either yields a transaction whose
 * spelled-out form decodes back to the same transaction, or refuses with an
 * IllegalArgumentException that names a field — never any other exception. Without JAZZER_FUZZ
 * this replays the seeds beside it.
 */
class TransactionJsonFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @FuzzTest(maxDuration = "30s")
  void decode(byte[] data) {
    JsonNode body;
    try {
      body = JSON.readTree(data);
    } catch (IOException notJson) {
      return;
    }
    if (body == null) {
      return;
    }
    try {
      SignedTransaction tx = TransactionJson.decode(body);
      var spelled = TransactionJson.toJson(tx);
      spelled.remove("id");
      SignedTransaction again = TransactionJson.decode(spelled);
      assertThat(again.id()).isEqualTo(tx.id());
      assertThat(again.signature()).isEqualTo(tx.signature());
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).contains(":");
    }
  }
}
