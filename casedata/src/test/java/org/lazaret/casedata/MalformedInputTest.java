package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * Every kind of malformed file is refused whole, with the 1-based physical line and column at
 * fault and a reason a person can act on.
 */
class MalformedInputTest {
  private static CaseDataFormatException refusal(String text, ParseHints hints) {
    CaseDataFormatException e =
        catchThrowableOfType(CaseDataFormatException.class, () -> TestData.parseText(text, hints));
    assertThat(e).as("expected the file to be refused").isNotNull();
    return e;
  }

  private static CaseDataFormatException refusal(String text) {
    return refusal(text, ParseHints.none());
  }

  private static void assertAt(CaseDataFormatException e, long line, int column, String reason) {
    assertThat(e.line()).as("line").isEqualTo(line);
    assertThat(e.column()).as("column").isEqualTo(column);
    assertThat(e.reason()).contains(reason);
    assertThat(e.getMessage()).startsWith("line " + line + ", column " + column + ": ");
  }

  @Test
  void truncatedRow() {
    String text = "date,state,fips,cases,deaths\n2020-01-21,Washington,53,1,0\n2020-01-22,Washington,53\n";
    assertAt(refusal(text), 3, 4, "truncated");
  }

  @Test
  void rowWithTooManyColumns() {
    String text = "date,cases,deaths\n2020-01-21,1,0,7\n";
    assertAt(refusal(text), 2, 4, "row has 4 columns, header has 3");
  }

  @Test
  void textInACount() {
    String text = "date,location,new_cases,new_deaths,total_cases,total_deaths\n"
        + "2020-04-01,Italy,4053,839,105792,12430\n"
        + "2020-04-02,Italy,4782,727,lots,13155\n";
    assertAt(refusal(text), 3, 5, "not a count: 'lots'");
  }

  @Test
  void fractionalCount() {
    String text = "iso_code,location,date,total_cases,new_cases\nITA,Italy,2020-04-01,105792.5,4053\n";
    assertAt(refusal(text), 2, 4, "fractional count '105792.5'");
  }

  @Test
  void unknownHeader() {
    assertAt(refusal("region,day,value\nItaly,2020-04-01,5\n"), 1, 1, "unrecognised header");
  }

  @Test
  void emptyFile() {
    assertAt(refusal(""), 1, 0, "empty file");
  }

  @Test
  void badDateInARow() {
    String text = "date,cases,deaths\n2020-02-28,1,0\n2020-02-30,1,0\n";
    assertAt(refusal(text), 3, 1, "no such date: '2020-02-30'");
    assertAt(refusal("date,cases,deaths\n28.02.2020,1,0\n"), 2, 1, "not a date YYYY-MM-DD");
  }

  @Test
  void badDateInAJhuHeader() {
    String text = "Province/State,Country/Region,Lat,Long,1/22/20,13/45/20\n,Italy,41.9,12.5,0,3\n";
    CaseDataFormatException e =
        refusal(text, ParseHints.fileName("time_series_covid19_confirmed_global.csv"));
    assertAt(e, 1, 6, "no such date: '13/45/20'");
  }

  @Test
  void nonDateColumnAmongJhuDates() {
    String text = "Province/State,Country/Region,Lat,Long,1/22/20,total\n,Italy,41.9,12.5,0,3\n";
    CaseDataFormatException e =
        refusal(text, ParseHints.fileName("time_series_covid19_confirmed_global.csv"));
    assertAt(e, 1, 6, "not a date M/D/YY");
  }

  @Test
  void badCountInAJhuTimeSeriesEvenForAnUnknownPlace() {
    String text = "Province/State,Country/Region,Lat,Long,1/22/20,1/23/20\n,Atlantis,0,0,0,x\n";
    CaseDataFormatException e =
        refusal(text, ParseHints.fileName("time_series_covid19_confirmed_global.csv"));
    assertAt(e, 2, 6, "not a count");
  }

  @Test
  void unterminatedQuote() {
    String text = "date,state,fips,cases,deaths\n2020-01-21,\"Washington,53,1,0\n";
    assertAt(refusal(text), 2, 2, "unterminated quoted field");
  }

  @Test
  void textAfterClosingQuote() {
    String text = "date,state,fips,cases,deaths\n2020-01-21,\"Washington\"x,53,1,0\n";
    assertAt(refusal(text), 2, 2, "after closing quote");
  }

  @Test
  void linesCountPhysicalLinesAcrossQuotedNewlines() {
    String text = "date,location,new_cases,new_deaths,total_cases,total_deaths\r\n"
        + "2020-04-01,\"Ita\r\nly\",1,1,1,1\r\n"
        + "2020-04-02,Italy,1,1,x,1\r\n";
    assertAt(refusal(text), 4, 5, "not a count");
  }

  @Test
  void duplicatedRow() {
    String text = "date,state,fips,cases,deaths\n"
        + "2020-01-21,Washington,53,1,0\n"
        + "2020-01-21,Washington,53,2,0\n";
    assertAt(refusal(text), 3, 2, "second row for US-WA on 2020-01-21");
  }

  @Test
  void nytCountyFileIsRefusedWithAReason() {
    String text = "date,county,state,fips,cases,deaths\n2020-01-21,Snohomish,Washington,53061,1,0\n";
    assertAt(refusal(text), 1, 0, "county");
  }

  @Test
  void countTooLarge() {
    String text = "date,cases,deaths\n2020-01-21,12345678901234567890,0\n";
    assertAt(refusal(text), 2, 2, "count out of range");
  }
}
