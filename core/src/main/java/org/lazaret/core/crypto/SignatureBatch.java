package org.lazaret.core.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * Verifies many Ed25519 signatures at once, at well under half the cost of verifying each: with
 * random 128-bit zᵢ, every signature holds when 8·(Σ zᵢ·Rᵢ + Σ (zᵢ·kᵢ)·Aᵢ - (Σ zᵢ·Sᵢ)·B) is
 * the neutral point, and one multi-scalar sum replaces a scalar multiplication per signature. A
 * batch that fails is verified one by one, so that each signature gets the answer
 * {@link PublicKey#verify} gives it: the nodes of a chain must agree on every signature, however
 * their batches happened to be made up.
 *
 * <p>That holds because the batch equation is the check BouncyCastle makes for one signature,
 * summed: its verifier is cofactored too (it clears the factor 8 before comparing), and the
 * encodings are taken apart by the same rules — R and A with y below p, x = 0 only with a clear
 * sign bit, A not of small order, and S below the group order. A forged signature passes a
 * batch only if the random zᵢ happen to cancel it, with a chance of 2^-125 or less.
 */
public final class SignatureBatch {
  /** Below this, a multi-scalar sum saves too little over checking each. */
  static final int BATCH_MIN = 8;

  private static final BigInteger L = EdwardsPoint.ORDER;

  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

  private SignatureBatch() {}

  /** Whether each signature is valid for its key and message, as {@link PublicKey#verify} answers. */
  public static boolean[] verify(List<PublicKey> keys, List<byte[]> messages, List<byte[]> signatures) {
    int n = keys.size();
    org.lazaret.core.Invariants.check(messages.size() == n && signatures.size() == n, "%d keys, %d messages, %d signatures", n, messages.size(), signatures.size());
    boolean[] valid = new boolean[n];
    if (n < BATCH_MIN) {
      for (int i = 0; i < n; i++) {
        valid[i] = keys.get(i).verify(messages.get(i), signatures.get(i));
      }
      return valid;
    }
    byte[] zs = new byte[16 * n];
    RANDOM.get().nextBytes(zs);
    List<EdwardsPoint.Cached> points = new ArrayList<>(2 * n + 1);
    List<byte[]> scalars = new ArrayList<>(2 * n + 1);
    BigInteger zsSum = BigInteger.ZERO;
    List<Integer> batched = new ArrayList<>(n);
    List<Integer> alone = new ArrayList<>();
    SHA512Digest sha = new SHA512Digest();
    for (int i = 0; i < n; i++) {
      Optional<Parts> parts = parts(keys.get(i), messages.get(i), signatures.get(i), sha);
      if (parts.isEmpty()) {
        alone.add(i); // malformed: the one-by-one check gives its (negative) answer
        continue;
      }
      Parts p = parts.get();
      zs[16 * i] |= 1; // never zero, or the signature would drop out of the sum
      BigInteger z = unsigned(zs, 16 * i, 16);
      points.add(p.r());
      scalars.add(littleEndian(z));
      points.add(p.a());
      scalars.add(littleEndian(z.multiply(p.k()).mod(L)));
      zsSum = zsSum.add(z.multiply(p.s()));
      batched.add(i);
    }
    if (!batched.isEmpty()) {
      points.add(EdwardsPoint.BASE);
      scalars.add(littleEndian(L.subtract(zsSum.mod(L)).mod(L)));
      if (MultiScalar.sum(points, scalars).timesEightIsNeutral()) {
        for (int i : batched) {
          valid[i] = true;
        }
      } else {
        alone.addAll(batched);
      }
    }
    for (int i : alone) {
      valid[i] = keys.get(i).verify(messages.get(i), signatures.get(i));
    }
    return valid;
  }

  /** A signature taken apart: R and A decoded, S below the order, k = SHA-512(R ‖ A ‖ M) mod L. */
  private record Parts(EdwardsPoint.Cached r, EdwardsPoint.Cached a, BigInteger s, BigInteger k) {}

  private static Optional<Parts> parts(PublicKey key, byte[] message, byte[] signature, SHA512Digest sha) {
    if (signature.length != PublicKey.SIGNATURE_LENGTH) {
      return Optional.empty();
    }
    BigInteger s = unsigned(signature, 32, 32);
    if (s.compareTo(L) >= 0) {
      return Optional.empty();
    }
    Optional<EdwardsPoint.Cached> a = PointCache.batchPoint(key);
    if (a.isEmpty()) {
      return Optional.empty();
    }
    Optional<EdwardsPoint> r = EdwardsPoint.decode(signature, 0);
    if (r.isEmpty()) {
      return Optional.empty();
    }
    byte[] h = new byte[64];
    sha.reset();
    sha.update(signature, 0, 32);
    byte[] pk = key.toBytes();
    sha.update(pk, 0, pk.length);
    sha.update(message, 0, message.length);
    sha.doFinal(h, 0);
    return Optional.of(new Parts(r.get().cached(), a.get(), s, unsigned(h, 0, 64).mod(L)));
  }

  /** The unsigned little-endian integer in {@code length} bytes from {@code offset}. */
  static BigInteger unsigned(byte[] le, int offset, int length) {
    byte[] be = new byte[length + 1];
    for (int i = 0; i < length; i++) {
      be[length - i] = le[offset + i];
    }
    return new BigInteger(be);
  }

  /** A value below 2^256 as 32 little-endian bytes. */
  static byte[] littleEndian(BigInteger v) {
    org.lazaret.core.Invariants.check(v.signum() >= 0 && v.bitLength() <= 256, "scalar of %d bits", v.bitLength());
    byte[] be = v.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < Math.min(32, be.length); i++) {
      out[i] = be[be.length - 1 - i];
    }
    return out;
  }
}
