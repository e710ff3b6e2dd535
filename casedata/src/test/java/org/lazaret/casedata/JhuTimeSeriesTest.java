package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.casedata.CountKind.CUMULATIVE;
import static org.lazaret.casedata.Metric.CONFIRMED;
import static org.lazaret.casedata.Metric.DEATHS;
import static org.lazaret.casedata.TestData.value;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The JHU CSSE global time series as published on 2021-05-31. Values were read from the file by
 * eye (line and column noted); sums were added up from the province rows shown in the file.
 */
class JhuTimeSeriesTest {
  private static ParsedRelease confirmed;

  @BeforeAll
  static void parse() {
    confirmed = TestData.parse(TestData.JHU_TS + "time_series_covid19_confirmed_global.csv");
  }

  @Test
  void detectsFormatAndCountsRows() {
    assertThat(confirmed.format()).isEqualTo(SourceFormat.JHU_TIME_SERIES);
    assertThat(confirmed.rowCount()).isEqualTo(276);
    assertThat(confirmed.unmappedLabels()).isEmpty();
    assertThat(confirmed.observations()).allMatch(o -> o.metric() == CONFIRMED);
    assertThat(confirmed.observations()).allMatch(o -> o.kind() == CUMULATIVE);
  }

  @Test
  void countryRowValueWithProvenance() {
    // line 155: ",Italy,...", column 74 is 3/31/20
    Observation italy =
        TestData.find(confirmed.observations(), "ITA", "2020-03-31", CONFIRMED, CUMULATIVE)
            .orElseThrow();
    assertThat(italy.value()).isEqualTo(105792);
    assertThat(italy.provenance().line()).isEqualTo(155);
    assertThat(italy.provenance().label()).isEqualTo("Italy");
    assertThat(italy.provenance().summed()).isFalse();
  }

  @Test
  void australiaIsTheSumOfItsStates() {
    // lines 10-17: ACT 80, NSW 2032, NT 17, Qld 743, SA 337, Tas 69, Vic 917, WA 364
    assertThat(value(confirmed.observations(), "AUS", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(80 + 2032 + 17 + 743 + 337 + 69 + 917 + 364);
    Observation australia =
        TestData.find(confirmed.observations(), "AUS", "2020-12-14", CONFIRMED, CUMULATIVE)
            .orElseThrow();
    assertThat(australia.value()).isEqualTo(117 + 4650 + 66 + 1228 + 563 + 234 + 20352 + 838);
    assertThat(australia.provenance().rows()).hasSize(8);
    assertThat(australia.provenance().rows().get(0).line()).isEqualTo(10);
  }

  @Test
  void canadaSumsProvincesShipsAndRepatriatedTravellers() {
    assertThat(value(confirmed.observations(), "CAN", "2020-12-14", CONFIRMED, CUMULATIVE))
        .isEqualTo(472820);
  }

  @Test
  void chinaExcludesHongKongAndMacauWhichHaveTheirOwnCodes() {
    // 3/31/20: all China rows sum to 82279, of which Hong Kong 714 (line 72), Macau 41 (line 80)
    assertThat(value(confirmed.observations(), "CHN", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(82279 - 714 - 41);
    assertThat(value(confirmed.observations(), "HKG", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(714);
    assertThat(value(confirmed.observations(), "MAC", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(41);
  }

  @Test
  void countryRowIsNotDoubleCountedWithItsTerritories() {
    // line 268 ",United Kingdom" 38484 on 3/31/20; Bermuda (line 258) 32 is its own place
    assertThat(value(confirmed.observations(), "GBR", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(38484);
    assertThat(value(confirmed.observations(), "BMU", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(32);
    assertThat(
            value(confirmed.observations(), "JHU_CHANNEL_ISLANDS", "2020-12-14", CONFIRMED,
                CUMULATIVE))
        .isEqualTo(2132);
    assertThat(value(confirmed.observations(), "GBR", "2020-12-14", CONFIRMED, CUMULATIVE))
        .isEqualTo(1869666);
    assertThat(
            TestData.find(confirmed.observations(), "GRL", "2021-05-30", CONFIRMED, CUMULATIVE))
        .isPresent();
  }

  @Test
  void namesDifferingFromIsoAreMapped() {
    List<Observation> all = confirmed.observations();
    assertThat(value(all, "USA", "2020-12-14", CONFIRMED, CUMULATIVE)).isEqualTo(16627550);
    assertThat(value(all, "KOR", "2020-03-31", CONFIRMED, CUMULATIVE)).isEqualTo(9786);
    assertThat(value(all, "TWN", "2020-03-31", CONFIRMED, CUMULATIVE)).isEqualTo(322);
    assertThat(value(all, "XKX", "2020-12-14", CONFIRMED, CUMULATIVE)).isEqualTo(46909);
    assertThat(value(all, "MMR", "2020-12-14", CONFIRMED, CUMULATIVE)).isEqualTo(109512);
    assertThat(value(all, "SHIP_DIAMOND_PRINCESS", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(712);
    assertThat(all.stream().map(o -> o.place().code()))
        .contains("COD", "COG", "CIV", "PSE", "SHIP_MS_ZAANDAM")
        .doesNotContain("JHU_US", "JHU_KOREA_SOUTH");
  }

  @Test
  void metricComesFromTheFileNameOrTheHint() throws Exception {
    ParsedRelease deaths = TestData.parse(TestData.JHU_TS + "time_series_covid19_deaths_global.csv");
    assertThat(value(deaths.observations(), "ITA", "2020-03-31", DEATHS, CUMULATIVE))
        .isEqualTo(12428);
    String text = "Province/State,Country/Region,Lat,Long,1/22/20,1/23/20\n,Italy,41.9,12.5,0,3\n";
    ParsedRelease recovered =
        TestData.parseText(
            text, ParseHints.fileName("time_series_covid19_recovered_global.csv"));
    assertThat(recovered.observations()).allMatch(o -> o.metric() == Metric.RECOVERED);
    ParsedRelease hinted = TestData.parseText(text, ParseHints.none().withMetric(DEATHS));
    assertThat(hinted.observations()).extracting(Observation::value).containsExactly(0L, 3L);
    assertThatThrownBy(() -> TestData.parseText(text, ParseHints.none()))
        .isInstanceOf(CaseDataFormatException.class)
        .hasMessageContaining("metric");
  }

  @Test
  void usCountyTimeSeriesIsSummedToStatesAndCountry() throws Exception {
    String text =
        "UID,iso2,iso3,code3,FIPS,Admin2,Province_State,Country_Region,Lat,Long_,Combined_Key,"
            + "Population,1/22/20,1/23/20\n"
            + "84036001,US,USA,840,36001.0,Albany,New York,US,42.6,-73.9,\"Albany, New York, US\","
            + "305506,1,2\n"
            + "84036003,US,USA,840,36003.0,Allegany,New York,US,42.2,-78.0,"
            + "\"Allegany, New York, US\",46091,0,5\n"
            + "63072001,PR,PRI,630,72001.0,Adjuntas,Puerto Rico,US,18.2,-66.8,"
            + "\"Adjuntas, Puerto Rico, US\",17363,4,4\n";
    ParsedRelease r =
        TestData.parseText(text, ParseHints.fileName("time_series_covid19_deaths_US.csv"));
    assertThat(value(r.observations(), "US-NY", "2020-01-23", DEATHS, CUMULATIVE)).isEqualTo(7);
    assertThat(value(r.observations(), "USA", "2020-01-23", DEATHS, CUMULATIVE)).isEqualTo(7);
    assertThat(value(r.observations(), "PRI", "2020-01-23", DEATHS, CUMULATIVE)).isEqualTo(4);
    assertThat(value(r.observations(), "US-PR", "2020-01-22", DEATHS, CUMULATIVE)).isEqualTo(4);
  }
}
