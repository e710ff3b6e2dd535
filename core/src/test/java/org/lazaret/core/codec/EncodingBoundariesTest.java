package org.lazaret.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lazaret.core.Limits;
import org.lazaret.core.TestFixtures;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/** The edges of every encoding: the largest values that fit, the first that do not, and the error each names. */
class EncodingBoundariesTest {
  private static final KeyPair ALICE = TestFixtures.key("alice");

  /** Canonical args of exactly {@code size} bytes: {@code {"p":"xxx…"}}. */
  static Bytes argsOfSize(int size) {
    String filler = "x".repeat(size - "{\"p\":\"\"}".length());
    Bytes b = Bytes.utf8("{\"p\":\"" + filler + "\"}");
    assertThat(b.length()).isEqualTo(size);
    return b;
  }

  static Transaction largest() {
    return new Transaction(
        "C".repeat(64), ALICE.publicKey(), Long.MAX_VALUE, "c".repeat(64), "m".repeat(64), argsOfSize(Limits.TX_ARGS_BYTES_MAX), Long.MAX_VALUE);
  }

  @Test
  void largestTransactionFitsTheSizeLimitAndRoundTrips() throws DecodeException {
    SignedTransaction tx = largest().sign(ALICE);
    byte[] bytes = tx.encode();
    assertThat(bytes.length).isLessThanOrEqualTo(Limits.TX_SIZE_BYTES_MAX);
    SignedTransaction back = SignedTransaction.decode(bytes);
    assertThat(back).isEqualTo(tx);
    assertThat(back.body()).isEqualTo(tx.body());
    assertThat(back.signatureValid()).isTrue();
    EncodingPropertiesTest.assertPrefixesAndExtensionsRejected(EncodingPropertiesTest.SIGNED_TX, bytes, new Random(1));
  }

  @Test
  void smallestTransactionRoundTrips() throws DecodeException {
    Transaction t = new Transaction("c", ALICE.publicKey(), 0, "a", "b", Bytes.utf8("{}"), 1);
    assertThat(Transaction.decode(t.encode())).isEqualTo(t);
    assertThat(SignedTransaction.decode(t.sign(ALICE).encode()).body()).isEqualTo(t);
  }

  @Test
  void argsOneByteOverTheLimitAreRefused() {
    assertThatThrownBy(() -> new Transaction("c", ALICE.publicKey(), 0, "a", "b", argsOfSize(Limits.TX_ARGS_BYTES_MAX + 1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("args:");
  }

  @Test
  void signedTransactionOverTheSizeLimitIsRefusedBeforeParsing() {
    byte[] big = new byte[Limits.TX_SIZE_BYTES_MAX + 1];
    big[0] = 1;
    assertThatThrownBy(() -> SignedTransaction.decode(big))
        .isInstanceOf(DecodeException.class)
        .hasMessageContaining("exceeds the limit");
  }

  @Test
  void unknownVersionsAreRefused() {
    byte[] tx = TestFixtures.transfer(ALICE, TestFixtures.key("bob").publicKey(), 5, 0).encode();
    tx[0] = 2;
    assertThatThrownBy(() -> SignedTransaction.decode(tx)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("version");
    byte[] body = TestFixtures.transferBody(ALICE.publicKey(), ALICE.publicKey(), 1, 1).encode();
    body[0] = 0;
    assertThatThrownBy(() -> Transaction.decode(body)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("version");
    byte[] header = TestFixtures.randomHeader(new Random(3)).encode();
    header[0] = 9;
    assertThatThrownBy(() -> BlockHeader.decode(header)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("header.version");
  }

  /** Writes a transaction body field by field, so that invalid field values can be encoded. */
  static byte[] body(String chainId, long nonce, String contract, String method, String args, long expires) {
    return new Writer()
        .u8(1)
        .string(chainId)
        .key(ALICE.publicKey())
        .u64(nonce)
        .string(contract)
        .string(method)
        .bytes(args.getBytes(StandardCharsets.UTF_8))
        .u64(expires)
        .toByteArray();
  }

  @Test
  void decodingNamesTheFieldThatBreaksAValidationRule() throws DecodeException {
    assertThat(Transaction.decode(body("c", 0, "a", "b", "{}", 1)).nonce()).isZero();
    assertDecodeField(body("c", -1, "a", "b", "{}", 1), "nonce");
    assertDecodeField(body("c", 0, "A", "b", "{}", 1), "contract");
    assertDecodeField(body("c", 0, "a", "B", "{}", 1), "method");
    assertDecodeField(body("-c", 0, "a", "b", "{}", 1), "chainId");
    assertDecodeField(body("c", 0, "a", "b", "[]", 1), "args");
    assertDecodeField(body("c", 0, "a", "b", "{ }", 1), "args");
    assertDecodeField(body("c", 0, "a", "b", "{\"a\":1.5}", 1), "args.a");
    assertDecodeField(body("c", 0, "a", "b", "{}", 0), "expiresAt");
    assertDecodeField(body("c", 0, "a", "b", "{}", Long.MIN_VALUE), "expiresAt");
    assertDecodeField(body("c".repeat(65), 0, "a", "b", "{}", 1), "chainId");
    assertDecodeField(body("c", 0, "a".repeat(65), "b", "{}", 1), "contract");
  }

  private static void assertDecodeField(byte[] bytes, String field) {
    assertThatThrownBy(() -> Transaction.decode(bytes)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo(field);
  }

  @Test
  void readerBoundsLengthsAndRefusesMalformedText() {
    byte[] hugeLength = new Writer().u32(0xFFFF_FFFF).toByteArray();
    assertThatThrownBy(() -> new Reader(hugeLength).bytes("f", 10)).isInstanceOf(DecodeException.class).hasMessageContaining("exceeds the limit");
    byte[] overLimit = new Writer().u32(11).raw(new byte[11]).toByteArray();
    assertThatThrownBy(() -> new Reader(overLimit).bytes("f", 10)).hasMessage("f: length 11 exceeds the limit of 10");
    byte[] truncated = new Writer().u32(5).raw(new byte[4]).toByteArray();
    assertThatThrownBy(() -> new Reader(truncated).bytes("f", 10)).hasMessageStartingWith("f: truncated");
    for (byte[] bad : List.of(new byte[] {(byte) 0xC0, (byte) 0x80}, new byte[] {(byte) 0xFF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80})) {
      byte[] s = new Writer().bytes(bad).toByteArray();
      assertThatThrownBy(() -> new Reader(s).string("name", 10)).hasMessage("name: not valid UTF-8");
    }
    assertThatThrownBy(() -> new Reader(new byte[] {2}).bool("flag")).hasMessageContaining("0 or 1");
  }

  @Test
  void writerAndReaderAgreeOnEveryPrimitive() throws DecodeException {
    Hash32 h = Hash32.sha256(new byte[] {1});
    byte[] bytes =
        new Writer(1).u8(255).bool(true).u32(-1).u64(Long.MIN_VALUE).string("é中\uD83D\uDE00").hash(h).key(ALICE.publicKey()).bytes(new byte[0]).toByteArray();
    Reader r = new Reader(bytes);
    assertThat(r.u8("a")).isEqualTo(255);
    assertThat(r.bool("b")).isTrue();
    assertThat(r.u32("c")).isEqualTo(-1);
    assertThat(r.u64("d")).isEqualTo(Long.MIN_VALUE);
    assertThat(r.string("e", 100)).isEqualTo("é中\uD83D\uDE00");
    assertThat(r.hash("f")).isEqualTo(h);
    assertThat(r.key("g")).isEqualTo(ALICE.publicKey());
    assertThat(r.bytes("h", 0)).isEmpty();
    assertThat(r.remaining()).isZero();
    r.expectEnd("all");
  }

  @Test
  void headerRefusesNegativeHeightAndCountOverTheLimit() {
    BlockHeader h = TestFixtures.randomHeader(new Random(7));
    byte[] negativeHeight = h.encode();
    int heightAt = 1 + 4 + h.chainId().length();
    negativeHeight[heightAt] = (byte) 0x80;
    assertThatThrownBy(() -> BlockHeader.decode(negativeHeight)).isInstanceOf(DecodeException.class).hasMessageContaining("height");
    byte[] bigCount = h.encode();
    byte[] count = new Writer().u32(Limits.BLOCK_TX_COUNT_MAX + 1).toByteArray();
    System.arraycopy(count, 0, bigCount, bigCount.length - 4, 4);
    assertThatThrownBy(() -> BlockHeader.decode(bigCount)).isInstanceOf(DecodeException.class).hasMessageContaining("txCount");
    assertThatThrownBy(() -> new BlockHeader("c", -1, Hash32.ZERO, 0, Hash32.ZERO, Hash32.ZERO, Hash32.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void largestHeaderFitsTheBlockDecodersHeaderLimit() throws DecodeException {
    BlockHeader h =
        new BlockHeader("C".repeat(Limits.CHAIN_ID_BYTES_MAX), Long.MAX_VALUE, Hash32.ZERO, Long.MAX_VALUE, Hash32.ZERO, Hash32.ZERO, Hash32.ZERO, Limits.BLOCK_TX_COUNT_MAX);
    assertThat(h.encode().length).isLessThanOrEqualTo(1024);
    assertThat(BlockHeader.decode(h.encode())).isEqualTo(h);
  }

  @Test
  void headerConstructorRefusesWhatTheDecoderWouldRefuse() {
    // A header the node can build but not read back would be stored and then be unreadable.
    assertThatThrownBy(() -> new BlockHeader("C".repeat(Limits.CHAIN_ID_BYTES_MAX + 1), 0, Hash32.ZERO, 0, Hash32.ZERO, Hash32.ZERO, Hash32.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("chainId");
  }

  @Test
  void blockRefusesATransactionCountThatDisagreesWithItsHeader() {
    Block b = TestFixtures.block(1, Hash32.ZERO, List.of(TestFixtures.randomSignedTx(new Random(1))));
    byte[] bytes = b.encode();
    int countAt = 4 + b.header().encode().length;
    byte[] changed = bytes.clone();
    changed[countAt + 3] = 2;
    assertThatThrownBy(() -> Block.decode(changed)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("block.txCount");
  }

  @Test
  void emptyBlockRoundTrips() throws DecodeException {
    Block b = TestFixtures.block(0, Hash32.ZERO, List.of());
    assertThat(Block.decode(b.encode())).isEqualTo(b);
    assertThat(b.header().txRoot()).isEqualTo(org.lazaret.core.merkle.MerkleTree.EMPTY_ROOT);
  }

  @Test
  void receiptRefusesUnknownKindsAndTooManyEvents() {
    assertThatThrownBy(() -> Receipt.decode(new byte[] {3})).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("receipt.kind");
    byte[] many = new Writer().u8(1).hash(Hash32.ZERO).u32(Limits.RECEIPT_EVENT_COUNT_MAX + 1).toByteArray();
    assertThatThrownBy(() -> Receipt.decode(many)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("receipt.events");
    byte[] negative = new Writer().u8(1).hash(Hash32.ZERO).u32(-1).toByteArray();
    assertThatThrownBy(() -> Receipt.decode(negative)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("receipt.events");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i <= Limits.RECEIPT_EVENT_COUNT_MAX; i++) {
      events.add(Event.of("c", "e", TestFixtures.randomArgs(new Random(i))));
    }
    assertThatThrownBy(() -> new Receipt.Applied(Hash32.ZERO, events)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void receiptWithTheLargestEventsRoundTrips() throws DecodeException {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < Limits.RECEIPT_EVENT_COUNT_MAX; i++) {
      events.add(new Event("c".repeat(64), "n".repeat(64), Bytes.owning(new byte[Limits.EVENT_DATA_BYTES_MAX])));
    }
    Receipt r = new Receipt.Applied(Hash32.ZERO, events);
    assertThat(Receipt.decode(r.encode())).isEqualTo(r);
    assertThatThrownBy(() -> new Event("c", "n", Bytes.owning(new byte[Limits.EVENT_DATA_BYTES_MAX + 1]))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void eventAndRevertCodeNamesAreBoundedLikeTheDecoderBoundsThem() {
    // Otherwise a contract could emit a receipt that encodes but can never be decoded again.
    assertThatThrownBy(() -> new Event("c".repeat(65), "n", Bytes.EMPTY)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("event contract");
    assertThatThrownBy(() -> new Event("c", "é".repeat(33), Bytes.EMPTY)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("event name");
    assertThatThrownBy(() -> new Receipt.Reverted(Hash32.ZERO, "x".repeat(65), "r")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("code");
  }

  @Test
  void revertReasonIsCutToTheByteLimitOnACharacterBoundaryAndRoundTrips() throws DecodeException {
    for (String reason :
        List.of("a".repeat(600), "a".repeat(511) + "\uD83D\uDE00tail", "é".repeat(300), "中".repeat(200), "ok", "\uD800 lone surrogate")) {
      Receipt r = new Receipt.Reverted(Hash32.ZERO, "CODE", reason);
      String kept = ((Receipt.Reverted) r).reason();
      assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Limits.REASON_BYTES_MAX);
      assertThat(Receipt.decode(r.encode())).as("reason %s…", reason.substring(0, 2)).isEqualTo(r);
    }
  }

  @Test
  void revertReasonOverTheLimitHasNoSecondEncoding() {
    // 600 ASCII bytes would decode and then be cut to 512 characters: two encodings, one value.
    byte[] bytes = new Writer().u8(2).hash(Hash32.ZERO).string("CODE").string("a".repeat(600)).toByteArray();
    assertThatThrownBy(() -> Receipt.decode(bytes)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("receipt.reason");
  }

  @Test
  void smtNodeRefusesUnknownTags() {
    byte[] b = new SmtNode.Leaf(Hash32.ZERO, Hash32.ZERO).encode();
    b[0] = 0x12;
    assertThatThrownBy(() -> SmtNode.decode(b)).isInstanceOf(DecodeException.class).extracting("field").isEqualTo("tag");
  }
}
