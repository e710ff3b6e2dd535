package org.lazaret.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

class SignatureBatchTest {
  private static final BigInteger L = EdwardsPoint.ORDER;

  @Test
  void theGroupLawAgreesWithBouncyCastleOnPublicKeys() {
    Random rnd = new Random(7);
    for (int i = 0; i < 20; i++) {
      byte[] seed = new byte[32];
      rnd.nextBytes(seed);
      byte[] expected = new byte[32];
      Ed25519.generatePublicKey(seed, 0, expected, 0);
      assertThat(times(secretScalar(seed), EdwardsPoint.BASE).encode()).isEqualTo(expected);
    }
  }

  @Test
  void theBasePointHasTheGroupOrder() {
    assertThat(times(L, EdwardsPoint.BASE).isIdentity()).isTrue();
    assertThat(times(L.subtract(BigInteger.ONE), EdwardsPoint.BASE).isIdentity()).isFalse();
    EdwardsPoint b = times(BigInteger.ONE, EdwardsPoint.BASE);
    assertThat(b.encode()).isEqualTo(org.lazaret.core.Hex.decode("b", "5866666666666666666666666666666666666666666666666666666666666666"));
  }

  @Test
  void bucketsAndWindowsGiveTheSameSum() {
    Random rnd = new Random(11);
    List<EdwardsPoint.Cached> points = new ArrayList<>();
    List<byte[]> scalars = new ArrayList<>();
    EdwardsPoint expected = new EdwardsPoint();
    EdwardsPoint.Scratch s = new EdwardsPoint.Scratch();
    for (int i = 0; i < 70; i++) {
      EdwardsPoint.Cached p = times(new BigInteger(250, rnd), EdwardsPoint.BASE).cached();
      BigInteger k = new BigInteger(253, rnd).mod(L);
      points.add(p);
      scalars.add(SignatureBatch.littleEndian(k));
      expected.plus(MultiScalar.sum(List.of(p), List.of(SignatureBatch.littleEndian(k))), s);
    }
    assertThat(MultiScalar.sum(points, scalars).encode()).isEqualTo(expected.encode());
  }

  @Test
  void aBatchOfValidSignaturesHolds() {
    Signed b = signed(300, 3);
    assertThat(SignatureBatch.verify(b.keys, b.messages, b.signatures)).containsOnly(true);
  }

  @Test
  void eachForgedSignatureIsFoundAndOnlyIt() {
    Signed b = signed(200, 5);
    b.signatures.get(17)[40] ^= 1; // S changed
    b.messages.get(90)[3] ^= (byte) 0x80; // message changed
    b.signatures.get(150)[2] ^= 4; // R changed
    b.signatures.set(151, Arrays.copyOf(b.signatures.get(151), 63)); // short
    boolean[] v = SignatureBatch.verify(b.keys, b.messages, b.signatures);
    for (int i = 0; i < v.length; i++) {
      assertThat(v[i]).as("signature %d", i).isEqualTo(i != 17 && i != 90 && i != 150 && i != 151);
    }
  }

  /** Forgeries that cancel out in a plain sum (S + δ in one, S - δ in another) are each caught. */
  @Test
  void forgeriesThatCancelInAPlainSumAreCaught() {
    Signed b = signed(40, 21);
    BigInteger delta = new BigInteger("31415926535897932384626433832795");
    shiftScalar(b.signatures.get(5), delta);
    shiftScalar(b.signatures.get(33), L.subtract(delta));
    boolean[] v = SignatureBatch.verify(b.keys, b.messages, b.signatures);
    for (int i = 0; i < v.length; i++) {
      assertThat(v[i]).as("signature %d", i).isEqualTo(i != 5 && i != 33);
    }
  }

  private static void shiftScalar(byte[] sig, BigInteger by) {
    BigInteger s = SignatureBatch.unsigned(sig, 32, 32).add(by).mod(L);
    System.arraycopy(SignatureBatch.littleEndian(s), 0, sig, 32, 32);
  }

  @Test
  void aSignatureWithANonCanonicalScalarIsRefused() {
    Signed b = signed(20, 9);
    byte[] sig = b.signatures.get(4);
    BigInteger s = SignatureBatch.unsigned(sig, 32, 32).add(L); // same point sum, S + L
    System.arraycopy(SignatureBatch.littleEndian(s), 0, sig, 32, 32);
    assertThat(SignatureBatch.verify(b.keys, b.messages, b.signatures)).containsExactly(expectedAllBut(20, 4));
    assertThat(b.keys.get(4).verify(b.messages.get(4), sig)).isFalse();
  }

  /**
   * A signature whose R has a small-order part holds cofactored, and BouncyCastle's check is
   * cofactored: accepted alone, it must be accepted in a batch too, or nodes whose batches were
   * made up differently would disagree about it.
   */
  @Test
  void aSignatureWithASmallOrderPartGetsOneAnswerAloneAndInABatch() {
    byte[] seed = new byte[32];
    seed[0] = 42;
    byte[] pk = new byte[32];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    byte[] message = "small order".getBytes(StandardCharsets.UTF_8);
    BigInteger r = new BigInteger("123456789123456789123456789");
    EdwardsPoint rPoint = times(r, EdwardsPoint.BASE);
    rPoint.plus(smallOrderPoint().cached(), false, new EdwardsPoint.Scratch());
    byte[] rBytes = rPoint.encode();
    BigInteger k = SignatureBatch.unsigned(sha512(rBytes, pk, message), 0, 64).mod(L);
    byte[] sig = signature(rBytes, r.add(k.multiply(secretScalar(seed))).mod(L));

    PublicKey key = PublicKey.wrap(pk);
    assertThat(key.verify(message, sig)).isTrue();
    Signed b = signedWith(30, 6, key, message, sig);
    assertThat(SignatureBatch.verify(b.keys, b.messages, b.signatures)).containsOnly(true);
    sig[40] ^= 1;
    assertThat(key.verify(message, sig)).isFalse();
    assertThat(SignatureBatch.verify(b.keys, b.messages, b.signatures)).containsExactly(expectedAllBut(30, 6));
  }

  /**
   * For a key of small order, R = S·B makes the cofactored equation hold for any message; such
   * keys are refused alone, and must be refused in a batch.
   */
  @Test
  void aKeyOfSmallOrderIsRefusedInABatch() {
    EdwardsPoint t = smallOrderPoint();
    byte[] identity = new byte[32];
    identity[0] = 1;
    for (byte[] pk : List.of(identity, t.encode())) {
      byte[] message = "anything".getBytes(StandardCharsets.UTF_8);
      BigInteger s = new BigInteger("987654321987654321");
      byte[] sig = signature(times(s, EdwardsPoint.BASE).encode(), s);
      PublicKey key = PublicKey.wrap(pk);
      assertThat(key.verify(message, sig)).isFalse();
      Signed b = signedWith(20, 3, key, message, sig);
      assertThat(SignatureBatch.verify(b.keys, b.messages, b.signatures)).containsExactly(expectedAllBut(20, 3));
    }
  }

  /** A batch of {@code n} valid signatures but the one given at {@code at}. */
  private static Signed signedWith(int n, int at, PublicKey key, byte[] message, byte[] sig) {
    Signed b = signed(n, n);
    b.keys.set(at, key);
    b.messages.set(at, message);
    b.signatures.set(at, sig);
    return b;
  }

  private static byte[] signature(byte[] r, BigInteger s) {
    byte[] sig = new byte[64];
    System.arraycopy(r, 0, sig, 0, 32);
    System.arraycopy(SignatureBatch.littleEndian(s), 0, sig, 32, 32);
    return sig;
  }

  /** Whatever is changed, a batch answers for each signature exactly as it is answered alone. */
  @Property(tries = 60)
  void aBatchAnswersAsEachSignatureAlone(@ForAll @IntRange(min = 1, max = 80) int size, @ForAll @IntRange(min = 0, max = 5) int forged, @ForAll long seed) {
    Random rnd = new Random(seed);
    Signed b = signed(size, seed);
    for (int f = 0; f < forged; f++) {
      int i = rnd.nextInt(size);
      switch (rnd.nextInt(3)) {
        case 0 -> b.signatures.get(i)[rnd.nextInt(64)] ^= (byte) (1 << rnd.nextInt(8));
        case 1 -> b.messages.get(i)[rnd.nextInt(b.messages.get(i).length)] ^= (byte) (1 << rnd.nextInt(8));
        default -> b.keys.set(i, b.keys.get(rnd.nextInt(size)));
      }
    }
    boolean[] batch = SignatureBatch.verify(b.keys, b.messages, b.signatures);
    for (int i = 0; i < size; i++) {
      byte[] pk = b.keys.get(i).toBytes();
      boolean alone = Ed25519.verify(b.signatures.get(i), 0, pk, 0, b.messages.get(i), 0, b.messages.get(i).length);
      assertThat(batch[i]).as("signature %d", i).isEqualTo(alone);
    }
  }

  private static boolean[] expectedAllBut(int n, int bad) {
    boolean[] out = new boolean[n];
    Arrays.fill(out, true);
    out[bad] = false;
    return out;
  }

  private record Signed(List<PublicKey> keys, List<byte[]> messages, List<byte[]> signatures) {}

  private static Signed signed(int n, long seed) {
    Random rnd = new Random(seed);
    List<KeyPair> pairs = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      pairs.add(KeyPair.deterministic("batch-" + seed + "-" + i));
    }
    Signed out = new Signed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    for (int i = 0; i < n; i++) {
      KeyPair k = pairs.get(rnd.nextInt(pairs.size()));
      byte[] m = new byte[1 + rnd.nextInt(300)];
      rnd.nextBytes(m);
      out.keys.add(k.publicKey());
      out.messages.add(m);
      out.signatures.add(k.sign(m));
    }
    return out;
  }

  private static EdwardsPoint times(BigInteger k, EdwardsPoint.Cached p) {
    return MultiScalar.sum(List.of(p), List.of(SignatureBatch.littleEndian(k)));
  }

  /** A point of order 8: L·P for a point P off the prime-order subgroup. */
  private static EdwardsPoint smallOrderPoint() {
    for (int y = 2; ; y++) {
      byte[] enc = SignatureBatch.littleEndian(BigInteger.valueOf(y));
      java.util.Optional<EdwardsPoint> p = EdwardsPoint.decode(enc, 0);
      if (p.isEmpty()) {
        continue;
      }
      EdwardsPoint t = times(L, p.get().cached());
      EdwardsPoint.Scratch s = new EdwardsPoint.Scratch();
      EdwardsPoint four = new EdwardsPoint();
      four.set(t);
      four.twice(s);
      four.twice(s);
      if (!four.isIdentity() && t.timesEightIsNeutral()) {
        return t;
      }
    }
  }

  /** The secret scalar RFC 8032 derives from a seed, reduced modulo L. */
  private static BigInteger secretScalar(byte[] seed) {
    byte[] h = new byte[64];
    SHA512Digest d = new SHA512Digest();
    d.update(seed, 0, 32);
    d.doFinal(h, 0);
    h[0] &= (byte) 248;
    h[31] &= 127;
    h[31] |= 64;
    return SignatureBatch.unsigned(h, 0, 32).mod(L);
  }

  private static byte[] sha512(byte[]... parts) {
    SHA512Digest d = new SHA512Digest();
    for (byte[] p : parts) {
      d.update(p, 0, p.length);
    }
    byte[] h = new byte[64];
    d.doFinal(h, 0);
    return h;
  }
}
