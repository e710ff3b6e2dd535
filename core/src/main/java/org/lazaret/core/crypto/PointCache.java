package org.lazaret.core.crypto;

import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lazaret.core.BoundedCache;

/**
 * Decoded Ed25519 public points of recent senders. Decoding a key (a square root in the field) is
 * a sizeable share of each verification, and senders repeat, so the point is decoded once and
 * reused. Bounded; the answer of a verification never depends on whether the point came from
 * here.
 */
final class PointCache {
  private static final BoundedCache<PublicKey, Optional<Ed25519.PublicPoint>> POINTS = new BoundedCache<>(100_000);

  private PointCache() {}

  /** The decoded point, or empty when the bytes are not a valid public key encoding. */
  static Optional<Ed25519.PublicPoint> point(PublicKey key, byte[] encoded) {
    Optional<Ed25519.PublicPoint> p = POINTS.get(key);
    if (p == null) {
      p = Optional.ofNullable(Ed25519.validatePublicKeyPartialExport(encoded, 0));
      POINTS.put(key, p);
    }
    return p;
  }
}
