package org.lazaret.casedata;

import java.io.IOException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lazaret.casedata.place.PlaceId;
import org.lazaret.casedata.place.Places;

/**
 * Reads an OWID wide file ({@code ecdc/total_cases.csv} and its siblings): {@code date}, then one
 * column per location. What the numbers are is only in the file name ({@code total_deaths.csv})
 * or the caller's hints. Columns whose name no table knows are reported as unmapped, once each.
 */
final class OwidWideReader {
  private static final Pattern FILE_METRIC =
      Pattern.compile("(total|new)_(cases|deaths|tests|vaccinations)\\.csv");

  private OwidWideReader() {}

  static void read(Rows rows, Header header, ParseHints hints, Places places, Emitter emitter)
      throws IOException, CaseDataFormatException {
    Metric metric = metric(hints);
    CountKind kind = kind(hints);
    PlaceId[] placeOf = new PlaceId[header.size()];
    String[] labels = new String[header.size()];
    Map<PlaceId, Integer> columnOf = new HashMap<>();
    for (int i = 1; i < header.size(); i++) {
      labels[i] = rows.rawHeader(i);
      Optional<PlaceId> place = places.byLabel(labels[i]);
      if (place.isEmpty()) {
        emitter.unmapped(labels[i], 1);
        continue;
      }
      Integer earlier = columnOf.putIfAbsent(place.get(), i + 1);
      if (earlier != null) {
        throw new CaseDataFormatException(
            1, i + 1, "column names " + place.get() + " as column " + earlier + " does");
      }
      placeOf[i] = place.get();
    }
    DateCache dates = new DateCache();
    while (rows.next()) {
      long line = rows.line();
      LocalDate date = dates.iso(rows.cell(0), line, 1);
      for (int i = 1; i < header.size(); i++) {
        long value = Cells.count(rows.cell(i), line, i + 1);
        if (value == Cells.EMPTY || placeOf[i] == null) {
          continue;
        }
        emitter.emitUnique(
            new Observation(placeOf[i], date, metric, kind, value, Provenance.of(line, labels[i])),
            line,
            1);
      }
    }
  }

  private static Metric metric(ParseHints hints) throws CaseDataFormatException {
    if (hints.metric().isPresent()) {
      return hints.metric().get();
    }
    return switch (fileMatch(hints, "metric").group(2)) {
      case "cases" -> Metric.CONFIRMED;
      case "deaths" -> Metric.DEATHS;
      case "tests" -> Metric.TESTS;
      default -> Metric.VACCINATIONS;
    };
  }

  private static CountKind kind(ParseHints hints) throws CaseDataFormatException {
    if (hints.kind().isPresent()) {
      return hints.kind().get();
    }
    return fileMatch(hints, "kind").group(1).equals("total")
        ? CountKind.CUMULATIVE
        : CountKind.DAILY;
  }

  private static Matcher fileMatch(ParseHints hints, String what)
      throws CaseDataFormatException {
    Matcher m = FILE_METRIC.matcher(hints.baseName().orElse("").toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new CaseDataFormatException(
          1,
          0,
          "an OWID wide file does not name its " + what + ": pass ParseHints."
              + what + " or a file name like total_cases.csv or new_deaths.csv");
    }
    return m;
  }
}
