package org.lazaret.node.datahub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.lazaret.casedata.CaseDataFormatException;
import org.lazaret.casedata.CaseDataParser;
import org.lazaret.casedata.CountKind;
import org.lazaret.casedata.Metric;
import org.lazaret.casedata.Observation;
import org.lazaret.casedata.ParseHints;
import org.lazaret.casedata.ParsedRelease;
import org.lazaret.casedata.ProgressListener;
import org.lazaret.casedata.SourceFormat;
import org.lazaret.casedata.UnmappedLabel;
import org.lazaret.contracts.datasets.DatasetContract;
import org.lazaret.core.Invariants;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;

/**
 * A case-data file turned into the exact calls that publish it: the {@code openRelease}
 * arguments and the {@code addSeries} argument chunks (each under the transaction argument limit,
 * a long series split into consecutive date ranges), all in one deterministic order. Built in one
 * place so that the command line and the node's {@code POST /v1/data/prepare} publish a file the
 * same way; the node never holds a client's key, the client signs what this plans.
 *
 * <p>Normalisation: one cumulative series per place and metric. Where a file gives only daily
 * counts for a series, they are summed into running totals from zero (the case-data library's
 * convention); where it gives both, the cumulative values are published and the daily ones are
 * not (they are derived on reading).
 */
public record ReleasePlan(
    ObjectNode openRelease,
    List<ObjectNode> addSeries,
    SourceFormat format,
    long rows,
    long parsedObservations,
    long points,
    int seriesCount,
    List<UnmappedLabel> unmapped) {
  /** Room left in a call's arguments for the release id and the envelope. */
  static final int CHUNK_BYTES_MAX = Limits.TX_ARGS_BYTES_MAX - 2_048;
  private static final String RELEASE_PLACEHOLDER = "0".repeat(64);

  public ReleasePlan {
    Objects.requireNonNull(openRelease, "openRelease");
    Objects.requireNonNull(format, "format");
    addSeries = List.copyOf(addSeries);
    unmapped = List.copyOf(unmapped);
  }

  /** What a publisher states about the file besides its content. */
  public record Meta(String source, String fileName, String licence, Optional<Metric> metric) {
    public Meta {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(fileName, "fileName");
      Objects.requireNonNull(licence, "licence");
      Objects.requireNonNull(metric, "metric");
    }
  }

  /**
   * Parses {@code file} and plans its publication.
   *
   * @throws CaseDataFormatException naming line and column when the file is malformed; nothing
   *     is planned then
   */
  public static ReleasePlan of(byte[] file, Meta meta, ProgressListener progress) throws CaseDataFormatException {
    ParseHints hints = ParseHints.fileName(meta.fileName());
    if (meta.metric().isPresent()) {
      hints = hints.withMetric(meta.metric().get());
    }
    ParsedRelease parsed;
    try (InputStreamReader reader = new InputStreamReader(new ByteArrayInputStream(file), StandardCharsets.UTF_8)) {
      parsed = CaseDataParser.parse(reader, hints, progress);
    } catch (IOException e) {
      throw new UncheckedIOException("reading an in-memory file failed", e);
    }
    TreeMap<String, TreeMap<LocalDate, long[]>> series = normalise(parsed.observations());
    long points = 0;
    for (TreeMap<LocalDate, long[]> s : series.values()) {
      points += s.size();
    }
    ObjectNode open = CanonicalJson.object();
    open.put("source", meta.source()).put("fileName", baseName(meta.fileName())).put("fileHash", Hash32.sha256(file).hex());
    open.put("licence", meta.licence()).put("format", parsed.format().name()).put("rows", parsed.rowCount()).put("observations", points);
    return new ReleasePlan(open, chunks(series), parsed.format(), parsed.rowCount(), parsed.observationCount(), points, series.size(), parsed.unmappedLabels());
  }

  /** The arguments of call {@code i} for the release opened by transaction {@code releaseId}. */
  public ObjectNode addSeriesArgs(int i, String releaseId) {
    ObjectNode o = addSeries.get(i).deepCopy();
    o.put("release", releaseId);
    return o;
  }

  public ObjectNode closeReleaseArgs(String releaseId) {
    return CanonicalJson.object().put("release", releaseId).put("observations", points);
  }

  static String metricName(Metric m) {
    return m.name().toLowerCase(Locale.ROOT);
  }

  private static String baseName(String fileName) {
    String n = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    return n.isBlank() ? "file" : n;
  }

  /** Series keyed "place/metric", each date's {cumulative value, row}. */
  private static TreeMap<String, TreeMap<LocalDate, long[]>> normalise(List<Observation> observations) {
    TreeMap<String, TreeMap<LocalDate, long[]>> cumulative = new TreeMap<>();
    TreeMap<String, TreeMap<LocalDate, long[]>> daily = new TreeMap<>();
    for (Observation o : observations) {
      String key = o.place().code() + "/" + metricName(o.metric());
      TreeMap<String, TreeMap<LocalDate, long[]>> target = o.kind() == CountKind.CUMULATIVE ? cumulative : daily;
      long[] earlier = target.computeIfAbsent(key, k -> new TreeMap<>()).put(o.date(), new long[] {o.value(), o.provenance().line()});
      Invariants.check(earlier == null, "the parser gave two values for %s on %s", key, o.date());
    }
    for (Map.Entry<String, TreeMap<LocalDate, long[]>> e : daily.entrySet()) {
      if (cumulative.containsKey(e.getKey())) {
        continue;
      }
      TreeMap<LocalDate, long[]> totals = new TreeMap<>();
      long total = 0;
      for (Map.Entry<LocalDate, long[]> d : e.getValue().entrySet()) {
        total = Math.addExact(total, d.getValue()[0]);
        totals.put(d.getKey(), new long[] {total, d.getValue()[1]});
      }
      cumulative.put(e.getKey(), totals);
    }
    return cumulative;
  }

  /** Packs series into calls in key order, splitting a series where a call is full. */
  private static List<ObjectNode> chunks(TreeMap<String, TreeMap<LocalDate, long[]>> series) {
    List<ObjectNode> out = new ArrayList<>();
    ObjectNode call = null;
    int bytes = 0;
    for (Map.Entry<String, TreeMap<LocalDate, long[]>> e : series.entrySet()) {
      String place = e.getKey().substring(0, e.getKey().indexOf('/'));
      String metric = e.getKey().substring(e.getKey().indexOf('/') + 1);
      int overhead = 48 + place.length() + metric.length();
      ArrayNode points = null;
      for (Map.Entry<LocalDate, long[]> p : e.getValue().entrySet()) {
        int size = 18 + Long.toString(p.getValue()[0]).length() + Long.toString(p.getValue()[1]).length();
        boolean full = call == null
            || bytes + size + (points == null ? overhead : 0) > CHUNK_BYTES_MAX
            || (points == null && call.get("series").size() >= DatasetContract.SERIES_PER_CALL_MAX)
            || (points != null && points.size() >= DatasetContract.SERIES_DATES_MAX);
        if (full) {
          call = CanonicalJson.object();
          call.putArray("series");
          out.add(call);
          bytes = 32;
          points = null;
        }
        if (points == null) {
          ObjectNode s = ((ArrayNode) call.get("series")).addObject().put("place", place).put("metric", metric);
          points = s.putArray("points");
          bytes += overhead;
        }
        points.add(JsonNodeFactory.instance.arrayNode().add(p.getKey().toString()).add(p.getValue()[0]).add(p.getValue()[1]));
        bytes += size;
      }
    }
    for (ObjectNode c : out) {
      ObjectNode withRelease = c.deepCopy().put("release", RELEASE_PLACEHOLDER);
      int size = CanonicalJson.encode(withRelease).length;
      Invariants.check(size <= Limits.TX_ARGS_BYTES_MAX, "planned addSeries call of %d bytes is over the argument limit", size);
    }
    return out;
  }
}
