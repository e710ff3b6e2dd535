package org.lazaret.casedata.series;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.lazaret.casedata.CountKind;

/**
 * Pure functions over one series, in exact integer arithmetic (an overflow throws rather than
 * wraps). Conventions, chosen so that {@code toCumulative(toDaily(s))} is {@code s} exactly:
 *
 * <ul>
 *   <li>{@link #toDaily}: the first day's count is the first total (the series starts from zero);
 *       after a gap, a day's count is the change since the previous published day, so it covers
 *       the missing days too ({@link #gaps} finds them).
 *   <li>{@link #sevenDayAverage}: the trailing seven calendar days ending on each date, only where
 *       all seven are present; exact as {@code sum/7}, rounded half-even to {@link Average#SCALE}.
 *   <li>{@link #per100k}: {@code value * 100000 / population}, half-even to {@link
 *       #PER_100K_SCALE} places.
 * </ul>
 */
public final class Series {
  public static final int PER_100K_SCALE = 3;
  public static final int AVERAGE_DAYS = 7;

  private static final BigDecimal HUNDRED_THOUSAND = BigDecimal.valueOf(100_000);

  private Series() {}

  /** Daily counts from a cumulative series. */
  public static TimeSeries toDaily(TimeSeries cumulative) {
    require(cumulative, CountKind.CUMULATIVE);
    TreeMap<LocalDate, Long> daily = new TreeMap<>();
    long previous = 0;
    for (Map.Entry<LocalDate, Long> e : cumulative.values().entrySet()) {
      daily.put(e.getKey(), Math.subtractExact(e.getValue(), previous));
      previous = e.getValue();
    }
    return new TimeSeries(cumulative.key().withKind(CountKind.DAILY), daily);
  }

  /** Running totals from a daily series. */
  public static TimeSeries toCumulative(TimeSeries daily) {
    require(daily, CountKind.DAILY);
    TreeMap<LocalDate, Long> cumulative = new TreeMap<>();
    long total = 0;
    for (Map.Entry<LocalDate, Long> e : daily.values().entrySet()) {
      total = Math.addExact(total, e.getValue());
      cumulative.put(e.getKey(), total);
    }
    return new TimeSeries(daily.key().withKind(CountKind.CUMULATIVE), cumulative);
  }

  /** Trailing 7-day averages of a daily series. */
  public static List<Average> sevenDayAverage(TimeSeries daily) {
    return trailingAverage(daily, AVERAGE_DAYS);
  }

  /** Trailing averages over {@code days} calendar days, where every one of them is present. */
  public static List<Average> trailingAverage(TimeSeries daily, int days) {
    require(daily, CountKind.DAILY);
    if (days < 1) {
      throw new IllegalArgumentException("days must be >= 1: " + days);
    }
    NavigableMap<LocalDate, Long> values = daily.values();
    List<Average> out = new ArrayList<>();
    for (LocalDate date : values.keySet()) {
      LocalDate first = date.minusDays(days - 1L);
      NavigableMap<LocalDate, Long> window = values.subMap(first, true, date, true);
      if (window.size() == days) {
        long sum = 0;
        for (long v : window.values()) {
          sum = Math.addExact(sum, v);
        }
        out.add(new Average(date, sum, days));
      }
    }
    return out;
  }

  /** One value per 100,000 people. */
  public static BigDecimal per100k(long value, long population) {
    if (population <= 0) {
      throw new IllegalArgumentException("population must be positive: " + population);
    }
    return BigDecimal.valueOf(value)
        .multiply(HUNDRED_THOUSAND)
        .divide(BigDecimal.valueOf(population), PER_100K_SCALE, RoundingMode.HALF_EVEN);
  }

  /** Every value of a series per 100,000 people. */
  public static NavigableMap<LocalDate, BigDecimal> per100k(TimeSeries series, long population) {
    TreeMap<LocalDate, BigDecimal> out = new TreeMap<>();
    series.values().forEach((date, value) -> out.put(date, per100k(value, population)));
    return out;
  }

  /** Runs of days missing between a series' first and last date. */
  public static List<Gap> gaps(TimeSeries series) {
    List<Gap> out = new ArrayList<>();
    LocalDate previous = null;
    for (LocalDate date : series.values().keySet()) {
      if (previous != null && date.isAfter(previous.plusDays(1))) {
        out.add(new Gap(previous.plusDays(1), date.minusDays(1)));
      }
      previous = date;
    }
    return out;
  }

  /**
   * Days with a negative count (a source's downward correction); a cumulative series is first
   * turned into daily counts, so a falling total shows up here.
   */
  public static List<Point> negativeDaily(TimeSeries series) {
    TimeSeries daily = series.key().kind() == CountKind.DAILY ? series : toDaily(series);
    List<Point> out = new ArrayList<>();
    daily.values().forEach((date, value) -> {
      if (value < 0) {
        out.add(new Point(date, value));
      }
    });
    return out;
  }

  private static void require(TimeSeries series, CountKind kind) {
    if (series.key().kind() != kind) {
      throw new IllegalArgumentException(
          "expected a " + kind + " series, got " + series.key().kind() + " for " + series.key());
    }
  }
}
