package org.lazaret.casedata.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.lazaret.casedata.CountKind;
import org.lazaret.casedata.Metric;
import org.lazaret.casedata.place.PlaceId;

/** Round trips and invariants of the series functions over arbitrary series, gaps included. */
class SeriesPropertiesTest {
  private static final SeriesKey DAILY =
      new SeriesKey(PlaceId.of("FRA"), Metric.DEATHS, CountKind.DAILY);

  private static TimeSeries build(SeriesKey key, List<Long> values, List<Integer> steps) {
    TreeMap<LocalDate, Long> map = new TreeMap<>();
    LocalDate date = LocalDate.of(2020, 1, 22);
    for (int i = 0; i < values.size(); i++) {
      map.put(date, values.get(i));
      date = date.plusDays(steps.isEmpty() ? 1 : steps.get(i % steps.size()));
    }
    return new TimeSeries(key, map);
  }

  @Property
  void dailyToCumulativeAndBack(
      @ForAll @Size(max = 60) List<@LongRange(min = -1_000_000, max = 1_000_000_000) Long> values,
      @ForAll @Size(max = 5) List<@IntRange(min = 1, max = 4) Integer> steps) {
    TimeSeries daily = build(DAILY, values, steps);
    assertThat(Series.toDaily(Series.toCumulative(daily))).isEqualTo(daily);
  }

  @Property
  void cumulativeToDailyAndBack(
      @ForAll @Size(max = 60) List<@LongRange(min = 0, max = 1_000_000_000_000L) Long> values,
      @ForAll @Size(max = 5) List<@IntRange(min = 1, max = 4) Integer> steps) {
    TimeSeries cumulative = build(DAILY.withKind(CountKind.CUMULATIVE), values, steps);
    TimeSeries daily = Series.toDaily(cumulative);
    assertThat(daily.values().keySet()).isEqualTo(cumulative.values().keySet());
    assertThat(Series.toCumulative(daily)).isEqualTo(cumulative);
  }

  @Property
  void averageTimesSevenIsTheWindowSum(
      @ForAll @Size(min = 7, max = 40) List<@LongRange(min = -1000, max = 1_000_000) Long> values) {
    TimeSeries daily = build(DAILY, values, List.of());
    List<Average> averages = Series.sevenDayAverage(daily);
    assertThat(averages).hasSize(values.size() - 6);
    for (int i = 0; i < averages.size(); i++) {
      long sum = values.subList(i, i + 7).stream().mapToLong(Long::longValue).sum();
      assertThat(averages.get(i).sum()).isEqualTo(sum);
    }
  }

  @Property
  void gapsCoverExactlyTheMissingDays(
      @ForAll @Size(min = 1, max = 30) List<@LongRange(min = 0, max = 9) Long> values,
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = 1, max = 5) Integer> steps) {
    TimeSeries series = build(DAILY, values, steps);
    long span = series.values().firstKey().until(series.values().lastKey(),
        java.time.temporal.ChronoUnit.DAYS) + 1;
    long missing = Series.gaps(series).stream().mapToLong(Gap::days).sum();
    assertThat(missing + series.values().size()).isEqualTo(span);
    for (Gap gap : Series.gaps(series)) {
      assertThat(series.values().subMap(gap.first(), true, gap.last(), true)).isEmpty();
    }
  }
}
