package org.lazaret.contracts.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.governance.GovernanceContract;

/**
 * How far two counts of the same thing may differ before the ledger records it, in integers
 * only: {@code a} and {@code b} differ beyond tolerance when {@code |a - b| > absolute} and
 * {@code 100 * |a - b| > percent * max(|a|, |b|)}, the same rule as the case-data library's
 * tolerance with its relative part as a whole percentage. Counts are bounded by {@link
 * DatasetContract#VALUE_ABS_MAX} and the percentage by 100, so neither product can overflow.
 */
record Tolerance(long absolute, long percent) {
  static final String ABSOLUTE_PARAM = "data.toleranceAbsolute";
  static final String PERCENT_PARAM = "data.tolerancePercent";
  static final Tolerance DEFAULT = new Tolerance(10, 1);

  Tolerance {
    if (absolute < 0 || absolute > DatasetContract.VALUE_ABS_MAX) {
      throw new IllegalArgumentException("absolute tolerance out of range: " + absolute);
    }
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent tolerance out of range: " + percent);
    }
  }

  /**
   * The consortium's tolerance from the governance parameters; a parameter that is missing or
   * outside its range (governance does not check these values) counts as its default, on every
   * node alike.
   */
  static Tolerance read(Context ctx) {
    long absolute =
        param(ctx, ABSOLUTE_PARAM, DatasetContract.VALUE_ABS_MAX).orElse(DEFAULT.absolute());
    long percent = param(ctx, PERCENT_PARAM, 100).orElse(DEFAULT.percent());
    return new Tolerance(absolute, percent);
  }

  private static java.util.OptionalLong param(Context ctx, String name, long max) {
    JsonNode v = ctx.read(GovernanceContract.paramKey(name)).orElse(null);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      return java.util.OptionalLong.empty();
    }
    long x = v.longValue();
    return x >= 0 && x <= max ? java.util.OptionalLong.of(x) : java.util.OptionalLong.empty();
  }

  /** True when the two counts differ beyond this tolerance. Symmetric. */
  boolean exceeded(long a, long b) {
    long difference = Math.abs(a - b);
    long larger = Math.max(Math.abs(a), Math.abs(b));
    return difference > absolute && difference * 100 > percent * larger;
  }
}
