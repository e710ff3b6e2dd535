package org.lazaret.casedata;

import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;
import org.lazaret.casedata.place.PlaceId;
import org.lazaret.casedata.place.Places;

/**
 * Reads the New York Times series: {@code us.csv} (national, placed at {@code USA}) and {@code
 * us-states.csv} (placed by FIPS, else by state name, at ISO 3166-2 {@code US-XX}). Counts are
 * cumulative and include probable cases and deaths where states report them, as NYT documents.
 * The national file has no place label; its provenance label is empty.
 */
final class NytReader {
  private static final PlaceId USA = PlaceId.of("USA");

  private NytReader() {}

  static void read(Rows rows, Header header, Places places, Emitter emitter)
      throws IOException, CaseDataFormatException {
    int dateColumn = header.index("date");
    int cases = header.index("cases");
    int deaths = header.index("deaths");
    int state = header.index("state");
    int fips = header.index("fips");
    DateCache dates = new DateCache();
    while (rows.next()) {
      long line = rows.line();
      LocalDate date = dates.iso(rows.cell(dateColumn), line, dateColumn + 1);
      long confirmed = Cells.count(rows.cell(cases), line, cases + 1);
      long died = Cells.count(rows.cell(deaths), line, deaths + 1);
      String label = state < 0 ? "" : rows.cell(state).trim();
      Optional<PlaceId> place = Optional.of(USA);
      if (state >= 0) {
        String code = fips < 0 ? "" : rows.cell(fips).trim();
        Optional<PlaceId> byName = places.usState(label);
        Optional<PlaceId> byFips = code.isEmpty() ? Optional.empty() : places.usState(code);
        if (byName.isPresent() && byFips.isPresent() && !byName.equals(byFips)) {
          throw new CaseDataFormatException(
              line, fips + 1, "FIPS " + code + " is " + byFips.get() + ", not " + label);
        }
        place = byFips.or(() -> byName);
        if (place.isEmpty()) {
          emitter.unmapped(label, line);
          continue;
        }
      }
      Provenance provenance = Provenance.of(line, label);
      int placeColumn = (state < 0 ? dateColumn : state) + 1;
      if (confirmed != Cells.EMPTY) {
        emitter.emitUnique(
            new Observation(
                place.get(), date, Metric.CONFIRMED, CountKind.CUMULATIVE, confirmed, provenance),
            line,
            placeColumn);
      }
      if (died != Cells.EMPTY) {
        emitter.emitUnique(
            new Observation(
                place.get(), date, Metric.DEATHS, CountKind.CUMULATIVE, died, provenance),
            line,
            placeColumn);
      }
    }
  }
}
