package org.lazaret.casedata.series;

import java.util.Comparator;
import java.util.Objects;
import org.lazaret.casedata.CountKind;
import org.lazaret.casedata.Metric;
import org.lazaret.casedata.place.PlaceId;

/** Which series: one place, one metric, one kind of count. Ordered by place, metric, kind. */
public record SeriesKey(PlaceId place, Metric metric, CountKind kind)
    implements Comparable<SeriesKey> {
  private static final Comparator<SeriesKey> ORDER =
      Comparator.comparing(SeriesKey::place)
          .thenComparing(SeriesKey::metric)
          .thenComparing(SeriesKey::kind);

  public SeriesKey {
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
  }

  public SeriesKey withKind(CountKind other) {
    return new SeriesKey(place, metric, other);
  }

  @Override
  public int compareTo(SeriesKey other) {
    return ORDER.compare(this, other);
  }
}
