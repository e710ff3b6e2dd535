package org.lazaret.casedata.compare;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.lazaret.casedata.CountKind;
import org.lazaret.casedata.Metric;
import org.lazaret.casedata.place.PlaceId;

/** Sources disagreeing on one point; {@code values} ordered by source name. */
public record Discrepancy(
    PlaceId place, LocalDate date, Metric metric, CountKind kind, List<SourceValue> values) {
  public Discrepancy {
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    values = List.copyOf(values);
    if (values.size() < 2) {
      throw new IllegalArgumentException("a discrepancy needs at least two sources");
    }
  }

  /** Largest value minus smallest. */
  public long spread() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (SourceValue v : values) {
      min = Math.min(min, v.value());
      max = Math.max(max, v.value());
    }
    return Math.subtractExact(max, min);
  }
}
