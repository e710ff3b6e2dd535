package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.casedata.CountKind.CUMULATIVE;
import static org.lazaret.casedata.Metric.CONFIRMED;
import static org.lazaret.casedata.Metric.DEATHS;
import static org.lazaret.casedata.TestData.value;

import org.junit.jupiter.api.Test;

/** The New York Times state series of 2020-08-28 and the national layout. */
class NytTest {
  @Test
  void statesMapToIso3166Subdivisions() {
    ParsedRelease r = TestData.parse("nytimes/us-states.csv");
    assertThat(r.format()).isEqualTo(SourceFormat.NYT_STATES);
    assertThat(r.rowCount()).isEqualTo(9804);
    assertThat(r.observationCount()).isEqualTo(2 * 9804);
    // line 3239: 2020-04-30,New York,36,309696,23616
    Observation ny =
        TestData.find(r.observations(), "US-NY", "2020-04-30", CONFIRMED, CUMULATIVE)
            .orElseThrow();
    assertThat(ny.value()).isEqualTo(309696);
    assertThat(ny.provenance()).isEqualTo(Provenance.of(3239, "New York"));
    assertThat(value(r.observations(), "US-NY", "2020-04-30", DEATHS, CUMULATIVE))
        .isEqualTo(23616);
    assertThat(value(r.observations(), "US-PR", "2020-08-27", CONFIRMED, CUMULATIVE))
        .isEqualTo(31383);
    assertThat(value(r.observations(), "US-WA", "2020-01-21", CONFIRMED, CUMULATIVE))
        .isEqualTo(1);
  }

  @Test
  void nationalSeries() throws Exception {
    String text = "date,cases,deaths\n2020-01-21,1,0\n2020-08-27,5868082,180640\n";
    ParsedRelease r = TestData.parseText(text, ParseHints.fileName("us.csv"));
    assertThat(r.format()).isEqualTo(SourceFormat.NYT_NATIONAL);
    assertThat(value(r.observations(), "USA", "2020-08-27", CONFIRMED, CUMULATIVE))
        .isEqualTo(5868082);
    assertThat(value(r.observations(), "USA", "2020-08-27", DEATHS, CUMULATIVE))
        .isEqualTo(180640);
  }

  @Test
  void fipsAndStateNameMustAgree() {
    String text = "date,state,fips,cases,deaths\n2020-04-30,Texas,36,1,0\n";
    assertThatThrownBy(() -> TestData.parseText(text, ParseHints.none()))
        .isInstanceOfSatisfying(
            CaseDataFormatException.class,
            e -> {
              assertThat(e.line()).isEqualTo(2);
              assertThat(e.column()).isEqualTo(3);
            });
  }
}
