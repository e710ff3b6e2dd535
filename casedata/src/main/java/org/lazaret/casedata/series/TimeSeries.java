package org.lazaret.casedata.series;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import org.lazaret.casedata.Observation;

/**
 * The values of one series by date, in date order. Immutable; built from observations by {@link
 * #group}, which refuses two values for the same day of a series rather than pick one silently.
 */
public record TimeSeries(SeriesKey key, NavigableMap<LocalDate, Long> values) {
  public TimeSeries {
    Objects.requireNonNull(key, "key");
    TreeMap<LocalDate, Long> copy = new TreeMap<>();
    values.forEach(
        (date, value) ->
            copy.put(Objects.requireNonNull(date, "date"), Objects.requireNonNull(value, "value")));
    values = Collections.unmodifiableNavigableMap(copy);
  }

  /** Splits observations into series, ordered by key. */
  public static NavigableMap<SeriesKey, TimeSeries> group(Collection<Observation> observations) {
    TreeMap<SeriesKey, TreeMap<LocalDate, Long>> byKey = new TreeMap<>();
    for (Observation o : observations) {
      SeriesKey key = new SeriesKey(o.place(), o.metric(), o.kind());
      Long earlier = byKey.computeIfAbsent(key, k -> new TreeMap<>()).put(o.date(), o.value());
      if (earlier != null) {
        throw new IllegalArgumentException("two values for " + key + " on " + o.date());
      }
    }
    TreeMap<SeriesKey, TimeSeries> out = new TreeMap<>();
    byKey.forEach((key, values) -> out.put(key, new TimeSeries(key, values)));
    return Collections.unmodifiableNavigableMap(out);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }
}
