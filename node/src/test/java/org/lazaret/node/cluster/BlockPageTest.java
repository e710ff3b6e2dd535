package org.lazaret.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * The page of blocks one member hands another that catches up: round trip, one accepted byte
 * sequence, heights that must follow one another and positions that must grow, and every refusal
 * naming its field. The fuzz test replays its seeds in src/test/resources without JAZZER_FUZZ.
 */
class BlockPageTest {
  private static final KeyPair SENDER = KeyPair.deterministic("block-page-sender");

  static List<BlockPage.Entry> chain(long firstHeight, int blocks, int txsPerBlock, long firstPosition, long positionStep) {
    List<BlockPage.Entry> out = new ArrayList<>();
    Hash32 previous = Hash32.sha256(new byte[] {(byte) firstHeight});
    for (int i = 0; i < blocks; i++) {
      List<SignedTransaction> txs = new ArrayList<>();
      for (int t = 0; t < txsPerBlock; t++) {
        txs.add(Transaction.of("page-test", SENDER.publicKey(), i * 10L + t, "token", "transfer", CanonicalJson.object().put("amount", t), 1_900_000_000_000L).sign(SENDER));
      }
      long height = firstHeight + i;
      BlockHeader h = new BlockHeader("page-test", height, previous, 1_700_000_000_000L + height, Block.txTree(txs).root(), MerkleTree.EMPTY_ROOT, Hash32.sha256(new byte[] {(byte) height, 1}), txs.size());
      Block b = new Block(h, txs);
      out.add(new BlockPage.Entry(firstPosition + i * positionStep, b));
      previous = b.hash();
    }
    return out;
  }

  @Provide
  Arbitrary<BlockPage> pages() {
    return Arbitraries.integers().between(0, 5).flatMap(n -> Arbitraries.integers().between(0, 3).flatMap(txs ->
        Arbitraries.longs().between(1, 1_000_000).flatMap(first -> Arbitraries.longs().between(1, 7).map(step ->
            new BlockPage(chain(first, n, txs, first * 2, step))))));
  }

  @Property(tries = 40)
  void decodingAnEncodedPageGivesItBack(@ForAll("pages") BlockPage page) throws DecodeException {
    byte[] encoded = page.encode();
    BlockPage decoded = BlockPage.decode(encoded);
    assertThat(decoded).isEqualTo(page);
    assertThat(decoded.encode()).isEqualTo(encoded);
  }

  @Property(tries = 15)
  void everyTruncationAndEveryExtensionIsRefused(@ForAll("pages") BlockPage page) {
    byte[] encoded = page.encode();
    for (int length = 0; length < encoded.length; length += Math.max(1, encoded.length / 200)) {
      byte[] truncated = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> BlockPage.decode(truncated)).as("prefix of %d bytes", length).isInstanceOf(DecodeException.class);
    }
    byte[] extended = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> BlockPage.decode(extended)).isInstanceOf(DecodeException.class).hasMessageContaining("trailing");
  }

  @Test
  void heightsMustFollowAndPositionsMustGrowOnTheWireToo() {
    List<BlockPage.Entry> blocks = chain(5, 2, 1, 10, 3);
    byte[] gap = new Writer().u8(1).u32(2).u64(10).bytes(blocks.get(0).block().encode()).u64(13).bytes(chain(7, 1, 1, 13, 1).get(0).block().encode()).toByteArray();
    assertThat(field(gap)).isEqualTo("entries[1].block.height");
    byte[] samePosition = new Writer().u8(1).u32(2).u64(10).bytes(blocks.get(0).block().encode()).u64(10).bytes(blocks.get(1).block().encode()).toByteArray();
    assertThat(field(samePosition)).isEqualTo("entries[1].position");
    assertThat(field(new Writer().u8(2).u32(0).toByteArray())).isEqualTo("version");
    assertThat(field(new Writer().u8(1).u32(BlockPage.BLOCKS_MAX + 1).toByteArray())).isEqualTo("count");
    byte[] badBlock = new Writer().u8(1).u32(1).u64(1).bytes(new byte[] {9, 9}).toByteArray();
    assertThat(field(badBlock)).startsWith("entries[0].block");
    assertThatThrownBy(() -> new BlockPage(List.of(blocks.get(1), blocks.get(0)))).hasMessageContaining("does not follow");
  }

  private static String field(byte[] encoded) {
    try {
      BlockPage.decode(encoded);
      throw new AssertionError("decoded");
    } catch (DecodeException e) {
      return e.field();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void decode(byte[] data) {
    try {
      BlockPage page = BlockPage.decode(data);
      assertThat(page.encode()).isEqualTo(data);
    } catch (DecodeException expected) {
      assertThat(expected.field()).isNotBlank();
    }
  }
}
