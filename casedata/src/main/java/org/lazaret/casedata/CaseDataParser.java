package org.lazaret.casedata;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.casedata.place.Places;

/**
 * Entry point: reads one published case-data file into normalised {@link Observation}s. The
 * format is detected from the header alone (see {@link #detect}); the file name in {@link
 * ParseHints} is only read for what a header cannot carry (the metric of a JHU or OWID wide file,
 * the date of a JHU daily report).
 *
 * <p>The file streams through a fixed-size buffer: formats with one row per place and day emit
 * as they read, JHU files keep one running sum per place and slot. A malformed file (unknown
 * header, wrong column count, a count that is not a whole number, a bad date, a duplicated row) is
 * refused as a whole with a {@link CaseDataFormatException} naming line, column and reason.
 * Stateless and thread-safe; each call reads its own reader.
 */
public final class CaseDataParser {
  private CaseDataParser() {}

  /** Parses a whole file into memory, against the bundled place tables. */
  public static ParsedRelease parse(Reader reader, ParseHints hints, ProgressListener progress)
      throws IOException, CaseDataFormatException {
    return parse(reader, hints, progress, Places.standard());
  }

  public static ParsedRelease parse(
      Reader reader, ParseHints hints, ProgressListener progress, Places places)
      throws IOException, CaseDataFormatException {
    List<Observation> observations = new ArrayList<>();
    ParseSummary summary = stream(reader, hints, progress, places, observations::add);
    if (summary.observationCount() != observations.size()) {
      throw new IllegalStateException("emitted and collected counts differ");
    }
    return new ParsedRelease(
        summary.format(), summary.rowCount(), observations, summary.unmappedLabels());
  }

  /**
   * Parses a file handing each observation to {@code sink} as soon as it is known, so a file of
   * any size needs memory only for the observations the caller keeps. On a {@link
   * CaseDataFormatException} the caller must discard what the sink received.
   */
  public static ParseSummary stream(
      Reader reader, ParseHints hints, ProgressListener progress, Places places, ObservationSink sink)
      throws IOException, CaseDataFormatException {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(hints, "hints");
    Objects.requireNonNull(progress, "progress");
    Objects.requireNonNull(places, "places");
    Rows rows = new Rows(reader, progress);
    Header header = new Header(rows.header());
    SourceFormat format =
        detect(header, places)
            .orElseThrow(
                () ->
                    new CaseDataFormatException(
                        1, 1, "unrecognised header: '" + Cells.shorten(header.name(0)) + ",...'"
                            + " is not a JHU, OWID or NYT case-data layout"));
    if (isNytCounties(header)) {
      throw new CaseDataFormatException(
          1, 0, "NYT county file is not supported: read us-states.csv or us.csv instead");
    }
    Emitter emitter = new Emitter(sink);
    switch (format) {
      case JHU_TIME_SERIES -> JhuTimeSeriesReader.read(rows, header, hints, places, emitter);
      case JHU_DAILY_REPORT -> JhuDailyReportReader.read(rows, header, hints, places, emitter);
      case OWID_FULL, OWID_LONG -> OwidRowReader.read(rows, header, places, emitter);
      case OWID_WIDE -> OwidWideReader.read(rows, header, hints, places, emitter);
      case NYT_NATIONAL, NYT_STATES -> NytReader.read(rows, header, places, emitter);
    }
    return new ParseSummary(format, rows.count(), emitter.count(), emitter.unmappedLabels());
  }

  /**
   * The format a header (as its cells) belongs to, if any. A wide file is recognised by a first
   * column {@code date} and at least one column naming a known place.
   */
  public static Optional<SourceFormat> detect(List<String> headerCells) {
    String[] names = new String[headerCells.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = headerCells.get(i).trim().toLowerCase(Locale.ROOT);
    }
    return detect(new Header(names), Places.standard());
  }

  private static Optional<SourceFormat> detect(Header header, Places places) {
    if (header.has(Header.COUNTRY)) {
      for (int i = 0; i < header.size(); i++) {
        if (Cells.looksLikeJhuDate(header.name(i))) {
          return Optional.of(SourceFormat.JHU_TIME_SERIES);
        }
      }
      return header.has("confirmed")
          ? Optional.of(SourceFormat.JHU_DAILY_REPORT)
          : Optional.empty();
    }
    if (header.has("date") && header.has("location")) {
      return Optional.of(header.has("iso_code") ? SourceFormat.OWID_FULL : SourceFormat.OWID_LONG);
    }
    if (header.has("date") && header.has("cases") && header.has("deaths")) {
      return Optional.of(
          header.has("state") ? SourceFormat.NYT_STATES : SourceFormat.NYT_NATIONAL);
    }
    if (header.size() >= 2 && header.name(0).equals("date")) {
      for (int i = 1; i < header.size(); i++) {
        if (places.byLabel(header.name(i)).isPresent()) {
          return Optional.of(SourceFormat.OWID_WIDE);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean isNytCounties(Header header) {
    return header.has("county") && header.has("cases") && !header.has(Header.COUNTRY);
  }
}
