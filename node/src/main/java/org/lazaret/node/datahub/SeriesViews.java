package org.lazaret.node.datahub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.lazaret.casedata.CountKind;
import org.lazaret.casedata.Metric;
import org.lazaret.casedata.Observation;
import org.lazaret.casedata.Provenance;
import org.lazaret.casedata.compare.Consensus;
import org.lazaret.casedata.compare.ConsensusPoint;
import org.lazaret.casedata.compare.ConsensusRule;
import org.lazaret.casedata.compare.SourceValue;
import org.lazaret.casedata.compare.SourcedObservations;
import org.lazaret.casedata.place.PlaceId;
import org.lazaret.casedata.series.Average;
import org.lazaret.casedata.series.Series;
import org.lazaret.casedata.series.SeriesKey;
import org.lazaret.casedata.series.TimeSeries;
import org.lazaret.node.datahub.DataState.StoredPoint;

/**
 * The series answers of the API, computed from stored cumulative points with the case-data
 * library's arithmetic: daily counts ({@link Series#toDaily}: the first day's count is the first
 * total, a day after a gap covers the gap), trailing averages of the daily counts where every day
 * of the window is present, values per 100,000 people, and the consensus of all sources by the
 * median rule with the reason for each point.
 */
final class SeriesViews {
  private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);

  private SeriesViews() {}

  /** What a series query asks for besides place, metric and source. */
  record Query(boolean daily, LocalDate from, LocalDate to, OptionalLong population, int averageDays) {}

  /** One source's series. */
  static ObjectNode single(String place, String metric, String source, TreeMap<LocalDate, StoredPoint> stored, Query q) {
    ObjectNode o = head(place, metric, source, q);
    TreeMap<LocalDate, Long> cumulative = new TreeMap<>();
    stored.forEach((d, p) -> cumulative.put(d, p.value()));
    TreeMap<LocalDate, Long> shown = q.daily() ? daily(place, metric, cumulative) : cumulative;
    Map<LocalDate, BigDecimal> averages = averages(place, metric, cumulative, q.averageDays());
    ArrayNode points = o.putArray("points");
    for (Map.Entry<LocalDate, Long> e : shown.subMap(q.from(), true, q.to(), true).entrySet()) {
      ObjectNode p = points.addObject().put("date", e.getKey().toString()).put("value", e.getValue()).put("release", stored.get(e.getKey()).release());
      extras(p, e.getKey(), e.getValue(), averages, q);
    }
    return o;
  }

  /** The consensus of every source holding the series, by the median rule, point by point. */
  static ObjectNode consensus(String place, String metric, TreeMap<String, TreeMap<LocalDate, StoredPoint>> sources, Query q) {
    ObjectNode o = head(place, metric, "consensus", q);
    o.put("rule", "median");
    ArrayNode names = o.putArray("sources");
    sources.keySet().forEach(names::add);
    List<ConsensusPoint> chosen = choose(place, metric, sources);
    TreeMap<LocalDate, Long> cumulative = new TreeMap<>();
    TreeMap<LocalDate, ConsensusPoint> byDate = new TreeMap<>();
    for (ConsensusPoint c : chosen) {
      cumulative.put(c.key().date(), c.value());
      byDate.put(c.key().date(), c);
    }
    TreeMap<LocalDate, Long> shown = q.daily() ? daily(place, metric, cumulative) : cumulative;
    Map<LocalDate, BigDecimal> averages = averages(place, metric, cumulative, q.averageDays());
    ArrayNode points = o.putArray("points");
    for (Map.Entry<LocalDate, Long> e : shown.subMap(q.from(), true, q.to(), true).entrySet()) {
      ConsensusPoint c = byDate.get(e.getKey());
      ObjectNode p = points.addObject().put("date", e.getKey().toString()).put("value", e.getValue());
      p.put("release", sources.get(c.chosenSource()).get(e.getKey()).release());
      p.put("source", c.chosenSource()).put("explanation", c.explanation());
      ArrayNode candidates = p.putArray("candidates");
      for (SourceValue v : c.candidates()) {
        candidates.addObject().put("source", v.source()).put("value", v.value());
      }
      extras(p, e.getKey(), e.getValue(), averages, q);
    }
    return o;
  }

  /** Consensus points in date order; every candidate's provenance names its source row. */
  static List<ConsensusPoint> choose(String place, String metric, TreeMap<String, TreeMap<LocalDate, StoredPoint>> sources) {
    PlaceId id = PlaceId.of(place);
    Metric m = Metric.valueOf(metric.toUpperCase(java.util.Locale.ROOT));
    List<SourcedObservations> all = new ArrayList<>();
    sources.forEach((name, points) -> {
      List<Observation> obs = new ArrayList<>(points.size());
      points.forEach((d, p) -> obs.add(new Observation(id, d, m, CountKind.CUMULATIVE, p.value(), Provenance.of(p.row(), name))));
      all.add(new SourcedObservations(name, obs));
    });
    return Consensus.build(all, ConsensusRule.median());
  }

  private static ObjectNode head(String place, String metric, String source, Query q) {
    ObjectNode o = F.objectNode();
    o.put("place", place).put("metric", metric).put("source", source).put("mode", q.daily() ? "daily" : "cumulative");
    q.population().ifPresent(p -> o.put("population", p));
    if (q.averageDays() > 0) {
      o.put("averageDays", q.averageDays());
    }
    return o;
  }

  private static void extras(ObjectNode p, LocalDate date, long value, Map<LocalDate, BigDecimal> averages, Query q) {
    if (q.averageDays() > 0) {
      BigDecimal a = averages.get(date);
      if (a == null) {
        p.putNull("average");
      } else {
        p.put("average", a);
      }
    }
    if (q.population().isPresent()) {
      long population = q.population().getAsLong();
      p.put("per100k", Series.per100k(value, population));
      if (q.averageDays() > 0) {
        BigDecimal a = averages.get(date);
        if (a == null) {
          p.putNull("averagePer100k");
        } else {
          p.put("averagePer100k", a.multiply(BigDecimal.valueOf(100_000)).divide(BigDecimal.valueOf(population), Series.PER_100K_SCALE, java.math.RoundingMode.HALF_EVEN));
        }
      }
    }
  }

  static TreeMap<LocalDate, Long> daily(String place, String metric, TreeMap<LocalDate, Long> cumulative) {
    TimeSeries t = Series.toDaily(new TimeSeries(key(place, metric, CountKind.CUMULATIVE), cumulative));
    return new TreeMap<>(t.values());
  }

  /** Trailing averages of the daily counts, by the date that ends each window. */
  private static Map<LocalDate, BigDecimal> averages(String place, String metric, TreeMap<LocalDate, Long> cumulative, int days) {
    TreeMap<LocalDate, BigDecimal> out = new TreeMap<>();
    if (days <= 0) {
      return out;
    }
    TimeSeries d = new TimeSeries(key(place, metric, CountKind.DAILY), daily(place, metric, cumulative));
    for (Average a : Series.trailingAverage(d, days)) {
      out.put(a.date(), a.value());
    }
    return out;
  }

  private static SeriesKey key(String place, String metric, CountKind kind) {
    return new SeriesKey(PlaceId.of(place), Metric.valueOf(metric.toUpperCase(java.util.Locale.ROOT)), kind);
  }
}
