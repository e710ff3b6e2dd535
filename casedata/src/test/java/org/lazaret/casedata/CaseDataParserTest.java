package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lazaret.casedata.place.Places;

/** The parser's entry points: detection, streaming to a sink and progress reports. */
class CaseDataParserTest {
  @Test
  void detectsFormatsFromTheHeaderAlone() {
    assertThat(CaseDataParser.detect(List.of("Province/State", "Country/Region", "Lat", "Long",
            "1/22/20")))
        .contains(SourceFormat.JHU_TIME_SERIES);
    assertThat(CaseDataParser.detect(List.of("Province/State", "Country/Region", "Last Update",
            "Confirmed", "Deaths", "Recovered")))
        .contains(SourceFormat.JHU_DAILY_REPORT);
    assertThat(CaseDataParser.detect(List.of("iso_code", "location", "date", "total_cases")))
        .contains(SourceFormat.OWID_FULL);
    assertThat(CaseDataParser.detect(List.of("date", "location", "new_cases")))
        .contains(SourceFormat.OWID_LONG);
    assertThat(CaseDataParser.detect(List.of("date", "World", "Afghanistan")))
        .contains(SourceFormat.OWID_WIDE);
    assertThat(CaseDataParser.detect(List.of("date", "cases", "deaths")))
        .contains(SourceFormat.NYT_NATIONAL);
    assertThat(CaseDataParser.detect(List.of("date", "state", "fips", "cases", "deaths")))
        .contains(SourceFormat.NYT_STATES);
    assertThat(CaseDataParser.detect(List.of("date", "foo", "bar"))).isEmpty();
    assertThat(CaseDataParser.detect(List.of("UID", "iso2", "iso3"))).isEmpty();
  }

  @Test
  void streamsToASinkAndReportsProgress() throws Exception {
    List<Observation> received = new ArrayList<>();
    List<long[]> reports = new ArrayList<>();
    ParseSummary summary;
    try (Reader reader = TestData.reader("nytimes/us-states.csv")) {
      summary = CaseDataParser.stream(reader, ParseHints.none(),
          (chars, rows) -> reports.add(new long[] {chars, rows}), Places.standard(),
          received::add);
    }
    assertThat(summary.format()).isEqualTo(SourceFormat.NYT_STATES);
    assertThat(summary.observationCount()).isEqualTo(received.size()).isEqualTo(19608);
    assertThat(reports).hasSize(9804 / ProgressListener.ROWS_PER_REPORT + 1);
    long[] last = reports.get(reports.size() - 1);
    assertThat(last[1]).isEqualTo(9804);
    assertThat(last[0]).isEqualTo(322235);
    assertThat(received.get(0).provenance()).isEqualTo(Provenance.of(2, "Washington"));
  }

  @Test
  void parsedReleaseIsDeterministic() {
    ParsedRelease a = TestData.parse(TestData.JHU_DAILY + "04-30-2020.csv");
    ParsedRelease b = TestData.parse(TestData.JHU_DAILY + "04-30-2020.csv");
    assertThat(a).isEqualTo(b);
    assertThat(a.observations()).extracting(Observation::key).isSorted();
  }
}
