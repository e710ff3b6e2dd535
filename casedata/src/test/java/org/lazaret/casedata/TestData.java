package org.lazaret.casedata;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.lazaret.casedata.place.PlaceId;

/** Reads the real files copied under src/test/resources/casedata (see the README there). */
public final class TestData {
  public static final String JHU_TS = "jhu-csse/csse_covid_19_data/csse_covid_19_time_series/";
  public static final String JHU_DAILY = "jhu-csse/csse_covid_19_data/csse_covid_19_daily_reports/";
  public static final String OWID = "owid/public/data/";

  private TestData() {}

  public static Reader reader(String path) {
    InputStream in = TestData.class.getResourceAsStream("/casedata/" + path);
    if (in == null) {
      throw new IllegalArgumentException("no test file " + path);
    }
    return new InputStreamReader(in, StandardCharsets.UTF_8);
  }

  /** Parses a bundled file, passing its name as the only hint. */
  public static ParsedRelease parse(String path) {
    try (Reader r = reader(path)) {
      return CaseDataParser.parse(r, ParseHints.fileName(path), ProgressListener.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (CaseDataFormatException e) {
      throw new AssertionError("real file refused: " + path + ": " + e.getMessage(), e);
    }
  }

  public static ParsedRelease parseText(String text, ParseHints hints)
      throws CaseDataFormatException {
    try {
      return CaseDataParser.parse(new StringReader(text), hints, ProgressListener.NONE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The single observation for a key, if any. */
  public static Optional<Observation> find(
      List<Observation> observations, String place, String date, Metric metric, CountKind kind) {
    PlaceId id = PlaceId.of(place);
    LocalDate day = LocalDate.parse(date);
    List<Observation> found =
        observations.stream()
            .filter(o -> o.place().equals(id) && o.date().equals(day))
            .filter(o -> o.metric() == metric && o.kind() == kind)
            .toList();
    if (found.size() > 1) {
      throw new AssertionError("more than one observation for " + place + " " + date);
    }
    return found.stream().findFirst();
  }

  public static long value(
      List<Observation> observations, String place, String date, Metric metric, CountKind kind) {
    return find(observations, place, date, metric, kind)
        .orElseThrow(() -> new AssertionError("no " + metric + " for " + place + " on " + date))
        .value();
  }
}
