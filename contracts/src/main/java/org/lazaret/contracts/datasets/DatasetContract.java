package org.lazaret.contracts.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.Revert;
import org.lazaret.core.json.CanonicalJson;

/**
 * Published case data on the ledger. An organisation holding {@code data.publisher} opens a
 * release (the file's SHA-256, source, licence, format and counts, signed by its key and stamped
 * with the block time), writes its normalised series in calls of a few whole series each (a long
 * series split into consecutive date ranges, merged here), and closes it once the count of
 * points written matches what it declared. Every write is checked as it lands: within the source
 * for negative daily counts, revisions beyond tolerance of an earlier release's value, and gaps;
 * across sources for the same place, metric and date differing beyond tolerance (governance
 * parameters {@code data.tolerancePercent} and {@code data.toleranceAbsolute}, default 1 % and
 * 10). Each issue is kept with the values and their provenance; {@code data.curator} annotates
 * and resolves them.
 *
 * <p>State, one canonical-JSON value per key:
 *
 * <ul>
 *   <li>{@code data/sources}: {@code {"sources": [names]}}, at most {@link #SOURCES_MAX};
 *   <li>{@code data/source/<source>}: {@code {"publisher": org, "releases": [ids]}}, the versions
 *       oldest first, at most {@link #RELEASES_PER_SOURCE_MAX}; only the first publisher's
 *       organisation may publish the source again;
 *   <li>{@code data/release/<id>}: the release record (id = the opening transaction's id);
 *   <li>{@code data/catalog/<source>}: {@code {"places": {place: [metrics]}}}, which series exist;
 *   <li>{@code data/series/<source>/<place>/<metric>}: {@code {"points": {date: [cumulative,
 *       release, row]}}}, at most {@link #SERIES_DATES_MAX} dates (about 190 KiB);
 *   <li>{@code data/discrepancies/<place>/<metric>}: the {@link IssueBook}.
 * </ul>
 *
 * Integer arithmetic only; every collection iterated in key order.
 */
public final class DatasetContract implements Contract {
  public static final String NAME = "data";
  public static final String PUBLISHER = "data.publisher";
  public static final String CURATOR = "data.curator";
  /** No count of people exceeds this; it keeps tolerance products far from overflow. */
  public static final long VALUE_ABS_MAX = 1_000_000_000_000_000L;
  public static final int SERIES_DATES_MAX = 2_000;
  public static final int SERIES_PER_CALL_MAX = 64;
  public static final int SOURCES_MAX = 32;
  public static final int RELEASES_PER_SOURCE_MAX = 1_000;
  public static final int CATALOG_SERIES_MAX = 5_000;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> methods() {
    return Set.of("openRelease", "addSeries", "closeRelease", "annotate");
  }

  public static String sourcesKey() {
    return "data/sources";
  }

  public static String sourceKey(String source) {
    return "data/source/" + source;
  }

  public static String releaseKey(String id) {
    return "data/release/" + id;
  }

  public static String catalogKey(String source) {
    return "data/catalog/" + source;
  }

  public static String seriesKey(String source, String place, String metric) {
    return "data/series/" + source + "/" + place + "/" + metric;
  }

  public static String discrepanciesKey(String place, String metric) {
    return "data/discrepancies/" + place + "/" + metric;
  }

  @Override
  public void check(String method, JsonNode args) {
    Args a = new Args(args);
    switch (method) {
      case "openRelease" -> DataArgs.release(a);
      case "addSeries" -> DataArgs.addSeries(a);
      case "closeRelease" -> DataArgs.close(a);
      case "annotate" -> DataArgs.annotation(a);
      default -> throw new IllegalStateException("method list and check disagree: " + method);
    }
  }

  @Override
  public void call(String method, JsonNode args, Context ctx) {
    Args a = new Args(args);
    switch (method) {
      case "openRelease" -> openRelease(a, ctx);
      case "addSeries" -> addSeries(a, ctx);
      case "closeRelease" -> closeRelease(a, ctx);
      case "annotate" -> annotate(a, ctx);
      default -> throw new IllegalStateException("method list and dispatch disagree: " + method);
    }
  }

  // ---- releases ----

  private static void openRelease(Args a, Context ctx) {
    DataArgs.ReleaseMeta m = DataArgs.release(a);
    String org = ctx.roles().require(PUBLISHER);
    String id = ctx.txId().hex();
    TreeSet<String> sources = sources(ctx);
    if (!sources.contains(m.source())) {
      if (sources.size() >= SOURCES_MAX) {
        throw new Revert("SOURCES_FULL", "source: the ledger already holds " + SOURCES_MAX + " sources");
      }
      sources.add(m.source());
      ArrayNode list = CanonicalJson.object().putArray("sources");
      sources.forEach(list::add);
      ctx.write(sourcesKey(), CanonicalJson.object().set("sources", list));
    }
    ObjectNode source = ctx.read(sourceKey(m.source())).map(n -> (ObjectNode) n.deepCopy())
        .orElseGet(() -> {
          ObjectNode s = CanonicalJson.object().put("publisher", org);
          s.putArray("releases");
          return s;
        });
    if (!org.equals(source.path("publisher").asText())) {
      throw new Revert("UNAUTHORIZED", "source: '" + m.source() + "' is published by organisation '" + source.path("publisher").asText() + "'");
    }
    ArrayNode releases = (ArrayNode) source.get("releases");
    if (releases.size() >= RELEASES_PER_SOURCE_MAX) {
      throw new Revert("RELEASES_FULL", "source: '" + m.source() + "' already has " + RELEASES_PER_SOURCE_MAX + " releases");
    }
    Optional<String> latest = releases.isEmpty() ? Optional.empty() : Optional.of(releases.get(releases.size() - 1).textValue());
    if (m.previous().isPresent() && !m.previous().equals(latest)) {
      throw new Revert("STALE_PREVIOUS", "previous: the latest release of '" + m.source() + "' is " + latest.orElse("none"));
    }
    ObjectNode r = CanonicalJson.object();
    r.put("id", id).put("source", m.source()).put("fileName", m.fileName()).put("fileHash", m.fileHash());
    r.put("licence", m.licence()).put("format", m.format()).put("rows", m.rows()).put("observations", m.observations());
    r.put("version", releases.size() + 1);
    latest.ifPresent(p -> r.put("previous", p));
    r.put("publisher", org).put("publisherKey", ctx.sender().hex()).put("time", ctx.timeMillis()).put("height", ctx.height());
    r.put("status", "open").put("written", 0).put("added", 0).put("changed", 0).put("unchanged", 0).put("issues", 0);
    ctx.write(releaseKey(id), r);
    releases.add(id);
    ctx.write(sourceKey(m.source()), source);
    ctx.emit("ReleaseOpened", CanonicalJson.object().put("id", id).put("source", m.source()).put("version", releases.size()).put("fileHash", m.fileHash()));
  }

  private static ObjectNode openReleaseOf(Context ctx, String id, String org) {
    ObjectNode r = ctx.read(releaseKey(id)).map(n -> (ObjectNode) n.deepCopy())
        .orElseThrow(() -> new Revert("UNKNOWN_RELEASE", "release: no release " + id));
    if (!org.equals(r.path("publisher").asText())) {
      throw new Revert("UNAUTHORIZED", "release: " + id + " was opened by organisation '" + r.path("publisher").asText() + "'");
    }
    if (!"open".equals(r.path("status").asText())) {
      throw new Revert("RELEASE_CLOSED", "release: " + id + " is already " + r.path("status").asText());
    }
    return r;
  }

  private static void closeRelease(Args a, Context ctx) {
    DataArgs.Close c = DataArgs.close(a);
    String org = ctx.roles().require(PUBLISHER);
    ObjectNode r = openReleaseOf(ctx, c.release(), org);
    long written = r.path("written").asLong();
    if (c.observations() != written) {
      throw new Revert("COUNT_MISMATCH", "observations: " + c.observations() + " given, " + written + " written to release " + c.release());
    }
    if (written != r.path("observations").asLong()) {
      throw new Revert("COUNT_MISMATCH", "observations: release " + c.release() + " declared " + r.path("observations").asLong() + ", " + written + " were written");
    }
    r.put("status", "published").put("closedBy", ctx.txId().hex()).put("closedTime", ctx.timeMillis()).put("closedHeight", ctx.height());
    ctx.write(releaseKey(c.release()), r);
    ctx.emit("ReleasePublished", CanonicalJson.object().put("id", c.release()).put("source", r.path("source").asText()).put("observations", written).put("issues", r.path("issues").asLong()));
  }

  // ---- series ----

  private static final class Counts {
    long written;
    long added;
    long changed;
    long unchanged;
    long issues;
  }

  private static void addSeries(Args a, Context ctx) {
    DataArgs.AddSeries call = DataArgs.addSeries(a);
    String org = ctx.roles().require(PUBLISHER);
    ObjectNode r = openReleaseOf(ctx, call.release(), org);
    String source = r.path("source").asText();
    long points = 0;
    for (DataArgs.SeriesChunk s : call.series()) {
      points += s.points().size();
    }
    long declared = r.path("observations").asLong();
    long written = r.path("written").asLong();
    if (written + points > declared) {
      throw new Revert("COUNT_MISMATCH", "series: " + points + " more points would exceed the " + declared + " release " + call.release() + " declared (" + written + " written)");
    }
    Tolerance tolerance = Tolerance.read(ctx);
    TreeSet<String> others = sources(ctx);
    others.remove(source);
    Catalog catalog = Catalog.read(ctx, source);
    Counts counts = new Counts();
    for (DataArgs.SeriesChunk s : call.series()) {
      writeSeries(ctx, source, call.release(), s, tolerance, others, counts);
      catalog.add(s.place(), s.metric());
    }
    catalog.writeIfChanged(ctx, source);
    r.put("written", written + counts.written);
    r.put("added", r.path("added").asLong() + counts.added);
    r.put("changed", r.path("changed").asLong() + counts.changed);
    r.put("unchanged", r.path("unchanged").asLong() + counts.unchanged);
    r.put("issues", r.path("issues").asLong() + counts.issues);
    ctx.write(releaseKey(call.release()), r);
    ctx.emit("SeriesAdded", CanonicalJson.object().put("release", call.release()).put("series", call.series().size()).put("points", counts.written).put("issues", counts.issues));
  }

  private static void writeSeries(
      Context ctx, String source, String release, DataArgs.SeriesChunk chunk, Tolerance tolerance, TreeSet<String> others, Counts counts) {
    String key = seriesKey(source, chunk.place(), chunk.metric());
    SeriesPoints series = SeriesPoints.read(ctx.read(key));
    String bookKey = discrepanciesKey(chunk.place(), chunk.metric());
    IssueBook book = IssueBook.read(ctx.read(bookKey));
    long time = ctx.timeMillis();
    int fresh = 0;
    for (DataArgs.ChunkPoint p : chunk.points()) {
      if (series.at(p.date()).isEmpty()) {
        fresh++;
      }
    }
    if (series.size() + fresh > SERIES_DATES_MAX) {
      throw new Revert("SERIES_FULL", "series: " + chunk.place() + "/" + chunk.metric() + " of '" + source + "' would hold more than " + SERIES_DATES_MAX + " dates");
    }
    for (DataArgs.ChunkPoint p : chunk.points()) {
      Optional<SeriesPoints.Point> old = series.at(p.date());
      if (old.isPresent()) {
        SeriesPoints.Point o = old.get();
        if (o.release().equals(release)) {
          throw new Revert("DUPLICATE_POINT", "series: " + chunk.place() + "/" + chunk.metric() + " on " + p.date() + " was already written by release " + release);
        }
        if (o.value() == p.value()) {
          counts.unchanged++;
        } else {
          counts.changed++;
          if (tolerance.exceeded(o.value(), p.value())) {
            ObjectNode e = IssueBook.evidence(p.date(), IssueBook.REVISION, Optional.of(source));
            IssueBook.value(e, source, o.value(), o.release(), o.row(), Optional.empty());
            IssueBook.value(e, source, p.value(), release, p.row(), Optional.empty());
            book.record(e, release, time);
          }
        }
      } else {
        counts.added++;
      }
      series.put(p.date(), new SeriesPoints.Point(p.value(), release, p.row()));
      counts.written++;
    }
    withinSource(series, source, chunk, book, release, time);
    if (!others.isEmpty()) {
      acrossSources(ctx, series, source, chunk, others, tolerance, book, release, time);
    }
    ctx.write(key, series.toJson());
    if (book.changes() > 0) {
      counts.issues += book.changes();
      ctx.write(bookKey, book.toJsonWithinBudget());
    }
  }

  /** Negative daily counts and gaps at every written date and at the first date after the chunk. */
  private static void withinSource(SeriesPoints series, String source, DataArgs.SeriesChunk chunk, IssueBook book, String release, long time) {
    TreeSet<LocalDate> checked = new TreeSet<>();
    chunk.points().forEach(p -> checked.add(p.date()));
    series.after(checked.last()).ifPresent(checked::add);
    Optional<String> own = Optional.of(source);
    for (LocalDate d : checked) {
      SeriesPoints.Point cur = series.at(d).orElseThrow();
      Optional<Map.Entry<LocalDate, SeriesPoints.Point>> prev = series.before(d);
      String negative = IssueBook.id(d, IssueBook.NEGATIVE_DAILY, own);
      String gap = IssueBook.id(d, IssueBook.GAP, own);
      if (prev.isEmpty()) {
        book.clear(negative, release, time);
        book.clear(gap, release, time);
        continue;
      }
      LocalDate pd = prev.get().getKey();
      SeriesPoints.Point pp = prev.get().getValue();
      if (cur.value() < pp.value()) {
        ObjectNode e = IssueBook.evidence(d, IssueBook.NEGATIVE_DAILY, own);
        IssueBook.value(e, source, pp.value(), pp.release(), pp.row(), Optional.of(pd));
        IssueBook.value(e, source, cur.value(), cur.release(), cur.row(), Optional.of(d));
        e.put("daily", cur.value() - pp.value());
        book.record(e, release, time);
      } else {
        book.clear(negative, release, time);
      }
      long missing = ChronoUnit.DAYS.between(pd, d) - 1;
      if (missing > 0) {
        ObjectNode e = IssueBook.evidence(d, IssueBook.GAP, own);
        IssueBook.value(e, source, pp.value(), pp.release(), pp.row(), Optional.of(pd));
        IssueBook.value(e, source, cur.value(), cur.release(), cur.row(), Optional.of(d));
        e.put("from", pd.plusDays(1).toString()).put("days", missing);
        book.record(e, release, time);
      } else {
        book.clear(gap, release, time);
      }
    }
  }

  /** The same place, metric and date in every other source, compared at each written date. */
  private static void acrossSources(
      Context ctx, SeriesPoints series, String source, DataArgs.SeriesChunk chunk, TreeSet<String> others,
      Tolerance tolerance, IssueBook book, String release, long time) {
    TreeMap<String, SeriesPoints> theirs = new TreeMap<>();
    for (String other : others) {
      ctx.read(seriesKey(other, chunk.place(), chunk.metric())).ifPresent(v -> theirs.put(other, SeriesPoints.read(Optional.of(v))));
    }
    if (theirs.isEmpty()) {
      return;
    }
    for (DataArgs.ChunkPoint p : chunk.points()) {
      TreeMap<String, SeriesPoints.Point> values = new TreeMap<>();
      values.put(source, series.at(p.date()).orElseThrow());
      theirs.forEach((name, s) -> s.at(p.date()).ifPresent(v -> values.put(name, v)));
      if (values.size() < 2) {
        continue;
      }
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (SeriesPoints.Point v : values.values()) {
        min = Math.min(min, v.value());
        max = Math.max(max, v.value());
      }
      if (tolerance.exceeded(min, max)) {
        ObjectNode e = IssueBook.evidence(p.date(), IssueBook.CROSS_SOURCE, Optional.empty());
        values.forEach((name, v) -> IssueBook.value(e, name, v.value(), v.release(), v.row(), Optional.empty()));
        book.record(e, release, time);
      } else {
        book.clear(IssueBook.id(p.date(), IssueBook.CROSS_SOURCE, Optional.empty()), release, time);
      }
    }
  }

  // ---- curation ----

  private static void annotate(Args a, Context ctx) {
    DataArgs.Annotation an = DataArgs.annotation(a);
    String org = ctx.roles().require(CURATOR);
    String key = discrepanciesKey(an.place(), an.metric());
    Optional<JsonNode> stored = ctx.read(key);
    if (stored.isEmpty()) {
      throw new Revert("UNKNOWN_ISSUE", "no issue is recorded for " + an.place() + "/" + an.metric());
    }
    IssueBook book = IssueBook.read(stored);
    book.annotate(an.issue(), org, ctx.sender().hex(), ctx.timeMillis(), an.note(), an.resolve());
    ctx.write(key, book.toJson());
    ctx.emit("IssueAnnotated", CanonicalJson.object().put("place", an.place()).put("metric", an.metric()).put("issue", an.issue())
        .put("status", book.issue(an.issue()).orElseThrow().path("status").asText()).put("organisation", org));
  }

  // ---- indexes ----

  private static TreeSet<String> sources(Context ctx) {
    TreeSet<String> out = new TreeSet<>();
    ctx.read(sourcesKey()).ifPresent(n -> n.path("sources").forEach(s -> out.add(s.textValue())));
    return out;
  }

  /** Which series a source has, so readers can list them without scanning the state. */
  private static final class Catalog {
    private final TreeMap<String, TreeSet<String>> places = new TreeMap<>();
    private int size;
    private boolean changed;

    static Catalog read(Context ctx, String source) {
      Catalog c = new Catalog();
      ctx.read(catalogKey(source)).ifPresent(n -> n.path("places").fields().forEachRemaining(e -> {
        TreeSet<String> metrics = new TreeSet<>();
        e.getValue().forEach(m -> metrics.add(m.textValue()));
        c.places.put(e.getKey(), metrics);
        c.size += metrics.size();
      }));
      return c;
    }

    void add(String place, String metric) {
      if (places.computeIfAbsent(place, p -> new TreeSet<>()).add(metric)) {
        if (++size > CATALOG_SERIES_MAX) {
          throw new Revert("CATALOG_FULL", "series: a source may hold at most " + CATALOG_SERIES_MAX + " series");
        }
        changed = true;
      }
    }

    void writeIfChanged(Context ctx, String source) {
      if (!changed) {
        return;
      }
      ObjectNode o = CanonicalJson.object();
      ObjectNode ps = o.putObject("places");
      places.forEach((place, metrics) -> {
        ArrayNode arr = ps.putArray(place);
        metrics.forEach(arr::add);
      });
      ctx.write(catalogKey(source), o);
    }
  }
}
