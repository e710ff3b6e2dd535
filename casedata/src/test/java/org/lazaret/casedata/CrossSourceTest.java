package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lazaret.casedata.compare.ConsensusPoint;
import org.lazaret.casedata.compare.ConsensusRule;
import org.lazaret.casedata.compare.Consensus;
import org.lazaret.casedata.compare.Discrepancies;
import org.lazaret.casedata.compare.Discrepancy;
import org.lazaret.casedata.compare.SourceValue;
import org.lazaret.casedata.compare.SourcedObservations;
import org.lazaret.casedata.compare.Tolerance;
import org.lazaret.casedata.place.PlaceId;

/**
 * Real sources side by side, checked by hand against the files. ECDC (via OWID) dates a count by
 * its publication the next morning, so OWID shifted one day back lines up with JHU: Italy then
 * agrees exactly on cases (JHU 3/31/20 105792 = OWID 2020-04-01 105792), while Germany and Spain
 * disagree by several per cent (JHU 71808 vs ECDC 67366; JHU 95923 vs ECDC 111680).
 */
class CrossSourceTest {
  private static SourcedObservations jhu;
  private static SourcedObservations owid;

  @BeforeAll
  static void load() {
    List<Observation> jhuAll = new java.util.ArrayList<>();
    jhuAll.addAll(TestData.parse(TestData.JHU_TS + "time_series_covid19_confirmed_global.csv")
        .observations());
    jhuAll.addAll(TestData.parse(TestData.JHU_TS + "time_series_covid19_deaths_global.csv")
        .observations());
    jhu = new SourcedObservations("jhu", jhuAll);
    List<Observation> owidCumulative =
        TestData.parse(TestData.OWID + "owid-covid-data.csv").observations().stream()
            .filter(o -> o.kind() == CountKind.CUMULATIVE && o.metric() != Metric.TESTS)
            .toList();
    owid = new SourcedObservations("owid", owidCumulative).shiftedDays(-1);
  }

  private static List<Discrepancy> on(List<Discrepancy> all, String place, String date,
      Metric metric) {
    return all.stream()
        .filter(d -> d.place().equals(PlaceId.of(place)))
        .filter(d -> d.date().equals(LocalDate.parse(date)) && d.metric() == metric)
        .toList();
  }

  @Test
  void italyAgreesGermanyAndSpainDoNot() {
    List<Discrepancy> found = Discrepancies.find(List.of(jhu, owid), Tolerance.DEFAULT);
    assertThat(on(found, "ITA", "2020-03-31", Metric.CONFIRMED)).isEmpty();
    // deaths: JHU 12428, ECDC 12430: two apart, inside the default tolerance
    assertThat(on(found, "ITA", "2020-03-31", Metric.DEATHS)).isEmpty();
    assertThat(on(Discrepancies.find(List.of(jhu, owid), Tolerance.EXACT), "ITA", "2020-03-31",
            Metric.DEATHS))
        .singleElement()
        .satisfies(d -> assertThat(d.values()).extracting(SourceValue::value)
            .containsExactly(12428L, 12430L));
    Discrepancy germany = on(found, "DEU", "2020-03-31", Metric.CONFIRMED).get(0);
    assertThat(germany.values()).extracting(SourceValue::source).containsExactly("jhu", "owid");
    assertThat(germany.values()).extracting(SourceValue::value).containsExactly(71808L, 67366L);
    assertThat(germany.values().get(1).provenance().line()).isEqualTo(4762);
    assertThat(on(found, "ESP", "2020-03-31", Metric.CONFIRMED).get(0).spread())
        .isEqualTo(111680 - 95923);
  }

  @Test
  void italyAgreesOnEveryDayOfApril() {
    List<Discrepancy> italy =
        Discrepancies.find(List.of(jhu, owid), Tolerance.EXACT).stream()
            .filter(d -> d.place().code().equals("ITA") && d.metric() == Metric.CONFIRMED)
            .filter(d -> d.date().getMonthValue() == 4 && d.date().getYear() == 2020)
            .toList();
    assertThat(italy).isEmpty();
  }

  @Test
  void nytAndJhuDailyReportDisagreeOnNewYorkBecauseNytCountsProbableCases() {
    SourcedObservations nyt =
        new SourcedObservations("nyt", TestData.parse("nytimes/us-states.csv").observations());
    SourcedObservations daily = new SourcedObservations(
        "jhu-daily", TestData.parse(TestData.JHU_DAILY + "04-30-2020.csv").observations());
    List<Discrepancy> found = Discrepancies.find(List.of(nyt, daily));
    // NYT line 3239: 309696; JHU 04-30-2020 New York counties sum to 304372 (1.7 % apart)
    assertThat(on(found, "US-NY", "2020-04-30", Metric.CONFIRMED))
        .singleElement()
        .satisfies(d -> assertThat(d.values()).extracting(SourceValue::value)
            .containsExactly(304372L, 309696L));
    // deaths: 23587 vs 23616, inside 1 %
    assertThat(on(found, "US-NY", "2020-04-30", Metric.DEATHS)).isEmpty();
  }

  @Test
  void consensusOfThreeSourcesTakesTheMedian() {
    SourcedObservations who =
        new SourcedObservations("who", TestData.parse(TestData.OWID + "who/full_data.csv")
            .observations().stream().filter(o -> o.kind() == CountKind.CUMULATIVE).toList())
            .shiftedDays(-1);
    List<ConsensusPoint> points =
        Consensus.build(List.of(jhu, owid, who), new ConsensusRule.Median());
    ConsensusPoint point =
        points.stream()
            .filter(p -> p.key().equals(new ObservationKey(PlaceId.of("DEU"),
                LocalDate.of(2020, 3, 10), Metric.CONFIRMED, CountKind.CUMULATIVE)))
            .findFirst()
            .orElseThrow();
    assertThat(point.candidates()).hasSize(3);
    long[] values = point.candidates().stream().mapToLong(SourceValue::value).sorted().toArray();
    assertThat(point.value()).isEqualTo(values[1]);
    // JHU 3/10/20 1457; ECDC and WHO published 1296 on 2020-03-11
    assertThat(values).containsExactly(1296L, 1296L, 1457L);
    assertThat(point.value()).isEqualTo(1296);
    assertThat(point.explanation()).isEqualTo("median of 3 sources");
  }
}
