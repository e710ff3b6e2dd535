package org.lazaret.core.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lazaret.core.TestFixtures;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;

/** What makes a transaction body valid, and what makes a signature over it valid. */
class TransactionTest {
  private static final KeyPair ALICE = TestFixtures.key("alice");
  private static final PublicKey A = ALICE.publicKey();
  private static final Bytes EMPTY_ARGS = Bytes.utf8("{}");

  private static Transaction tx(String chainId, String contract, String method) {
    return new Transaction(chainId, A, 0, contract, method, EMPTY_ARGS, 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "Z", "0", "lazaret-main", "a_b.c-d", "0123456789012345678901234567890123456789012345678901234567890123"})
  void acceptsChainIds(String chainId) {
    assertThat(tx(chainId, "c", "m").chainId()).isEqualTo(chainId);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-a", "_a", ".a", "a b", "a/b", "é", "a\n", "01234567890123456789012345678901234567890123456789012345678901234"})
  void refusesChainIds(String chainId) {
    assertThatThrownBy(() -> tx(chainId, "c", "m")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("chainId:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "token", "aB9_.-", "a123456789012345678901234567890123456789012345678901234567890123"})
  void acceptsNames(String name) {
    assertThat(tx("c", name, name).contract()).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "A", "Token", "1abc", "_a", "-a", "a b", "a/b", "aé", "a1234567890123456789012345678901234567890123456789012345678901234"})
  void refusesContractAndMethodNames(String name) {
    assertThatThrownBy(() -> tx("c", name, "m")).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("contract:");
    assertThatThrownBy(() -> tx("c", "c", name)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("method:");
  }

  @Test
  void refusesANegativeNonceAndANonPositiveExpiry() {
    assertThatThrownBy(() -> new Transaction("c", A, -1, "c", "m", EMPTY_ARGS, 1)).hasMessageStartingWith("nonce:");
    assertThatThrownBy(() -> new Transaction("c", A, Long.MIN_VALUE, "c", "m", EMPTY_ARGS, 1)).hasMessageStartingWith("nonce:");
    assertThatThrownBy(() -> new Transaction("c", A, 0, "c", "m", EMPTY_ARGS, 0)).hasMessageStartingWith("expiresAt:");
    assertThatThrownBy(() -> new Transaction("c", A, 0, "c", "m", EMPTY_ARGS, -5)).hasMessageStartingWith("expiresAt:");
    assertThat(new Transaction("c", A, Long.MAX_VALUE, "c", "m", EMPTY_ARGS, Long.MAX_VALUE).nonce()).isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "1", "\"x\"", "null", "true", "{ }", "{\"b\":1,\"a\":2}", "{\"a\":1.5}", "{\"a\":1,\"a\":1}", "{", "", " {}", "{}\n", "{\"a\":\"\\u00e9\"}"})
  void refusesArgsThatAreNotACanonicalObject(String args) {
    assertThatThrownBy(() -> new Transaction("c", A, 0, "c", "m", Bytes.utf8(args), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("args"); // "args:" or the path inside, such as "args.a:"
  }

  @Test
  void ofPutsArgsInCanonicalForm() {
    var args = org.lazaret.core.json.CanonicalJson.object();
    args.put("z", 1);
    args.put("a", new BigInteger("99999999999999999999"));
    Transaction t = Transaction.of("c", A, 0, "c", "m", args, 1);
    assertThat(t.args().utf8()).isEqualTo("{\"a\":99999999999999999999,\"z\":1}");
    assertThat(t.argsJson().get("z").intValue()).isEqualTo(1);
  }

  @Test
  void signingWithAnotherKeyIsRefused() {
    Transaction t = TestFixtures.transferBody(A, A, 1, 0);
    assertThatThrownBy(() -> t.sign(TestFixtures.key("bob")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("key:");
  }

  @Test
  void idIsTheHashOfTheBodyOnly() {
    SignedTransaction s = TestFixtures.transfer(ALICE, TestFixtures.key("bob").publicKey(), 10, 3);
    assertThat(s.id()).isEqualTo(s.body().id()).isEqualTo(Hash32.sha256(s.body().encode()));
    assertThat(s.bodyBytes().toArray()).isEqualTo(s.body().encode());
    byte[] otherSig = s.signature().toArray();
    otherSig[0] ^= 1;
    SignedTransaction t = SignedTransaction.withSignature(s.body(), otherSig);
    assertThat(t.id()).isEqualTo(s.id());
    assertThat(t).isNotEqualTo(s);
    assertThat(SignedTransaction.withSignature(s.body(), s.signature().toArray())).isEqualTo(s).hasSameHashCodeAs(s);
  }

  @Test
  void withSignatureRefusesAWrongLength() {
    Transaction t = TestFixtures.transferBody(A, A, 1, 0);
    assertThatThrownBy(() -> SignedTransaction.withSignature(t, new byte[63])).hasMessageStartingWith("signature:");
    assertThatThrownBy(() -> SignedTransaction.withSignature(t, new byte[65])).hasMessageStartingWith("signature:");
  }

  @Test
  void aSignatureMadeElsewhereVerifies() {
    Transaction t = TestFixtures.transferBody(A, A, 1, 0);
    assertThat(SignedTransaction.withSignature(t, ALICE.sign(t.encode())).signatureValid()).isTrue();
    assertThat(SignedTransaction.withSignature(t, TestFixtures.key("bob").sign(t.encode())).signatureValid()).isFalse();
    assertThat(SignedTransaction.withSignature(t, new byte[64]).signatureValid()).isFalse();
  }

  /** Ed25519's group order L, little-endian, as RFC 8032 section 5.1.7 uses it. */
  private static final BigInteger L = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

  @Test
  void aMalleatedSignatureIsRefused() {
    // S + L verifies under a lax checker; RFC 8032 requires S < L, so a signature has one form.
    SignedTransaction s = TestFixtures.transfer(ALICE, A, 1, 0);
    byte[] sig = s.signature().toArray();
    byte[] sLe = Arrays.copyOfRange(sig, 32, 64);
    byte[] sBe = new byte[32];
    for (int i = 0; i < 32; i++) {
      sBe[i] = sLe[31 - i];
    }
    BigInteger sPlusL = new BigInteger(1, sBe).add(L);
    assertThat(sPlusL.bitLength()).isLessThanOrEqualTo(256);
    byte[] be = sPlusL.toByteArray();
    byte[] out = sig.clone();
    for (int i = 0; i < 32; i++) {
      int from = be.length - 1 - i;
      out[32 + i] = from >= 0 ? be[from] : 0;
    }
    assertThat(SignedTransaction.withSignature(s.body(), out).signatureValid()).isFalse();
  }

  @Provide
  Arbitrary<SignedTransaction> signedTxs() {
    return Arbitraries.randomValue(TestFixtures::randomSignedTx);
  }

  @Property(tries = 100)
  void everyFreshSignatureVerifies(@ForAll("signedTxs") SignedTransaction tx) {
    assertThat(tx.signatureValid()).isTrue();
  }

  @Property(tries = 100)
  void anyFlippedBitInBodyOrSignatureInvalidatesIt(@ForAll("signedTxs") SignedTransaction tx, @ForAll Random r) {
    byte[] bytes = tx.encode();
    int bodyStart = 5;
    int sigStart = bytes.length - 64;
    for (int round = 0; round < 10; round++) {
      byte[] changed = bytes.clone();
      int pos = bodyStart + r.nextInt(bytes.length - bodyStart);
      changed[pos] ^= (byte) (1 << r.nextInt(8));
      SignedTransaction decoded;
      try {
        decoded = SignedTransaction.decode(changed);
      } catch (DecodeException e) {
        continue; // the change broke the encoding: refused before any signature check
      }
      assertThat(decoded.signatureValid()).as("bit flipped at %d (signature starts at %d)", pos, sigStart).isFalse();
    }
    byte[] sig = tx.signature().toArray();
    int bit = r.nextInt(512);
    sig[bit / 8] ^= (byte) (1 << (bit % 8));
    assertThat(SignedTransaction.withSignature(tx.body(), sig).signatureValid()).isFalse();
  }

  @Property(tries = 50)
  void aSignatureDoesNotCarryOverToAnyOtherBody(@ForAll("signedTxs") SignedTransaction tx, @ForAll Random r) {
    Transaction b = tx.body();
    Transaction other = new Transaction(b.chainId(), b.sender(), b.nonce() == Long.MAX_VALUE ? 0 : b.nonce() + 1, b.contract(), b.method(), b.args(), b.expiresAtMillis());
    assertThat(SignedTransaction.withSignature(other, tx.signature().toArray()).signatureValid()).isFalse();
  }
}
