package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.casedata.CountKind.CUMULATIVE;
import static org.lazaret.casedata.Metric.CONFIRMED;
import static org.lazaret.casedata.Metric.DEATHS;
import static org.lazaret.casedata.Metric.RECOVERED;
import static org.lazaret.casedata.TestData.value;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lazaret.casedata.place.PlaceKind;

/**
 * JHU daily reports: the four real files (two header variants) and the early-2020 and
 * 08-27-2020 variants written out here in the published layout. The US is checked against the
 * time series of the same day: JHU's "US" row also counts Puerto Rico, Guam, the Virgin Islands
 * and the Northern Mariana Islands, which this library places under their own ISO codes.
 */
class JhuDailyReportTest {
  @Test
  void usCountiesSumToStatesAndTheUsTotal() {
    ParsedRelease r = TestData.parse(TestData.JHU_DAILY + "12-14-2020.csv");
    assertThat(r.format()).isEqualTo(SourceFormat.JHU_DAILY_REPORT);
    assertThat(r.rowCount()).isEqualTo(3981);
    assertThat(r.unmappedLabels()).isEmpty();
    List<Observation> all = r.observations();
    long usa = value(all, "USA", "2020-12-14", CONFIRMED, CUMULATIVE);
    long territories =
        value(all, "PRI", "2020-12-14", CONFIRMED, CUMULATIVE)
            + value(all, "GUM", "2020-12-14", CONFIRMED, CUMULATIVE)
            + value(all, "VIR", "2020-12-14", CONFIRMED, CUMULATIVE)
            + value(all, "MNP", "2020-12-14", CONFIRMED, CUMULATIVE);
    // time_series_covid19_confirmed_global.csv line 253 ",US", column 332 (12/14/20)
    assertThat(usa + territories).isEqualTo(16627550);
    long states =
        all.stream()
            .filter(o -> o.place().kind() == PlaceKind.SUBDIVISION && o.metric() == CONFIRMED)
            .filter(o -> !List.of("US-PR", "US-GU", "US-VI", "US-MP", "US-AS")
                .contains(o.place().code()))
            .mapToLong(Observation::value)
            .sum();
    // plus the cruise ships JHU keeps as US "provinces": Diamond Princess 49, Grand Princess 103
    assertThat(states + 49 + 103).isEqualTo(usa);
    assertThat(all.stream().filter(o -> o.place().kind() == PlaceKind.SUBDIVISION)
            .map(o -> o.place().code()).distinct())
        .hasSize(55); // 50 states, DC, PR, GU, VI, MP (no American Samoa row in this file)
    assertThat(value(all, "US-NY", "2020-12-14", CONFIRMED, CUMULATIVE)).isEqualTo(794953);
    assertThat(value(all, "USA", "2020-12-14", RECOVERED, CUMULATIVE)).isEqualTo(6399531);
  }

  @Test
  void dateComesFromTheFileName() {
    ParsedRelease r = TestData.parse(TestData.JHU_DAILY + "03-31-2020.csv");
    assertThat(r.observations()).allMatch(o -> o.date().equals(LocalDate.of(2020, 3, 31)));
    assertThat(value(r.observations(), "US-NY", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(75833);
    assertThat(value(r.observations(), "GBR", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(25150);
    assertThat(value(r.observations(), "JHU_CHANNEL_ISLANDS", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(141);
    assertThat(value(r.observations(), "AUS", "2020-03-31", CONFIRMED, CUMULATIVE))
        .isEqualTo(4559);
  }

  @Test
  void laterReportsSumTheUkNationsAndKeepTerritoriesApart() {
    ParsedRelease r = TestData.parse(TestData.JHU_DAILY + "05-30-2021.csv");
    // England 3913295 + Northern Ireland 122638 + Scotland 235421 + Wales 212702 + Unknown 0
    assertThat(value(r.observations(), "GBR", "2021-05-30", CONFIRMED, CUMULATIVE))
        .isEqualTo(3913295L + 122638 + 235421 + 212702);
    assertThat(value(r.observations(), "BMU", "2021-05-30", CONFIRMED, CUMULATIVE))
        .isEqualTo(2491);
    assertThat(value(r.observations(), "DNK", "2021-05-30", DEATHS, CUMULATIVE)).isEqualTo(2516);
  }

  @Test
  void earlyHeaderVariantWithHistoricalNames() throws Exception {
    String text =
        "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered\n"
            + "Hubei,Mainland China,2020-02-15T23:13:05,56249,1596,5623\n"
            + "Guangdong,Mainland China,2020-02-15T13:13:07,1294,2,524\n"
            + "Hong Kong,Hong Kong,2020-02-15T13:13:07,56,1,2\n"
            + ",UK,2020-02-15T13:13:07,9,,8\n"
            + "\"King County, WA\",US,2020-02-15T13:13:07,1,0,1\n"
            + "Diamond Princess cruise ship,Others,2020-02-15T13:13:07,285,,\n"
            + ",Republic of Korea,2020-02-15T13:13:07,28,0,9\n";
    ParsedRelease r = TestData.parseText(text, ParseHints.fileName("02-15-2020.csv"));
    List<Observation> all = r.observations();
    assertThat(r.unmappedLabels()).isEmpty();
    assertThat(value(all, "CHN", "2020-02-15", CONFIRMED, CUMULATIVE)).isEqualTo(56249 + 1294);
    assertThat(value(all, "HKG", "2020-02-15", CONFIRMED, CUMULATIVE)).isEqualTo(56);
    assertThat(value(all, "GBR", "2020-02-15", CONFIRMED, CUMULATIVE)).isEqualTo(9);
    assertThat(TestData.find(all, "GBR", "2020-02-15", DEATHS, CUMULATIVE)).isEmpty();
    assertThat(value(all, "USA", "2020-02-15", CONFIRMED, CUMULATIVE)).isEqualTo(1);
    assertThat(value(all, "US-WA", "2020-02-15", CONFIRMED, CUMULATIVE)).isEqualTo(1);
    assertThat(value(all, "SHIP_DIAMOND_PRINCESS", "2020-02-15", CONFIRMED, CUMULATIVE))
        .isEqualTo(285);
    assertThat(value(all, "KOR", "2020-02-15", RECOVERED, CUMULATIVE)).isEqualTo(9);
  }

  @Test
  void incidenceRateVariantAndExplicitDate() throws Exception {
    String text =
        "FIPS,Admin2,Province_State,Country_Region,Last_Update,Lat,Long_,Confirmed,Deaths,"
            + "Recovered,Active,Combined_Key,Incidence_Rate,Case-Fatality_Ratio\n"
            + ",,,Afghanistan,2020-08-28 04:27:50,33.9,67.7,38113,1401,29047,7665,Afghanistan,"
            + "97.9,3.67\n";
    ParsedRelease r =
        TestData.parseText(text, ParseHints.none().withDate(LocalDate.of(2020, 8, 27)));
    assertThat(value(r.observations(), "AFG", "2020-08-27", CONFIRMED, CUMULATIVE))
        .isEqualTo(38113);
    assertThat(r.observations()).hasSize(3);
  }

  @Test
  void usStateReportVariantCarriesTests() throws Exception {
    String text =
        "Province_State,Country_Region,Last_Update,Lat,Long_,Confirmed,Deaths,Recovered,Active,"
            + "FIPS,Incident_Rate,People_Tested,People_Hospitalized,Mortality_Rate,UID,ISO3,"
            + "Testing_Rate,Hospitalization_Rate\n"
            + "Alabama,US,2020-04-30 23:32:27,32.3,-86.9,7068,272,,6796,1.0,150.7,80432.0,"
            + "969.0,3.8,84000001,USA,1715.4,13.7\n"
            + "Puerto Rico,US,2020-04-30 23:32:27,18.2,-66.6,1575,86,,1489,72.0,58.1,11849.0,"
            + ",5.5,630,PRI,405.0,\n";
    ParsedRelease r = TestData.parseText(text, ParseHints.fileName("04-30-2020.csv"));
    assertThat(value(r.observations(), "US-AL", "2020-04-30", Metric.TESTS, CUMULATIVE))
        .isEqualTo(80432);
    assertThat(value(r.observations(), "USA", "2020-04-30", Metric.TESTS, CUMULATIVE))
        .isEqualTo(80432);
    assertThat(value(r.observations(), "PRI", "2020-04-30", DEATHS, CUMULATIVE)).isEqualTo(86);
    assertThat(TestData.find(r.observations(), "USA", "2020-04-30", RECOVERED, CUMULATIVE))
        .isEmpty();
  }

  @Test
  void refusesAReportWithoutADate() {
    String text = "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered\n"
        + ",Italy,2020-03-01T10:13:19,1694,34,83\n";
    assertThatThrownBy(() -> TestData.parseText(text, ParseHints.fileName("italy.csv")))
        .isInstanceOfSatisfying(
            CaseDataFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(1);
              assertThat(e.reason()).contains("date");
            });
    assertThatThrownBy(() -> TestData.parseText(text, ParseHints.fileName("02-30-2020.csv")))
        .isInstanceOf(CaseDataFormatException.class)
        .hasMessageContaining("02-30-2020.csv");
  }

  @Test
  void unknownCountryIsReportedNotDropped() throws Exception {
    String text = "Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered\n"
        + ",Atlantis,2020-03-01T10:13:19,5,0,0\n"
        + ",Italy,2020-03-01T10:13:19,1694,34,83\n"
        + ",Atlantis,2020-03-01T10:13:19,6,0,0\n";
    ParsedRelease r = TestData.parseText(text, ParseHints.fileName("03-01-2020.csv"));
    assertThat(r.unmappedLabels()).containsExactly(new UnmappedLabel("Atlantis", 2, 2));
    assertThat(r.observations()).extracting(o -> o.place().code()).containsOnly("ITA");
  }
}
