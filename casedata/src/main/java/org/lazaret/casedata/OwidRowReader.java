package org.lazaret.casedata;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.casedata.place.PlaceId;
import org.lazaret.casedata.place.Places;

/**
 * Reads OWID's one-row-per-place-and-day files: the full {@code owid-covid-data.csv} (placed by
 * its {@code iso_code}, falling back to {@code location} where OWID leaves the code blank, as for
 * International) and the long {@code full_data.csv} of ECDC and WHO (placed by {@code location}).
 * Recognised count columns, where present: {@code total_/new_} cases, deaths, tests and
 * vaccinations; every other column (per-million rates, smoothed series, covariates) is ignored.
 */
final class OwidRowReader {
  private record Column(int index, Metric metric, CountKind kind) {}

  private static final String[][] COLUMNS = {
    {"total_cases", "CONFIRMED", "CUMULATIVE"},
    {"new_cases", "CONFIRMED", "DAILY"},
    {"total_deaths", "DEATHS", "CUMULATIVE"},
    {"new_deaths", "DEATHS", "DAILY"},
    {"total_tests", "TESTS", "CUMULATIVE"},
    {"new_tests", "TESTS", "DAILY"},
    {"total_vaccinations", "VACCINATIONS", "CUMULATIVE"},
    {"new_vaccinations", "VACCINATIONS", "DAILY"},
  };

  private OwidRowReader() {}

  static void read(Rows rows, Header header, Places places, Emitter emitter)
      throws IOException, CaseDataFormatException {
    List<Column> columns = new ArrayList<>();
    for (String[] spec : COLUMNS) {
      int index = header.index(spec[0]);
      if (index >= 0) {
        columns.add(new Column(index, Metric.valueOf(spec[1]), CountKind.valueOf(spec[2])));
      }
    }
    if (columns.isEmpty()) {
      throw new CaseDataFormatException(1, 0, "no count columns (total_cases, new_cases, ...)");
    }
    int iso = header.index("iso_code");
    int location = header.index("location");
    int dateColumn = header.index("date");
    DateCache dates = new DateCache();
    while (rows.next()) {
      long line = rows.line();
      LocalDate date = dates.iso(rows.cell(dateColumn), line, dateColumn + 1);
      long[] values = new long[columns.size()];
      for (int i = 0; i < values.length; i++) {
        int index = columns.get(i).index();
        values[i] = Cells.count(rows.cell(index), line, index + 1);
      }
      String label = rows.cell(location).trim();
      Optional<PlaceId> place =
          iso >= 0 ? places.owid(rows.cell(iso), label) : places.byLabel(label);
      if (place.isEmpty()) {
        emitter.unmapped(label, line);
        continue;
      }
      Provenance provenance = Provenance.of(line, label);
      int placeColumn = (iso >= 0 ? iso : location) + 1;
      for (int i = 0; i < values.length; i++) {
        if (values[i] == Cells.EMPTY) {
          continue;
        }
        Column column = columns.get(i);
        emitter.emitUnique(
            new Observation(
                place.get(), date, column.metric(), column.kind(), values[i], provenance),
            line,
            placeColumn);
      }
    }
  }
}
