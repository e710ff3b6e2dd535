package org.lazaret.casedata;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Objects;
import org.lazaret.casedata.place.PlaceId;

/**
 * What an observation is about, without its value or origin: the join key between releases and
 * between sources. Ordered by place, date, metric, kind, which is the order results are listed in.
 */
public record ObservationKey(PlaceId place, LocalDate date, Metric metric, CountKind kind)
    implements Comparable<ObservationKey> {
  private static final Comparator<ObservationKey> ORDER =
      Comparator.comparing(ObservationKey::place)
          .thenComparing(ObservationKey::date)
          .thenComparing(ObservationKey::metric)
          .thenComparing(ObservationKey::kind);

  public ObservationKey {
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
  }

  @Override
  public int compareTo(ObservationKey other) {
    return ORDER.compare(this, other);
  }
}
