package org.lazaret.casedata.compare;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How far two counts of the same thing may differ before it is worth a person's attention. Two
 * values differ beyond tolerance when their difference exceeds both the absolute allowance and
 * the relative allowance times the larger magnitude; set one allowance to zero to use only the
 * other. The default, 10 and 1 %, ignores the noise of small counts and of a source catching up a
 * day late on a flat curve, and flags the real disagreements (JHU and ECDC on Germany in April
 * 2020 differ by about 6 %).
 */
public record Tolerance(long absolute, BigDecimal relative) {
  public static final Tolerance DEFAULT = new Tolerance(10, new BigDecimal("0.01"));
  /** Any difference at all. */
  public static final Tolerance EXACT = new Tolerance(0, BigDecimal.ZERO);

  public Tolerance {
    Objects.requireNonNull(relative, "relative");
    if (absolute < 0) {
      throw new IllegalArgumentException("absolute tolerance must be >= 0: " + absolute);
    }
    if (relative.signum() < 0) {
      throw new IllegalArgumentException("relative tolerance must be >= 0: " + relative);
    }
  }

  /** True when {@code a} and {@code b} differ beyond this tolerance. Symmetric. */
  public boolean exceeded(long a, long b) {
    BigDecimal x = BigDecimal.valueOf(a);
    BigDecimal y = BigDecimal.valueOf(b);
    BigDecimal difference = x.subtract(y).abs();
    BigDecimal larger = x.abs().max(y.abs());
    return difference.compareTo(BigDecimal.valueOf(absolute)) > 0
        && difference.compareTo(relative.multiply(larger)) > 0;
  }
}
