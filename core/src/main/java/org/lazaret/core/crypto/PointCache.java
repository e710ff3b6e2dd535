package org.lazaret.core.crypto;

import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lazaret.core.BoundedCache;

/**
 * Decoded Ed25519 public points of recent senders, in the two forms verification reads them:
 * BouncyCastle's for one signature, {@link EdwardsPoint.Cached} for a batch. Decoding a key (a
 * square root in the field) is a sizeable share of each verification, and senders repeat, so the
 * point is decoded once and reused. Bounded; the answer of a verification never depends on whether
 * the point came from here.
 */
final class PointCache {
  private static final BoundedCache<PublicKey, Optional<Ed25519.PublicPoint>> POINTS = new BoundedCache<>(100_000);
  private static final BoundedCache<PublicKey, Optional<EdwardsPoint.Cached>> BATCH_POINTS = new BoundedCache<>(50_000);

  private PointCache() {}

  /** The decoded point, or empty when the bytes are not a valid public key encoding. */
  static Optional<Ed25519.PublicPoint> point(PublicKey key, byte[] encoded) {
    return cached(POINTS, key, k -> Optional.ofNullable(Ed25519.validatePublicKeyPartialExport(encoded, 0)));
  }

  /**
   * The point as a batch's sums read it, or empty when BouncyCastle would refuse the key: not a
   * point, or one of the eight of small order.
   */
  static Optional<EdwardsPoint.Cached> batchPoint(PublicKey key) {
    return cached(BATCH_POINTS, key, k -> EdwardsPoint.decode(k.toBytes(), 0).filter(p -> !p.timesEightIsNeutral()).map(EdwardsPoint::cached));
  }

  private static <P> Optional<P> cached(BoundedCache<PublicKey, Optional<P>> cache, PublicKey key, Function<PublicKey, Optional<P>> decode) {
    Optional<P> p = cache.get(key);
    if (p == null) {
      p = decode.apply(key);
      cache.put(key, p);
    }
    return p;
  }
}
