package org.lazaret.casedata;

import java.time.LocalDate;
import java.util.Objects;
import org.lazaret.casedata.place.PlaceId;

/**
 * One normalised number from a published source: at {@code place} on {@code date}, {@code metric}
 * counted as {@code kind} was {@code value}, read from the rows in {@code provenance}. Values are
 * exact integers; sources do publish negative daily counts (corrections), so no sign is imposed.
 */
public record Observation(
    PlaceId place,
    LocalDate date,
    Metric metric,
    CountKind kind,
    long value,
    Provenance provenance) {
  public Observation {
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(date, "date");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    Provenance.require(provenance);
  }

  public ObservationKey key() {
    return new ObservationKey(place, date, metric, kind);
  }

  /** The same observation moved by {@code days}, for aligning sources that date differently. */
  public Observation shiftedDays(long days) {
    return new Observation(place, date.plusDays(days), metric, kind, value, provenance);
  }
}
