package org.lazaret.core.crypto;

import java.util.Optional;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of the Ed25519 curve, -x² + y² = 1 + d·x²·y², in extended coordinates (X : Y : Z : T
 * with x = X/Z, y = Y/Z, T = X·Y/Z), over BouncyCastle's field arithmetic. BouncyCastle keeps its
 * group law private, and batch verification needs one to add many points into shared sums.
 * Mutable, as a working register: the sums are built in place without allocating per addition.
 *
 * <p>Field values fed to a multiplication are kept within one addition of a carried value, the
 * bound BouncyCastle's multiplication is written for; a second addition is carried first.
 */
final class EdwardsPoint {
  /** d = -121665/121666, and 2d, the constant of the addition law. */
  static final int[] D = X25519Field.create();

  static final int[] D2 = X25519Field.create();

  /** The group's order, L = 2^252 + 27742317777372353535851937790883648493. */
  static final java.math.BigInteger ORDER = java.math.BigInteger.TWO.pow(252).add(new java.math.BigInteger("27742317777372353535851937790883648493"));

  static {
    int[] den = X25519Field.create();
    den[0] = 121666;
    X25519Field.inv(den, den);
    int[] num = X25519Field.create();
    num[0] = 121665;
    X25519Field.mul(num, den, D);
    X25519Field.negate(D, D);
    X25519Field.carry(D);
    X25519Field.normalize(D);
    X25519Field.add(D, D, D2);
    X25519Field.carry(D2);
  }

  /** The base point B of RFC 8032, y = 4/5 with x even. */
  static final Cached BASE = decode(org.lazaret.core.Hex.decode("base point", "5866666666666666666666666666666666666666666666666666666666666666"), 0)
      .orElseThrow()
      .cached();

  final int[] x = X25519Field.create();
  final int[] y = X25519Field.create();
  final int[] z = X25519Field.create();
  final int[] t = X25519Field.create();

  /** The neutral element, (0, 1). */
  EdwardsPoint() {
    y[0] = 1;
    z[0] = 1;
  }

  void setIdentity() {
    X25519Field.zero(x);
    X25519Field.one(y);
    X25519Field.one(z);
    X25519Field.zero(t);
  }

  void set(EdwardsPoint p) {
    System.arraycopy(p.x, 0, x, 0, X25519Field.SIZE);
    System.arraycopy(p.y, 0, y, 0, X25519Field.SIZE);
    System.arraycopy(p.z, 0, z, 0, X25519Field.SIZE);
    System.arraycopy(p.t, 0, t, 0, X25519Field.SIZE);
  }

  /**
   * Decodes a point as RFC 8032 (5.1.3) does, with the same strictness as BouncyCastle's verifier:
   * y must be below p, x must exist, and x = 0 must not carry a set sign bit. Empty otherwise.
   */
  static Optional<EdwardsPoint> decode(byte[] encoded, int offset) {
    if (!canonicalY(encoded, offset)) {
      return Optional.empty();
    }
    EdwardsPoint p = new EdwardsPoint();
    int sign = (encoded[offset + 31] & 0x80) >>> 7;
    X25519Field.decode(encoded, offset, p.y);
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(p.y, u);
    X25519Field.mul(D, u, v);
    X25519Field.subOne(u);
    X25519Field.addOne(v);
    if (!X25519Field.sqrtRatioVar(u, v, p.x)) {
      return Optional.empty();
    }
    X25519Field.normalize(p.x);
    if (sign == 1 && X25519Field.isZeroVar(p.x)) {
      return Optional.empty();
    }
    if (sign != (p.x[0] & 1)) {
      X25519Field.negate(p.x, p.x);
      X25519Field.carry(p.x);
    }
    X25519Field.one(p.z);
    X25519Field.mul(p.x, p.y, p.t);
    return Optional.of(p);
  }

  /** Whether the low 255 bits, little-endian, are below p = 2^255 - 19. */
  private static boolean canonicalY(byte[] e, int off) {
    if ((e[off + 31] & 0x7F) != 0x7F) {
      return true;
    }
    for (int i = 30; i >= 1; i--) {
      if ((e[off + i] & 0xFF) != 0xFF) {
        return true;
      }
    }
    return (e[off] & 0xFF) < 0xED;
  }

  /** The 32-byte encoding: y, with the sign of x in the top bit. */
  byte[] encode() {
    int[] zi = X25519Field.create();
    int[] ax = X25519Field.create();
    int[] ay = X25519Field.create();
    X25519Field.inv(z, zi);
    X25519Field.mul(x, zi, ax);
    X25519Field.mul(y, zi, ay);
    X25519Field.normalize(ax);
    X25519Field.normalize(ay);
    byte[] out = new byte[32];
    X25519Field.encode(ay, out, 0);
    out[31] |= (byte) ((ax[0] & 1) << 7);
    return out;
  }

  boolean isIdentity() {
    int[] a = X25519Field.create();
    System.arraycopy(x, 0, a, 0, X25519Field.SIZE);
    X25519Field.carry(a);
    X25519Field.normalize(a);
    if (!X25519Field.isZeroVar(a)) {
      return false;
    }
    X25519Field.sub(y, z, a);
    X25519Field.carry(a);
    X25519Field.normalize(a);
    return X25519Field.isZeroVar(a);
  }

  /**
   * Whether 8·this is neutral: for a sum of signature equations, that they all hold; for a public
   * key, that it is one of the eight points of small order, which no key may be.
   */
  boolean timesEightIsNeutral() {
    EdwardsPoint p = new EdwardsPoint();
    p.set(this);
    Scratch s = new Scratch();
    p.twice(s);
    p.twice(s);
    p.twice(s);
    return p.isIdentity();
  }

  /**
   * This point in the form an addition reads it (y+x, y-x, 2d·x·y, 2z), so that adding it costs
   * one multiplication fewer than adding a point in extended coordinates.
   */
  Cached cached() {
    Cached c = new Cached();
    X25519Field.apm(y, x, c.ypx, c.ymx);
    X25519Field.carry(c.ypx);
    X25519Field.carry(c.ymx);
    X25519Field.mul(t, D2, c.t2d);
    X25519Field.add(z, z, c.z2);
    X25519Field.carry(c.z2);
    return c;
  }

  /** this += q, or this -= q when {@code negate}; complete, so any two points (equal, neutral) add. */
  void plus(Cached q, boolean negate, Scratch s) {
    X25519Field.apm(y, x, s.b, s.a);
    X25519Field.mul(s.a, negate ? q.ypx : q.ymx, s.a);
    X25519Field.mul(s.b, negate ? q.ymx : q.ypx, s.b);
    X25519Field.mul(t, q.t2d, s.c);
    X25519Field.mul(z, q.z2, s.d);
    X25519Field.apm(s.b, s.a, s.h, s.e);
    if (negate) {
      X25519Field.apm(s.d, s.c, s.f, s.g);
    } else {
      X25519Field.apm(s.d, s.c, s.g, s.f);
    }
    X25519Field.mul(s.e, s.f, x);
    X25519Field.mul(s.g, s.h, y);
    X25519Field.mul(s.e, s.h, t);
    X25519Field.mul(s.f, s.g, z);
  }

  /** this += q for q in extended coordinates. */
  void plus(EdwardsPoint q, Scratch s) {
    X25519Field.apm(y, x, s.b, s.a);
    X25519Field.apm(q.y, q.x, s.h, s.e);
    X25519Field.mul(s.a, s.e, s.a);
    X25519Field.mul(s.b, s.h, s.b);
    X25519Field.mul(t, q.t, s.c);
    X25519Field.mul(s.c, D2, s.c);
    X25519Field.mul(z, q.z, s.d);
    X25519Field.add(s.d, s.d, s.d);
    X25519Field.carry(s.d);
    X25519Field.apm(s.b, s.a, s.h, s.e);
    X25519Field.apm(s.d, s.c, s.g, s.f);
    X25519Field.mul(s.e, s.f, x);
    X25519Field.mul(s.g, s.h, y);
    X25519Field.mul(s.e, s.h, t);
    X25519Field.mul(s.f, s.g, z);
  }

  /** this = 2·this. */
  void twice(Scratch s) {
    X25519Field.sqr(x, s.a);
    X25519Field.sqr(y, s.b);
    X25519Field.sqr(z, s.c);
    X25519Field.add(s.c, s.c, s.c);
    X25519Field.add(x, y, s.e);
    X25519Field.sqr(s.e, s.e);
    // E = (x+y)² - A - B, G = B - A, F = G - C, H = -A - B
    X25519Field.apm(s.b, s.a, s.h, s.g);
    X25519Field.sub(s.e, s.h, s.e);
    X25519Field.carry(s.e);
    X25519Field.sub(s.g, s.c, s.f);
    X25519Field.carry(s.f);
    X25519Field.negate(s.h, s.h);
    X25519Field.mul(s.e, s.f, x);
    X25519Field.mul(s.g, s.h, y);
    X25519Field.mul(s.e, s.h, t);
    X25519Field.mul(s.f, s.g, z);
  }

  /** A point prepared for addition; see {@link #cached}. Never changed once made. */
  static final class Cached {
    final int[] ypx = X25519Field.create();
    final int[] ymx = X25519Field.create();
    final int[] t2d = X25519Field.create();
    final int[] z2 = X25519Field.create();
  }

  /** Temporaries of one thread's additions. */
  static final class Scratch {
    final int[] a = X25519Field.create();
    final int[] b = X25519Field.create();
    final int[] c = X25519Field.create();
    final int[] d = X25519Field.create();
    final int[] e = X25519Field.create();
    final int[] f = X25519Field.create();
    final int[] g = X25519Field.create();
    final int[] h = X25519Field.create();
  }
}
