package org.lazaret.casedata.compare;

import java.util.List;
import java.util.Objects;
import org.lazaret.casedata.Observation;

/**
 * Observations labelled with the source they came from ("jhu", "owid-ecdc", "nyt": the caller's
 * names; the same file layout can carry different sources, as OWID's ECDC and WHO files do).
 */
public record SourcedObservations(String source, List<Observation> observations) {
  public SourcedObservations {
    Objects.requireNonNull(source, "source");
    if (source.isBlank()) {
      throw new IllegalArgumentException("source name must not be blank");
    }
    observations = List.copyOf(observations);
  }

  /**
   * The same observations moved by {@code days}: ECDC dates a count by its publication the next
   * morning, JHU by the UTC day it was reported, so ECDC shifted by -1 lines up with JHU.
   */
  public SourcedObservations shiftedDays(long days) {
    return new SourcedObservations(
        source, observations.stream().map(o -> o.shiftedDays(days)).toList());
  }
}
