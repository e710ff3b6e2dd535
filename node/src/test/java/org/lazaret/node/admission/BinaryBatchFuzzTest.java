package org.lazaret.node.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.tx.SignedTransaction;

/**
 * The binary batch framing on arbitrary bytes: either a broken frame (DecodeException naming a
 * field) or one entry per declared transaction, each decoded or refused alone; a batch of only
 * decoded entries re-encodes to the input exactly. Replays its seeds without JAZZER_FUZZ.
 */
class BinaryBatchFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decode(byte[] data) {
    List<BinaryBatch.Entry> entries;
    try {
      entries = BinaryBatch.decode(data);
    } catch (DecodeException broken) {
      assertThat(broken.field()).isNotBlank();
      return;
    }
    if (entries.stream().allMatch(e -> e instanceof BinaryBatch.Entry.Decoded)) {
      List<SignedTransaction> txs = entries.stream().map(e -> ((BinaryBatch.Entry.Decoded) e).tx()).toList();
      assertThat(BinaryBatch.encode(txs)).isEqualTo(data);
    }
  }
}
