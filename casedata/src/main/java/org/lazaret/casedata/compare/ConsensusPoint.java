package org.lazaret.casedata.compare;

import java.util.List;
import java.util.Objects;
import org.lazaret.casedata.Observation;
import org.lazaret.casedata.ObservationKey;

/**
 * The value chosen for one point and the record of how: the rule, every source's value (by
 * source name), the source whose value was taken, and a sentence saying why.
 */
public record ConsensusPoint(
    ObservationKey key,
    long value,
    String chosenSource,
    List<SourceValue> candidates,
    ConsensusRule rule,
    String explanation) {
  public ConsensusPoint {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(chosenSource, "chosenSource");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(explanation, "explanation");
    candidates = List.copyOf(candidates);
    if (candidates.stream()
        .noneMatch(c -> c.source().equals(chosenSource) && c.value() == value)) {
      throw new IllegalArgumentException("chosen value is not one of the candidates");
    }
  }

  /** The point as an observation, with the provenance of the chosen source. */
  public Observation observation() {
    SourceValue chosen =
        candidates.stream().filter(c -> c.source().equals(chosenSource)).findFirst().orElseThrow();
    return new Observation(
        key.place(), key.date(), key.metric(), key.kind(), value, chosen.provenance());
  }
}
