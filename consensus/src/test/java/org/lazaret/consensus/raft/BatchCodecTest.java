package org.lazaret.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.tx.SignedTransaction;

/**
 * The log-entry encoding of a batch: decode(encode(b)) is b, each batch has one accepted byte
 * sequence (every truncation and every extension is refused), and the decoder names the field at
 * fault. The fuzz test replays its seeds in src/test/resources without JAZZER_FUZZ.
 */
class BatchCodecTest {

  @Provide
  Arbitrary<OrderedBatch> batches() {
    Arbitrary<SignedTransaction> txs = Combinators.combine(
        Arbitraries.longs().between(0, Long.MAX_VALUE), Arbitraries.strings().ofMaxLength(40))
        .as(TestBatches::tx);
    Arbitrary<Long> timestamps = Arbitraries.longs().edgeCases(c -> c.includeOnly(0L, Long.MAX_VALUE, Long.MIN_VALUE, -1L));
    return Combinators.combine(timestamps, txs.list().ofMaxSize(6)).as(OrderedBatch::new);
  }

  @Property(tries = 60)
  void decodingAnEncodedBatchGivesItBack(@ForAll("batches") OrderedBatch batch) throws DecodeException {
    byte[] encoded = BatchCodec.encode(batch);
    OrderedBatch decoded = BatchCodec.decode(encoded);
    assertThat(decoded).isEqualTo(batch);
    assertThat(BatchCodec.encode(decoded)).isEqualTo(encoded);
  }

  @Property(tries = 25)
  void everyTruncationAndEveryExtensionIsRefused(@ForAll("batches") OrderedBatch batch) {
    byte[] encoded = BatchCodec.encode(batch);
    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> BatchCodec.decode(truncated)).as("prefix of %d bytes", length).isInstanceOf(DecodeException.class);
    }
    byte[] extended = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> BatchCodec.decode(extended)).isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
  }

  @Test
  void anUnknownVersionIsRefusedByName() {
    byte[] encoded = BatchCodec.encode(TestBatches.batch(1, "v"));
    encoded[0] = 2;
    assertThatThrownBy(() -> BatchCodec.decode(encoded))
        .isInstanceOf(DecodeException.class)
        .satisfies(e -> assertThat(((DecodeException) e).field()).isEqualTo("version"));
  }

  @Test
  void aCountAboveTheBlockLimitIsRefusedBeforeAnyTransactionIsRead() {
    byte[] encoded = new Writer().u8(1).u64(0).u32(Limits.BLOCK_TX_COUNT_MAX + 1).toByteArray();
    assertThatThrownBy(() -> BatchCodec.decode(encoded))
        .isInstanceOf(DecodeException.class)
        .satisfies(e -> assertThat(((DecodeException) e).field()).isEqualTo("count"));
    byte[] negative = new Writer().u8(1).u64(0).u32(-1).toByteArray();
    assertThatThrownBy(() -> BatchCodec.decode(negative)).isInstanceOf(DecodeException.class).hasMessageContaining("4294967295");
  }

  @Test
  void aMalformedTransactionIsNamedByItsPositionInTheBatch() {
    byte[] tx = TestBatches.tx(7, "x").encode();
    tx[0] = 9; // unknown signed-transaction version
    byte[] encoded = new Writer().u8(1).u64(0).u32(2).bytes(TestBatches.tx(6, "ok").encode()).bytes(tx).toByteArray();
    assertThatThrownBy(() -> BatchCodec.decode(encoded))
        .isInstanceOf(DecodeException.class)
        .satisfies(e -> assertThat(((DecodeException) e).field()).isEqualTo("transactions[1].version"));
  }

  @Test
  void aBatchOverTheBlockSizeIsRefusedAtEncoding() {
    String big = "x".repeat(Limits.TX_ARGS_BYTES_MAX - 100);
    List<SignedTransaction> txs = new ArrayList<>();
    long total = 13;
    for (int i = 0; total <= BatchCodec.ENCODED_BYTES_MAX; i++) {
      SignedTransaction tx = TestBatches.tx(i, big);
      txs.add(tx);
      total += 4 + tx.encode().length;
    }
    OrderedBatch tooBig = new OrderedBatch(0, txs);
    assertThatThrownBy(() -> BatchCodec.encode(tooBig))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over the limit");
  }

  @FuzzTest(maxDuration = "30s")
  void batch(byte[] data) {
    try {
      OrderedBatch b = BatchCodec.decode(data);
      assertThat(BatchCodec.encode(b)).isEqualTo(data);
    } catch (DecodeException expected) {
      assertThat(expected.field()).isNotBlank();
    }
  }
}
