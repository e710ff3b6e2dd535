package org.lazaret.contracts.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lazaret.core.Invariants;
import org.lazaret.core.json.CanonicalJson;

/**
 * One source's series for one place and metric as the state holds it: {@code {"points":
 * {"YYYY-MM-DD": [cumulative, "release id", row]}}}. Cumulative counts are stored and daily
 * counts derived, so a revision of one day cannot silently shift every later total. Held here
 * in a date-ordered map: nothing computed from a series depends on JSON field order.
 */
final class SeriesPoints {
  record Point(long value, String release, long row) {}

  private final TreeMap<LocalDate, Point> points = new TreeMap<>();

  static SeriesPoints read(Optional<JsonNode> stored) {
    SeriesPoints s = new SeriesPoints();
    if (stored.isEmpty()) {
      return s;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = stored.get().path("points").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode p = e.getValue();
      Invariants.check(p.isArray() && p.size() == 3, "stored point %s is not [value, release, row]", e.getKey());
      s.points.put(LocalDate.parse(e.getKey()), new Point(p.get(0).longValue(), p.get(1).textValue(), p.get(2).longValue()));
    }
    return s;
  }

  ObjectNode toJson() {
    ObjectNode o = CanonicalJson.object();
    ObjectNode ps = o.putObject("points");
    for (Map.Entry<LocalDate, Point> e : points.entrySet()) {
      ArrayNode a = ps.putArray(e.getKey().toString());
      a.add(e.getValue().value()).add(e.getValue().release()).add(e.getValue().row());
    }
    return o;
  }

  int size() {
    return points.size();
  }

  Optional<Point> at(LocalDate date) {
    return Optional.ofNullable(points.get(date));
  }

  void put(LocalDate date, Point p) {
    points.put(date, p);
  }

  /** The nearest date before {@code date} that has a point. */
  Optional<Map.Entry<LocalDate, Point>> before(LocalDate date) {
    return Optional.ofNullable(points.lowerEntry(date));
  }

  /** The nearest date after {@code date} that has a point. */
  Optional<LocalDate> after(LocalDate date) {
    return Optional.ofNullable(points.higherKey(date));
  }
}
