package org.lazaret.casedata;

import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.lazaret.casedata.place.JhuPlace;
import org.lazaret.casedata.place.Places;

/**
 * Reads a JHU CSSE wide time series: identity columns (Province/State, Country/Region, Lat, Long,
 * or the US file's UID..Combined_Key), then one column per day {@code M/D/YY} holding cumulative
 * counts. The metric is not in the file, so it comes from the caller or the file name. Rows are
 * summed per place by {@link JhuSums}; a US county file also yields its states.
 */
final class JhuTimeSeriesReader {
  private JhuTimeSeriesReader() {}

  static void read(Rows rows, Header header, ParseHints hints, Places places, Emitter emitter)
      throws IOException, CaseDataFormatException {
    Metric metric = metric(hints);
    int firstDate = -1;
    for (int i = 0; i < header.size() && firstDate < 0; i++) {
      if (Cells.looksLikeJhuDate(header.name(i))) {
        firstDate = i;
      }
    }
    LocalDate[] dates = new LocalDate[header.size() - firstDate];
    Map<LocalDate, Integer> columns = new HashMap<>();
    for (int i = firstDate; i < header.size(); i++) {
      LocalDate date = Cells.jhuDate(header.name(i), 1, i + 1);
      Integer earlier = columns.putIfAbsent(date, i + 1);
      if (earlier != null) {
        throw new CaseDataFormatException(
            1, i + 1, "date " + date + " already has column " + earlier);
      }
      dates[i - firstDate] = date;
    }
    int country = header.index(Header.COUNTRY);
    int province = header.index(Header.PROVINCE);
    int admin2 = header.index(Header.ADMIN2);
    JhuSums sums = new JhuSums(dates.length);
    while (rows.next()) {
      String c = rows.cell(country);
      String p = Header.cellOrEmpty(rows, province);
      String a = Header.cellOrEmpty(rows, admin2);
      String label = Header.jhuLabel(a, p, c);
      Optional<JhuPlace> placed = places.jhu(c, p, a);
      if (placed.isEmpty()) {
        emitter.unmapped(label, rows.line());
        for (int i = firstDate; i < header.size(); i++) {
          Cells.count(rows.cell(i), rows.line(), i + 1);
        }
        continue;
      }
      JhuPlace place = placed.get();
      SourceRow source = new SourceRow(rows.line(), label);
      JhuSums.Side countrySide = sums.row(place.place(), place.whole(), source);
      JhuSums.Side stateSide =
          place.subdivision().isEmpty()
              ? null
              : sums.row(place.subdivision().get(), place.subdivisionWhole(), source);
      for (int i = firstDate; i < header.size(); i++) {
        long value = Cells.count(rows.cell(i), rows.line(), i + 1);
        if (value == Cells.EMPTY) {
          continue;
        }
        countrySide.add(i - firstDate, value, rows.line(), i + 1);
        if (stateSide != null) {
          stateSide.add(i - firstDate, value, rows.line(), i + 1);
        }
      }
    }
    for (JhuSums.Sum sum : sums.sums()) {
      emitter.emit(
          new Observation(
              sum.place(),
              dates[sum.slot()],
              metric,
              CountKind.CUMULATIVE,
              sum.value(),
              sum.provenance()));
    }
  }

  private static Metric metric(ParseHints hints) throws CaseDataFormatException {
    if (hints.metric().isPresent()) {
      return hints.metric().get();
    }
    String name = hints.baseName().orElse("").toLowerCase(Locale.ROOT);
    Metric found = null;
    int matches = 0;
    for (Metric candidate : new Metric[] {Metric.CONFIRMED, Metric.DEATHS, Metric.RECOVERED}) {
      if (name.contains(candidate.name().toLowerCase(Locale.ROOT))) {
        found = candidate;
        matches++;
      }
    }
    if (matches != 1) {
      throw new CaseDataFormatException(
          1,
          0,
          "a JHU time series does not name its metric: pass ParseHints.metric or a file name"
              + " like time_series_covid19_confirmed_global.csv");
    }
    return found;
  }
}
