package org.lazaret.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.lazaret.core.TestFixtures;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * The canonical encoding's three promises, for every encoded type: decoding gives back the value,
 * no prefix and no extension of an encoding decodes, and no other byte sequence decodes to the
 * same value (so hashes and signatures over encodings identify values).
 */
class EncodingPropertiesTest {

  /** The encode/decode pair of one type, so each property is written once. */
  interface Codec<T> {
    byte[] encode(T value);

    T decode(byte[] bytes) throws DecodeException;
  }

  static final Codec<Transaction> TX_BODY =
      new Codec<>() {
        public byte[] encode(Transaction v) {
          return v.encode();
        }

        public Transaction decode(byte[] b) throws DecodeException {
          return Transaction.decode(b);
        }
      };
  static final Codec<SignedTransaction> SIGNED_TX =
      new Codec<>() {
        public byte[] encode(SignedTransaction v) {
          return v.encode();
        }

        public SignedTransaction decode(byte[] b) throws DecodeException {
          return SignedTransaction.decode(b);
        }
      };
  static final Codec<BlockHeader> HEADER =
      new Codec<>() {
        public byte[] encode(BlockHeader v) {
          return v.encode();
        }

        public BlockHeader decode(byte[] b) throws DecodeException {
          return BlockHeader.decode(b);
        }
      };
  static final Codec<Block> BLOCK =
      new Codec<>() {
        public byte[] encode(Block v) {
          return v.encode();
        }

        public Block decode(byte[] b) throws DecodeException {
          return Block.decode(b);
        }
      };
  static final Codec<Receipt> RECEIPT =
      new Codec<>() {
        public byte[] encode(Receipt v) {
          return v.encode();
        }

        public Receipt decode(byte[] b) throws DecodeException {
          return Receipt.decode(b);
        }
      };
  static final Codec<SmtNode> SMT_NODE =
      new Codec<>() {
        public byte[] encode(SmtNode v) {
          return v.encode();
        }

        public SmtNode decode(byte[] b) throws DecodeException {
          return SmtNode.decode(b);
        }
      };

  // ---------------------------------------------------------------- generators

  @Provide
  Arbitrary<Transaction> bodies() {
    return Arbitraries.randomValue(r -> TestFixtures.randomTransaction(r, TestFixtures.keys().get(r.nextInt(5)).publicKey()));
  }

  @Provide
  Arbitrary<SignedTransaction> signedTxs() {
    return Arbitraries.randomValue(TestFixtures::randomSignedTx);
  }

  @Provide
  Arbitrary<BlockHeader> headers() {
    return Arbitraries.randomValue(TestFixtures::randomHeader);
  }

  @Provide
  Arbitrary<Block> blocks() {
    return Arbitraries.randomValue(r -> TestFixtures.randomBlock(r, r.nextInt(4)));
  }

  @Provide
  Arbitrary<Receipt> receipts() {
    return Arbitraries.randomValue(TestFixtures::randomReceipt);
  }

  @Provide
  Arbitrary<SmtNode> smtNodes() {
    return Arbitraries.randomValue(
        r -> {
          Hash32 a = r.nextInt(4) == 0 ? Hash32.ZERO : TestFixtures.randomHash(r);
          Hash32 b = TestFixtures.randomHash(r);
          return r.nextBoolean() ? new SmtNode.Leaf(a, b) : (r.nextBoolean() ? new SmtNode.Internal(a, b) : new SmtNode.Internal(b, a));
        });
  }

  // ---------------------------------------------------------------- round trips

  @Property(tries = 200)
  void transactionBodyRoundTrips(@ForAll("bodies") Transaction tx) throws DecodeException {
    assertRoundTrip(TX_BODY, tx);
  }

  @Property(tries = 200)
  void signedTransactionRoundTrips(@ForAll("signedTxs") SignedTransaction tx) throws DecodeException {
    assertRoundTrip(SIGNED_TX, tx);
    SignedTransaction back = SignedTransaction.decode(tx.encode());
    assertThat(back.id()).isEqualTo(tx.id()).isEqualTo(tx.body().id());
    assertThat(back.body()).isEqualTo(tx.body());
    assertThat(back.signatureValid()).isTrue();
  }

  @Property(tries = 200)
  void headerRoundTrips(@ForAll("headers") BlockHeader header) throws DecodeException {
    assertRoundTrip(HEADER, header);
  }

  @Property(tries = 60)
  void blockRoundTrips(@ForAll("blocks") Block block) throws DecodeException {
    assertRoundTrip(BLOCK, block);
    assertThat(Block.decode(block.encode()).hash()).isEqualTo(block.hash());
  }

  @Property(tries = 200)
  void receiptRoundTrips(@ForAll("receipts") Receipt receipt) throws DecodeException {
    assertRoundTrip(RECEIPT, receipt);
  }

  @Property(tries = 200)
  void smtNodeRoundTrips(@ForAll("smtNodes") SmtNode node) throws DecodeException {
    assertRoundTrip(SMT_NODE, node);
    assertThat(SmtNode.decode(node.encode()).hash()).isEqualTo(node.hash());
  }

  // ---------------------------------------------------------------- truncation and extension

  @Property(tries = 40)
  void signedTransactionRejectsPrefixesAndExtensions(@ForAll("signedTxs") SignedTransaction tx, @ForAll Random r) {
    assertPrefixesAndExtensionsRejected(SIGNED_TX, tx.encode(), r);
    assertPrefixesAndExtensionsRejected(TX_BODY, tx.body().encode(), r);
  }

  @Property(tries = 40)
  void headerRejectsPrefixesAndExtensions(@ForAll("headers") BlockHeader header, @ForAll Random r) {
    assertPrefixesAndExtensionsRejected(HEADER, header.encode(), r);
  }

  @Property(tries = 15)
  void blockRejectsPrefixesAndExtensions(@ForAll("blocks") Block block, @ForAll Random r) {
    assertPrefixesAndExtensionsRejected(BLOCK, block.encode(), r);
  }

  @Property(tries = 40)
  void receiptRejectsPrefixesAndExtensions(@ForAll("receipts") Receipt receipt, @ForAll Random r) {
    assertPrefixesAndExtensionsRejected(RECEIPT, receipt.encode(), r);
  }

  @Property(tries = 40)
  void smtNodeRejectsPrefixesAndExtensions(@ForAll("smtNodes") SmtNode node, @ForAll Random r) {
    assertPrefixesAndExtensionsRejected(SMT_NODE, node.encode(), r);
  }

  // ---------------------------------------------------------------- canonicality under byte changes

  @Property(tries = 150)
  void signedTransactionByteChangesNeverGiveTheSameValue(@ForAll("signedTxs") SignedTransaction tx, @ForAll Random r) {
    assertByteChangesCanonical(SIGNED_TX, tx, r);
    assertByteChangesCanonical(TX_BODY, tx.body(), r);
  }

  @Property(tries = 150)
  void headerByteChangesNeverGiveTheSameValue(@ForAll("headers") BlockHeader header, @ForAll Random r) {
    assertByteChangesCanonical(HEADER, header, r);
  }

  @Property(tries = 50)
  void blockByteChangesNeverGiveTheSameValue(@ForAll("blocks") Block block, @ForAll Random r) {
    assertByteChangesCanonical(BLOCK, block, r);
  }

  @Property(tries = 150)
  void receiptByteChangesNeverGiveTheSameValue(@ForAll("receipts") Receipt receipt, @ForAll Random r) {
    assertByteChangesCanonical(RECEIPT, receipt, r);
  }

  @Property(tries = 150)
  void smtNodeByteChangesNeverGiveTheSameValue(@ForAll("smtNodes") SmtNode node, @ForAll Random r) {
    assertByteChangesCanonical(SMT_NODE, node, r);
  }

  // ---------------------------------------------------------------- helpers

  static <T> void assertRoundTrip(Codec<T> codec, T value) throws DecodeException {
    byte[] bytes = codec.encode(value);
    T back = codec.decode(bytes);
    assertThat(back).isEqualTo(value);
    assertThat(codec.encode(back)).isEqualTo(bytes);
  }

  /** Every strict prefix (all of them for short encodings, a sample for long ones) and several extensions. */
  static <T> void assertPrefixesAndExtensionsRejected(Codec<T> codec, byte[] bytes, Random r) {
    int step = bytes.length <= 4096 ? 1 : 1 + r.nextInt(bytes.length / 1024);
    for (int n = 0; n < bytes.length; n += step) {
      byte[] prefix = Arrays.copyOf(bytes, n);
      int len = n;
      assertThatThrownBy(() -> codec.decode(prefix))
          .as("prefix of %d of %d bytes", len, bytes.length)
          .isInstanceOf(DecodeException.class);
    }
    assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 1))).isInstanceOf(DecodeException.class);
    for (int extra : new int[] {1, 2, 7, 32, 1 + r.nextInt(100)}) {
      byte[] longer = Arrays.copyOf(bytes, bytes.length + extra);
      for (int i = bytes.length; i < longer.length; i++) {
        longer[i] = (byte) r.nextInt(256);
      }
      assertThatThrownBy(() -> codec.decode(longer))
          .as("%d trailing bytes", extra)
          .isInstanceOf(DecodeException.class)
          .hasMessageContaining("trailing");
    }
  }

  /**
   * Changes one to three bytes at random: the result must fail to decode, or decode to a different
   * value whose encoding is exactly the changed bytes (one encoding per value).
   */
  static <T> void assertByteChangesCanonical(Codec<T> codec, T value, Random r) {
    byte[] bytes = codec.encode(value);
    for (int round = 0; round < 20; round++) {
      byte[] changed = bytes.clone();
      int changes = 1 + r.nextInt(3);
      for (int c = 0; c < changes; c++) {
        int pos = r.nextInt(changed.length);
        int delta = r.nextBoolean() ? 1 << r.nextInt(8) : 1 + r.nextInt(255);
        changed[pos] = (byte) (changed[pos] ^ delta);
      }
      if (Arrays.equals(changed, bytes)) {
        continue;
      }
      T decoded;
      try {
        decoded = codec.decode(changed);
      } catch (DecodeException expected) {
        continue;
      }
      assertThat(decoded).as("changed bytes decoded to the original value").isNotEqualTo(value);
      assertThat(codec.encode(decoded)).as("a decoded value must re-encode to exactly its bytes").isEqualTo(changed);
    }
  }
}
