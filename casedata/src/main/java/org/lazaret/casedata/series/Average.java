package org.lazaret.casedata.series;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The trailing average ending on {@code date}: exactly {@code sum / days}; {@link #value()}
 * rounds it half-even to {@link #SCALE} decimal places for display and comparison.
 */
public record Average(LocalDate date, long sum, int days) {
  public static final int SCALE = 3;

  public Average {
    Objects.requireNonNull(date, "date");
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1: " + days);
    }
  }

  public BigDecimal value() {
    return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(days), SCALE, RoundingMode.HALF_EVEN);
  }
}
