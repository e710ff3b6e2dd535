package org.lazaret.consensus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;

/**
 * The log-entry encoding of a checkpoint: it round-trips, has exactly one accepted byte sequence,
 * cannot be taken for a batch (its first byte differs), and a bad field is refused by name. The
 * fuzz test replays its seeds in src/test/resources without JAZZER_FUZZ.
 */
class CheckpointTest {
  @Provide
  Arbitrary<Checkpoint> checkpoints() {
    Arbitrary<String> ids = Arbitraries.strings().withChars("abcdefghijklmnopqrstuvwxyz0123456789-_.").ofMinLength(0).ofMaxLength(63).map(s -> "n" + s);
    Arbitrary<Hash32> hashes = Arbitraries.bytes().array(byte[].class).ofSize(Hash32.LENGTH).map(Hash32::wrap);
    return Combinators.combine(ids, Arbitraries.longs().between(1, Long.MAX_VALUE), hashes, hashes).as(Checkpoint::new);
  }

  @Property(tries = 80)
  void decodingAnEncodedCheckpointGivesItBack(@ForAll("checkpoints") Checkpoint c) throws DecodeException {
    byte[] encoded = c.encode();
    assertThat(encoded[0]).isEqualTo((byte) Checkpoint.KIND);
    assertThat(Checkpoint.decode(encoded)).isEqualTo(c);
  }

  @Property(tries = 30)
  void everyTruncationAndEveryExtensionIsRefused(@ForAll("checkpoints") Checkpoint c) {
    byte[] encoded = c.encode();
    for (int length = 0; length < encoded.length; length++) {
      byte[] truncated = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> Checkpoint.decode(truncated)).as("prefix of %d bytes", length).isInstanceOf(DecodeException.class);
    }
    byte[] extended = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> Checkpoint.decode(extended)).isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
  }

  @Test
  void badFieldsAreRefusedByName() {
    Hash32 h = Hash32.sha256(new byte[] {7});
    assertThat(field(new Writer().u8(1).toByteArray())).isEqualTo("kind");
    assertThat(field(new Writer().u8(2).string("-leading-dash").u64(1).hash(h).hash(h).toByteArray())).isEqualTo("nodeId");
    assertThat(field(new Writer().u8(2).string("node-1").u64(0).hash(h).hash(h).toByteArray())).isEqualTo("height");
    assertThat(field(new Writer().u8(2).string("node-1").u64(-1).hash(h).hash(h).toByteArray())).isEqualTo("height");
    assertThatThrownBy(() -> new Checkpoint("node-1", 0, h, h)).hasMessageStartingWith("height:");
  }

  private static String field(byte[] encoded) {
    try {
      Checkpoint.decode(encoded);
      throw new AssertionError("decoded");
    } catch (DecodeException e) {
      return e.field();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void decode(byte[] data) {
    try {
      Checkpoint c = Checkpoint.decode(data);
      assertThat(c.encode()).isEqualTo(data);
    } catch (DecodeException expected) {
      assertThat(expected.field()).isNotBlank();
    }
  }
}
