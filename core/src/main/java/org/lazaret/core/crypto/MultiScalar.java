package org.lazaret.core.crypto;

import java.util.List;

/**
 * Σ sᵢ·Pᵢ over many points at once, the core of batch verification: one shared chain of doublings
 * instead of one per point. Few points use interleaved windows (Straus), many use buckets
 * (Pippenger), whose cost per point falls as the count grows. Scalars are 32-byte little-endian
 * values below 2^253 (reduced modulo the group order), recoded into signed digits so that each
 * window needs half the table or buckets.
 */
final class MultiScalar {
  private static final int SCALAR_BITS = 253;
  /** Below this many points, the tables of interleaved windows cost less than buckets. */
  private static final int BUCKETS_FROM = 48;
  private static final int STRAUS_WINDOW = 5;

  private MultiScalar() {}

  static EdwardsPoint sum(List<EdwardsPoint.Cached> points, List<byte[]> scalars) {
    org.lazaret.core.Invariants.check(points.size() == scalars.size(), "%d points but %d scalars", points.size(), scalars.size());
    return points.size() < BUCKETS_FROM ? straus(points, scalars) : pippenger(points, scalars);
  }

  private static EdwardsPoint straus(List<EdwardsPoint.Cached> points, List<byte[]> scalars) {
    int c = STRAUS_WINDOW;
    int half = 1 << (c - 1);
    int windows = windows(c);
    int n = points.size();
    EdwardsPoint.Scratch s = new EdwardsPoint.Scratch();
    // table[i][j] = (j+1)·Pᵢ
    EdwardsPoint.Cached[][] table = new EdwardsPoint.Cached[n][half];
    int[][] digits = new int[n][];
    for (int i = 0; i < n; i++) {
      EdwardsPoint.Cached p = points.get(i);
      EdwardsPoint acc = new EdwardsPoint();
      for (int j = 0; j < half; j++) {
        acc.plus(p, false, s);
        table[i][j] = acc.cached();
      }
      digits[i] = recode(scalars.get(i), c, windows);
    }
    EdwardsPoint r = new EdwardsPoint();
    for (int w = windows - 1; w >= 0; w--) {
      if (w != windows - 1) {
        for (int k = 0; k < c; k++) {
          r.twice(s);
        }
      }
      for (int i = 0; i < n; i++) {
        int d = digits[i][w];
        if (d != 0) {
          r.plus(table[i][Math.abs(d) - 1], d < 0, s);
        }
      }
    }
    return r;
  }

  private static EdwardsPoint pippenger(List<EdwardsPoint.Cached> points, List<byte[]> scalars) {
    int n = points.size();
    int c = Math.max(4, Math.min(10, 31 - Integer.numberOfLeadingZeros(n) - 2));
    int half = 1 << (c - 1);
    int windows = windows(c);
    int[][] digits = new int[n][];
    for (int i = 0; i < n; i++) {
      digits[i] = recode(scalars.get(i), c, windows);
    }
    EdwardsPoint.Scratch s = new EdwardsPoint.Scratch();
    EdwardsPoint[] buckets = new EdwardsPoint[half];
    boolean[] filled = new boolean[half];
    for (int j = 0; j < half; j++) {
      buckets[j] = new EdwardsPoint();
    }
    EdwardsPoint r = new EdwardsPoint();
    EdwardsPoint running = new EdwardsPoint();
    EdwardsPoint window = new EdwardsPoint();
    for (int w = windows - 1; w >= 0; w--) {
      if (w != windows - 1) {
        for (int k = 0; k < c; k++) {
          r.twice(s);
        }
      }
      java.util.Arrays.fill(filled, false);
      for (int i = 0; i < n; i++) {
        int d = digits[i][w];
        if (d != 0) {
          int j = Math.abs(d) - 1;
          if (!filled[j]) {
            buckets[j].setIdentity();
            filled[j] = true;
          }
          buckets[j].plus(points.get(i), d < 0, s);
        }
      }
      // Σ (j+1)·bucket[j] as running sums from the top bucket down.
      running.setIdentity();
      window.setIdentity();
      boolean started = false;
      for (int j = half - 1; j >= 0; j--) {
        if (filled[j]) {
          running.plus(buckets[j], s);
          started = true;
        }
        if (started) {
          window.plus(running, s);
        }
      }
      if (started) {
        r.plus(window, s);
      }
    }
    return r;
  }

  /** Enough windows of c bits for a scalar below 2^253 and the carry of its top signed digit. */
  private static int windows(int c) {
    return (SCALAR_BITS + c - 1) / c + 1;
  }

  /** Signed digits in [-2^(c-1), 2^(c-1)), least significant first, that sum to the scalar. */
  static int[] recode(byte[] scalar, int c, int windows) {
    int[] out = new int[windows];
    int carry = 0;
    int radix = 1 << c;
    int half = radix >>> 1;
    for (int w = 0; w < windows; w++) {
      int v = bits(scalar, w * c, c) + carry;
      if (v >= half) {
        out[w] = v - radix;
        carry = 1;
      } else {
        out[w] = v;
        carry = 0;
      }
    }
    org.lazaret.core.Invariants.check(carry == 0, "scalar too large for %d windows of %d bits", windows, c);
    return out;
  }

  private static int bits(byte[] s, int from, int count) {
    int v = 0;
    int first = from >>> 3;
    for (int i = 0; i < 3 && first + i < s.length; i++) {
      v |= (s[first + i] & 0xFF) << (8 * i);
    }
    return (v >>> (from & 7)) & ((1 << count) - 1);
  }
}
