package org.lazaret.node.datahub;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.contracts.datasets.DatasetContract;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.storage.HistoryEntry;
import org.lazaret.storage.LedgerStore;

/**
 * The data contract's state as the API reads it: sources, releases, catalogs, series and issue
 * books, decoded from the committed values (never from a pending block). The layout is the
 * contract's; this class only reads it.
 */
final class DataState {
  /** One stored point: the cumulative value, the release that wrote it and the source row. */
  record StoredPoint(long value, String release, long row) {}

  private final LedgerStore store;

  DataState(LedgerStore store) {
    this.store = store;
  }

  LedgerStore store() {
    return store;
  }

  Optional<JsonNode> read(String key) {
    return store.stateValue(key).map(b -> CanonicalJson.parse(key, b));
  }

  /** The value of {@code key} as it was after block {@code height}. */
  Optional<JsonNode> readAt(String key, long height) {
    List<HistoryEntry> e = store.history(key, height + 1, 1);
    if (e.isEmpty() || e.get(0).value().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(CanonicalJson.parse(key, e.get(0).value().get().unsafeArray()));
  }

  TreeSet<String> sources() {
    TreeSet<String> out = new TreeSet<>();
    read(DatasetContract.sourcesKey()).ifPresent(n -> n.path("sources").forEach(s -> out.add(s.asText())));
    return out;
  }

  Optional<JsonNode> source(String name) {
    return read(DatasetContract.sourceKey(name));
  }

  Optional<JsonNode> release(String id) {
    return read(DatasetContract.releaseKey(id));
  }

  /** place -> metrics of one source. */
  TreeMap<String, TreeSet<String>> catalog(String source) {
    TreeMap<String, TreeSet<String>> out = new TreeMap<>();
    read(DatasetContract.catalogKey(source)).ifPresent(n -> n.path("places").fields().forEachRemaining(e -> {
      TreeSet<String> metrics = new TreeSet<>();
      e.getValue().forEach(m -> metrics.add(m.asText()));
      out.put(e.getKey(), metrics);
    }));
    return out;
  }

  Optional<TreeMap<LocalDate, StoredPoint>> series(String source, String place, String metric) {
    return read(DatasetContract.seriesKey(source, place, metric)).map(DataState::points);
  }

  static TreeMap<LocalDate, StoredPoint> points(JsonNode stored) {
    TreeMap<LocalDate, StoredPoint> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = stored.path("points").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      out.put(LocalDate.parse(e.getKey()), new StoredPoint(p.get(0).longValue(), p.get(1).asText(), p.get(2).longValue()));
    }
    return out;
  }

  /** Every source holding a series for this place and metric, with its points, by source name. */
  TreeMap<String, TreeMap<LocalDate, StoredPoint>> allSources(String place, String metric) {
    TreeMap<String, TreeMap<LocalDate, StoredPoint>> out = new TreeMap<>();
    for (String s : sources()) {
      series(s, place, metric).ifPresent(p -> out.put(s, p));
    }
    return out;
  }

  Optional<JsonNode> issues(String place, String metric) {
    return read(DatasetContract.discrepanciesKey(place, metric));
  }
}
