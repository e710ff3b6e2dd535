package org.lazaret.casedata;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lazaret.casedata.place.JhuPlace;
import org.lazaret.casedata.place.Places;

/**
 * Reads a JHU CSSE daily report, any of its header variants: the early {@code
 * Province/State,Country/Region,Last Update,Confirmed,Deaths,Recovered[,Latitude,Longitude]}, the
 * {@code FIPS,Admin2,Province_State,...,Combined_Key} of later 2020, with or without
 * {@code Incident_Rate,Case_Fatality_Ratio} or {@code Incidence_Rate,Case-Fatality_Ratio}, and the
 * US state reports with {@code People_Tested} or {@code Total_Test_Results}. Columns are found by
 * name. Every count is cumulative as of the report's date, which is not in the file (Last_Update
 * is the upload time, not the reporting day): it comes from the caller or the file name
 * {@code MM-DD-YYYY.csv}. Counties are summed to states and countries by {@link JhuSums}.
 */
final class JhuDailyReportReader {
  private static final Pattern FILE_DATE = Pattern.compile("(\\d{2})-(\\d{2})-(\\d{4})\\.csv");

  private JhuDailyReportReader() {}

  static void read(Rows rows, Header header, ParseHints hints, Places places, Emitter emitter)
      throws IOException, CaseDataFormatException {
    LocalDate date = date(hints);
    List<Metric> metrics = new ArrayList<>();
    List<Integer> columns = new ArrayList<>();
    addColumn(header, Metric.CONFIRMED, metrics, columns, "confirmed");
    addColumn(header, Metric.DEATHS, metrics, columns, "deaths");
    addColumn(header, Metric.RECOVERED, metrics, columns, "recovered");
    addColumn(header, Metric.TESTS, metrics, columns, "total_test_results", "people_tested");
    int country = header.index(Header.COUNTRY);
    int province = header.index(Header.PROVINCE);
    int admin2 = header.index(Header.ADMIN2);
    JhuSums sums = new JhuSums(metrics.size());
    long[] values = new long[metrics.size()];
    while (rows.next()) {
      for (int m = 0; m < values.length; m++) {
        values[m] = Cells.count(rows.cell(columns.get(m)), rows.line(), columns.get(m) + 1);
      }
      String c = rows.cell(country);
      String p = Header.cellOrEmpty(rows, province);
      String a = Header.cellOrEmpty(rows, admin2);
      String label = Header.jhuLabel(a, p, c);
      Optional<JhuPlace> placed = places.jhu(c, p, a);
      if (placed.isEmpty()) {
        emitter.unmapped(label, rows.line());
        continue;
      }
      JhuPlace place = placed.get();
      SourceRow source = new SourceRow(rows.line(), label);
      JhuSums.Side countrySide = sums.row(place.place(), place.whole(), source);
      JhuSums.Side stateSide =
          place.subdivision().isEmpty()
              ? null
              : sums.row(place.subdivision().get(), place.subdivisionWhole(), source);
      for (int m = 0; m < values.length; m++) {
        if (values[m] == Cells.EMPTY) {
          continue;
        }
        int column = columns.get(m) + 1;
        countrySide.add(m, values[m], rows.line(), column);
        if (stateSide != null) {
          stateSide.add(m, values[m], rows.line(), column);
        }
      }
    }
    for (JhuSums.Sum sum : sums.sums()) {
      emitter.emit(
          new Observation(
              sum.place(),
              date,
              metrics.get(sum.slot()),
              CountKind.CUMULATIVE,
              sum.value(),
              sum.provenance()));
    }
  }

  private static void addColumn(
      Header header, Metric metric, List<Metric> metrics, List<Integer> columns,
      String... spellings) {
    int index = header.index(spellings);
    if (index >= 0) {
      metrics.add(metric);
      columns.add(index);
    }
  }

  private static LocalDate date(ParseHints hints) throws CaseDataFormatException {
    if (hints.date().isPresent()) {
      LocalDate date = hints.date().get();
      if (date.isBefore(Cells.DATE_MIN) || date.isAfter(Cells.DATE_MAX)) {
        throw new CaseDataFormatException(1, 0, "report date out of range: " + date);
      }
      return date;
    }
    Matcher m = FILE_DATE.matcher(hints.baseName().orElse(""));
    if (!m.matches()) {
      throw new CaseDataFormatException(
          1,
          0,
          "a JHU daily report does not name its date: pass ParseHints.date or a file name"
              + " like 03-31-2020.csv");
    }
    String iso = m.group(3) + "-" + m.group(1) + "-" + m.group(2);
    try {
      return Cells.isoDate(iso, 1, 0);
    } catch (CaseDataFormatException e) {
      throw new CaseDataFormatException(
          1, 0, "file name " + hints.baseName().get() + " is not a date MM-DD-YYYY.csv");
    }
  }
}
