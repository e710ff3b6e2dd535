package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.casedata.CountKind.CUMULATIVE;
import static org.lazaret.casedata.CountKind.DAILY;
import static org.lazaret.casedata.Metric.CONFIRMED;
import static org.lazaret.casedata.Metric.DEATHS;
import static org.lazaret.casedata.Metric.TESTS;
import static org.lazaret.casedata.TestData.value;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lazaret.casedata.place.PlaceKind;

/** The OWID snapshot of 2020-05-28: full, long (WHO) and wide (ECDC) layouts. */
class OwidTest {
  @Test
  void fullDatasetByIsoCode() {
    ParsedRelease r = TestData.parse(TestData.OWID + "owid-covid-data.csv");
    assertThat(r.format()).isEqualTo(SourceFormat.OWID_FULL);
    assertThat(r.rowCount()).isEqualTo(20338);
    assertThat(r.unmappedLabels()).isEmpty();
    List<Observation> all = r.observations();
    // line 9730: ITA,Italy,2020-04-01,105792,4053,12430,839,...,541423.0,34455.0
    Observation italy = TestData.find(all, "ITA", "2020-04-01", CONFIRMED, CUMULATIVE).orElseThrow();
    assertThat(italy.value()).isEqualTo(105792);
    assertThat(italy.provenance()).isEqualTo(Provenance.of(9730, "Italy"));
    assertThat(value(all, "ITA", "2020-04-01", CONFIRMED, DAILY)).isEqualTo(4053);
    assertThat(value(all, "ITA", "2020-04-01", DEATHS, CUMULATIVE)).isEqualTo(12430);
    assertThat(value(all, "ITA", "2020-04-01", TESTS, CUMULATIVE)).isEqualTo(541423);
    assertThat(value(all, "ITA", "2020-04-01", TESTS, DAILY)).isEqualTo(34455);
    // line 673: ARG 2020-04-08 total_tests "13330.0", new_tests empty
    assertThat(value(all, "ARG", "2020-04-08", TESTS, CUMULATIVE)).isEqualTo(13330);
    assertThat(TestData.find(all, "ARG", "2020-04-08", TESTS, DAILY)).isEmpty();
    assertThat(value(all, "OWID_WRL", "2020-04-01", CONFIRMED, CUMULATIVE)).isEqualTo(868867);
    // line 20339: ",International,2020-03-10,696,-9,7,1"
    assertThat(value(all, "OWID_INT", "2020-03-10", CONFIRMED, DAILY)).isEqualTo(-9);
    assertThat(value(all, "XKX", "2020-05-01", CONFIRMED, CUMULATIVE)).isEqualTo(799);
    assertThat(italy.place().kind()).isEqualTo(PlaceKind.COUNTRY);
    assertThat(all)
        .filteredOn(o -> o.place().code().startsWith("OWID_"))
        .allMatch(o -> o.place().kind() == PlaceKind.AGGREGATE)
        .extracting(o -> o.place().code())
        .containsOnly("OWID_WRL", "OWID_INT");
  }

  @Test
  void wideFilesTakeMetricAndKindFromTheFileName() {
    ParsedRelease total = TestData.parse(TestData.OWID + "ecdc/total_cases.csv");
    assertThat(total.format()).isEqualTo(SourceFormat.OWID_WIDE);
    assertThat(total.unmappedLabels()).isEmpty();
    // line 94 is 2020-04-01, column 100 is Italy
    Observation italy =
        TestData.find(total.observations(), "ITA", "2020-04-01", CONFIRMED, CUMULATIVE)
            .orElseThrow();
    assertThat(italy.value()).isEqualTo(105792);
    assertThat(italy.provenance()).isEqualTo(Provenance.of(94, "Italy"));
    assertThat(value(total.observations(), "CZE", "2020-04-01", CONFIRMED, CUMULATIVE))
        .isPositive();
    assertThat(value(total.observations(), "CPV", "2020-05-01", CONFIRMED, CUMULATIVE))
        .isPositive();
    ParsedRelease daily = TestData.parse(TestData.OWID + "ecdc/new_cases.csv");
    assertThat(value(daily.observations(), "ITA", "2020-04-01", CONFIRMED, DAILY))
        .isEqualTo(4053);
    ParsedRelease deaths = TestData.parse(TestData.OWID + "ecdc/total_deaths.csv");
    assertThat(value(deaths.observations(), "ITA", "2020-04-01", DEATHS, CUMULATIVE))
        .isEqualTo(12430);
  }

  @Test
  void wideFileNeedsAMetric() throws Exception {
    String text = "date,World,Italy\n2020-04-01,868867,105792\n";
    assertThatThrownBy(() -> TestData.parseText(text, ParseHints.none()))
        .isInstanceOf(CaseDataFormatException.class)
        .hasMessageContaining("metric");
    ParsedRelease hinted =
        TestData.parseText(text, ParseHints.none().withMetric(DEATHS).withKind(DAILY));
    assertThat(value(hinted.observations(), "ITA", "2020-04-01", DEATHS, DAILY))
        .isEqualTo(105792);
    ParsedRelease named = TestData.parseText(text, ParseHints.fileName("data/new_deaths.csv"));
    assertThat(value(named.observations(), "OWID_WRL", "2020-04-01", DEATHS, DAILY))
        .isEqualTo(868867);
  }

  @Test
  void longFormatWhoSnapshot() {
    ParsedRelease r = TestData.parse(TestData.OWID + "who/full_data.csv");
    assertThat(r.format()).isEqualTo(SourceFormat.OWID_LONG);
    assertThat(r.unmappedLabels()).isEmpty();
    // line 2136: "2020-03-05,Saint Barthlemy,,,1," (WHO's spelling lost its accent)
    assertThat(value(r.observations(), "BLM", "2020-03-05", CONFIRMED, CUMULATIVE)).isEqualTo(1);
    assertThat(TestData.find(r.observations(), "BLM", "2020-03-05", CONFIRMED, DAILY)).isEmpty();
  }

  @Test
  void ecdcLongFormatWithLaterColumns() throws Exception {
    String text =
        "date,location,new_cases,new_deaths,total_cases,total_deaths,weekly_cases\n"
            + "2020-04-01,United States,24998,909,189618,4079,\n"
            + "2020-04-01,South Korea,101,3,9887,165,\n";
    ParsedRelease r = TestData.parseText(text, ParseHints.fileName("full_data.csv"));
    assertThat(value(r.observations(), "USA", "2020-04-01", CONFIRMED, CUMULATIVE))
        .isEqualTo(189618);
    assertThat(value(r.observations(), "KOR", "2020-04-01", DEATHS, DAILY)).isEqualTo(3);
    assertThat(r.observationCount()).isEqualTo(8);
  }
}
