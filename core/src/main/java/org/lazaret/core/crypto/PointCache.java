package org.lazaret.core.crypto;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Decoded Ed25519 public points of recent senders. Decoding a key (a square root in the field) is
 * a sizeable share of each verification, and senders repeat, so the point is decoded once and
 * reused. Bounded by two generations of at most {@code GENERATION_SIZE} keys; the answer of a
 * verification never depends on whether the point came from here.
 */
final class PointCache {
  private static final int GENERATION_SIZE = 50_000;
  private static volatile ConcurrentHashMap<PublicKey, Optional<Ed25519.PublicPoint>> young = new ConcurrentHashMap<>();
  private static volatile ConcurrentHashMap<PublicKey, Optional<Ed25519.PublicPoint>> old = new ConcurrentHashMap<>();

  private PointCache() {}

  /** The decoded point, or empty when the bytes are not a valid public key encoding. */
  static Optional<Ed25519.PublicPoint> point(PublicKey key, byte[] encoded) {
    Optional<Ed25519.PublicPoint> p = young.get(key);
    if (p == null) {
      p = old.get(key);
      if (p == null) {
        p = Optional.ofNullable(Ed25519.validatePublicKeyPartialExport(encoded, 0));
      }
      young.put(key, p);
      if (young.size() > GENERATION_SIZE) {
        rotate();
      }
    }
    return p;
  }

  private static synchronized void rotate() {
    if (young.size() > GENERATION_SIZE) {
      old = young;
      young = new ConcurrentHashMap<>();
    }
  }
}
