package org.lazaret.contracts.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.lazaret.contracts.Args;

/**
 * The arguments of the data contract's methods, checked without state and turned into values,
 * so that admission ({@code check}) and execution refuse the same malformed call with the same
 * {@code BAD_ARGUMENT} naming the field (for example {@code series[2].points[17][1]}).
 */
final class DataArgs {
  static final String SOURCE = "[A-Za-z0-9][A-Za-z0-9._-]{0,31}";
  static final String HASH = "[0-9a-f]{64}";
  static final String FORMAT = "[A-Z][A-Z0-9_]{0,31}";
  static final String DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}";
  /** The place-id shapes of the case-data library (ISO 3166-1/-2, OWID aggregates, ships, other). */
  static final String PLACE = "[A-Z]{3}|[A-Z]{2}-[A-Z0-9]{1,3}|OWID_[A-Z0-9]{1,32}|SHIP_[A-Z0-9_]{1,40}|JHU_[A-Z0-9_]{1,40}";
  static final Set<String> METRICS = Set.of("confirmed", "deaths", "recovered", "tests", "vaccinations");
  static final Set<String> KINDS = Set.of(IssueBook.CROSS_SOURCE, IssueBook.NEGATIVE_DAILY, IssueBook.REVISION, IssueBook.GAP);
  static final int TEXT_CHARS_MAX = 200;
  static final int NOTE_CHARS_MAX = 500;
  static final long ROW_MAX = 1_000_000_000_000L;
  static final long COUNT_MAX = 1_000_000_000L;
  /** Dates outside this range are typing errors, not case data; it also keeps date strings at ten characters. */
  static final LocalDate DATE_MIN = LocalDate.of(1900, 1, 1);
  static final LocalDate DATE_MAX = LocalDate.of(2199, 12, 31);

  private static final Pattern PLACE_PATTERN = Pattern.compile(PLACE);
  private static final Pattern DATE_PATTERN = Pattern.compile(DATE);

  private DataArgs() {}

  record ReleaseMeta(
      String source,
      String fileName,
      String fileHash,
      String licence,
      String format,
      long rows,
      long observations,
      Optional<String> previous) {}

  record ChunkPoint(LocalDate date, long value, long row) {}

  record SeriesChunk(String place, String metric, List<ChunkPoint> points) {}

  record AddSeries(String release, List<SeriesChunk> series) {}

  record Close(String release, long observations) {}

  record Annotation(
      String place, String metric, LocalDate date, String kind, Optional<String> source, String note, boolean resolve) {
    /** The issue's id in the place and metric's book. */
    String issue() {
      return IssueBook.id(date, kind, source);
    }
  }

  static ReleaseMeta release(Args a) {
    a.only("source", "fileName", "fileHash", "licence", "format", "rows", "observations", "previous");
    return new ReleaseMeta(
        a.text("source", SOURCE),
        text(a, "fileName", TEXT_CHARS_MAX),
        a.text("fileHash", HASH),
        text(a, "licence", TEXT_CHARS_MAX),
        a.text("format", FORMAT),
        count(a, "rows", COUNT_MAX),
        count(a, "observations", COUNT_MAX),
        a.has("previous") ? Optional.of(a.text("previous", HASH)) : Optional.empty());
  }

  static AddSeries addSeries(Args a) {
    a.only("release", "series");
    String release = a.text("release", HASH);
    List<Args> items = a.objects("series");
    if (items.isEmpty()) {
      throw a.invalid("series", "must hold at least one series");
    }
    if (items.size() > DatasetContract.SERIES_PER_CALL_MAX) {
      throw a.invalid("series", "at most " + DatasetContract.SERIES_PER_CALL_MAX + " series per call");
    }
    Set<String> seen = new TreeSet<>();
    List<SeriesChunk> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Args s = items.get(i).only("place", "metric", "points");
      String place = place(s, "place");
      String metric = metric(s, "metric");
      if (!seen.add(place + "/" + metric)) {
        throw Args.bad("series[" + i + "]", "the series " + place + "/" + metric + " is given twice in one call");
      }
      out.add(new SeriesChunk(place, metric, points(s.node("points"), "series[" + i + "].points")));
    }
    return new AddSeries(release, out);
  }

  static Close close(Args a) {
    a.only("release", "observations");
    return new Close(a.text("release", HASH), count(a, "observations", COUNT_MAX));
  }

  static Annotation annotation(Args a) {
    a.only("place", "metric", "date", "kind", "source", "note", "resolve");
    String place = place(a, "place");
    String metric = metric(a, "metric");
    LocalDate date = date(a.node("date"), "date");
    String kind = a.text("kind");
    if (!KINDS.contains(kind)) {
      throw a.invalid("kind", "must be one of " + String.join(", ", new TreeSet<>(KINDS)));
    }
    Optional<String> source = a.has("source") ? Optional.of(a.text("source", SOURCE)) : Optional.empty();
    if (kind.equals(IssueBook.CROSS_SOURCE) && source.isPresent()) {
      throw a.invalid("source", "a cross-source issue belongs to no single source; leave it out");
    }
    if (!kind.equals(IssueBook.CROSS_SOURCE) && source.isEmpty()) {
      throw a.invalid("source", "required for a " + kind + " issue");
    }
    String note = text(a, "note", NOTE_CHARS_MAX);
    return new Annotation(place, metric, date, kind, source, note, a.bool("resolve"));
  }

  static String place(Args a, String field) {
    String p = a.text(field);
    if (p.length() > 48 || !PLACE_PATTERN.matcher(p).matches()) {
      throw a.invalid(field, "must be a place id (ISO 3166-1 alpha-3 such as DEU, ISO 3166-2 such as US-NY, or OWID_/SHIP_/JHU_ code)");
    }
    return p;
  }

  static String metric(Args a, String field) {
    String m = a.text(field);
    if (!METRICS.contains(m)) {
      throw a.invalid(field, "must be one of " + String.join(", ", new TreeSet<>(METRICS)));
    }
    return m;
  }

  private static String text(Args a, String field, int maxChars) {
    String s = a.text(field);
    if (s.isBlank()) {
      throw a.invalid(field, "must not be blank");
    }
    if (s.length() > maxChars) {
      throw a.invalid(field, "at most " + maxChars + " characters");
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.isISOControl(s.charAt(i))) {
        throw a.invalid(field, "must not contain control characters");
      }
    }
    return s;
  }

  private static long count(Args a, String field, long max) {
    JsonNode v = a.node(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0 || v.longValue() > max) {
      throw a.invalid(field, "must be an integer from 0 to " + max);
    }
    return v.longValue();
  }

  /** Points as {@code [date, value, row]}, dates strictly increasing. */
  private static List<ChunkPoint> points(JsonNode v, String field) {
    if (!v.isArray() || v.isEmpty()) {
      throw Args.bad(field, "must be a non-empty array of [date, value, row]");
    }
    if (v.size() > DatasetContract.SERIES_DATES_MAX) {
      throw Args.bad(field, "at most " + DatasetContract.SERIES_DATES_MAX + " points");
    }
    List<ChunkPoint> out = new ArrayList<>(v.size());
    LocalDate previous = null;
    for (int j = 0; j < v.size(); j++) {
      String at = field + "[" + j + "]";
      JsonNode p = v.get(j);
      if (!p.isArray() || p.size() != 3) {
        throw Args.bad(at, "must be [date, value, row]");
      }
      LocalDate date = date(p.get(0), at + "[0]");
      long value = integer(p.get(1), at + "[1]", -DatasetContract.VALUE_ABS_MAX, DatasetContract.VALUE_ABS_MAX);
      long row = integer(p.get(2), at + "[2]", 1, ROW_MAX);
      if (previous != null && !date.isAfter(previous)) {
        throw Args.bad(at + "[0]", "dates must be strictly increasing; " + date + " follows " + previous);
      }
      previous = date;
      out.add(new ChunkPoint(date, value, row));
    }
    return out;
  }

  private static LocalDate date(JsonNode v, String field) {
    if (!v.isTextual() || !DATE_PATTERN.matcher(v.textValue()).matches()) {
      throw Args.bad(field, "must be a date YYYY-MM-DD");
    }
    LocalDate d;
    try {
      d = LocalDate.parse(v.textValue());
    } catch (DateTimeParseException e) {
      throw Args.bad(field, "'" + v.textValue() + "' is not a calendar date");
    }
    if (d.isBefore(DATE_MIN) || d.isAfter(DATE_MAX)) {
      throw Args.bad(field, "must be between " + DATE_MIN + " and " + DATE_MAX);
    }
    return d;
  }

  private static long integer(JsonNode v, String field, long min, long max) {
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < min || v.longValue() > max) {
      throw Args.bad(field, "must be an integer from " + min + " to " + max);
    }
    return v.longValue();
  }
}
