package org.lazaret.casedata.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lazaret.casedata.CountKind;
import org.lazaret.casedata.Metric;
import org.lazaret.casedata.Observation;
import org.lazaret.casedata.ParsedRelease;
import org.lazaret.casedata.TestData;
import org.lazaret.casedata.place.PlaceId;
import org.lazaret.casedata.place.Places;

/** Series functions on hand-made series and on real JHU and OWID series. */
class SeriesTest {
  private static final SeriesKey CUMULATIVE =
      new SeriesKey(PlaceId.of("ITA"), Metric.CONFIRMED, CountKind.CUMULATIVE);

  private static TimeSeries series(SeriesKey key, String firstDate, long... values) {
    TreeMap<LocalDate, Long> map = new TreeMap<>();
    LocalDate date = LocalDate.parse(firstDate);
    for (long v : values) {
      map.put(date, v);
      date = date.plusDays(1);
    }
    return new TimeSeries(key, map);
  }

  @Test
  void dailyFromCumulativeStartsFromZero() {
    TimeSeries daily = Series.toDaily(series(CUMULATIVE, "2020-03-01", 5, 8, 8, 7));
    assertThat(daily.key().kind()).isEqualTo(CountKind.DAILY);
    assertThat(daily.values().values()).containsExactly(5L, 3L, 0L, -1L);
    assertThat(Series.negativeDaily(daily))
        .containsExactly(new Point(LocalDate.of(2020, 3, 4), -1));
    assertThat(Series.toCumulative(daily)).isEqualTo(series(CUMULATIVE, "2020-03-01", 5, 8, 8, 7));
  }

  @Test
  void kindIsChecked() {
    TimeSeries cumulative = series(CUMULATIVE, "2020-03-01", 1);
    assertThatThrownBy(() -> Series.toCumulative(cumulative))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected a DAILY series");
    assertThatThrownBy(() -> Series.sevenDayAverage(cumulative))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sevenDayAverageNeedsSevenConsecutiveDays() {
    SeriesKey key = CUMULATIVE.withKind(CountKind.DAILY);
    TimeSeries daily = series(key, "2020-03-01", 1, 2, 3, 4, 5, 6, 7, 8);
    List<Average> averages = Series.sevenDayAverage(daily);
    assertThat(averages).hasSize(2);
    assertThat(averages.get(0)).isEqualTo(new Average(LocalDate.of(2020, 3, 7), 28, 7));
    assertThat(averages.get(0).value()).isEqualByComparingTo("4.000");
    assertThat(averages.get(1).value()).isEqualTo(new BigDecimal("5.000"));
    TimeSeries thirds = series(key, "2020-03-01", 1, 0, 0, 0, 0, 0, 0);
    assertThat(Series.sevenDayAverage(thirds).get(0).value()).isEqualTo(new BigDecimal("0.143"));
    TreeMap<LocalDate, Long> holed = new TreeMap<>(daily.values());
    holed.remove(LocalDate.of(2020, 3, 4));
    assertThat(Series.sevenDayAverage(new TimeSeries(key, holed))).isEmpty();
  }

  @Test
  void gapsAreFound() {
    TreeMap<LocalDate, Long> map = new TreeMap<>();
    map.put(LocalDate.of(2020, 3, 1), 1L);
    map.put(LocalDate.of(2020, 3, 2), 1L);
    map.put(LocalDate.of(2020, 3, 6), 1L);
    map.put(LocalDate.of(2020, 3, 8), 1L);
    List<Gap> gaps = Series.gaps(new TimeSeries(CUMULATIVE, map));
    assertThat(gaps).containsExactly(
        new Gap(LocalDate.of(2020, 3, 3), LocalDate.of(2020, 3, 5)),
        new Gap(LocalDate.of(2020, 3, 7), LocalDate.of(2020, 3, 7)));
    assertThat(gaps.get(0).days()).isEqualTo(3);
  }

  @Test
  void perHundredThousandWithJhuPopulation() {
    long population = Places.standard().population(PlaceId.of("ITA")).orElseThrow();
    assertThat(population).isEqualTo(60461828L);
    // 105792 * 100000 / 60461828 = 174.97321...
    assertThat(Series.per100k(105792, population)).isEqualTo(new BigDecimal("174.973"));
    assertThatThrownBy(() -> Series.per100k(1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void realJhuSeriesMatchesOwidDailyCounts() {
    ParsedRelease jhu =
        TestData.parse(TestData.JHU_TS + "time_series_covid19_confirmed_global.csv");
    NavigableMap<SeriesKey, TimeSeries> all = TimeSeries.group(jhu.observations());
    TimeSeries italy = all.get(CUMULATIVE);
    assertThat(Series.gaps(italy)).isEmpty();
    TimeSeries daily = Series.toDaily(italy);
    // JHU 3/31/20 minus 3/30/20: 105792 - 101739 = 4053, OWID new_cases for 2020-04-01
    assertThat(daily.values().get(LocalDate.of(2020, 3, 31))).isEqualTo(4053L);
    assertThat(Series.toCumulative(daily)).isEqualTo(italy);
    List<Observation> owid = TestData.parse(TestData.OWID + "owid-covid-data.csv").observations();
    long owidNew = TestData.value(owid, "ITA", "2020-04-01", Metric.CONFIRMED, CountKind.DAILY);
    assertThat(owidNew).isEqualTo(4053);
    // the only fall in JHU's Italy total: 6/19/20 is 148 below 6/18/20
    assertThat(Series.negativeDaily(italy))
        .containsExactly(new Point(LocalDate.of(2020, 6, 19), -148));
  }
}
