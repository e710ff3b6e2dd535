package org.lazaret.casedata.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.lazaret.casedata.Observation;
import org.lazaret.casedata.ObservationKey;

/**
 * Several sources' observations joined on their key, each key's values ordered by source name,
 * so that everything computed from the join is independent of the order sources were given in.
 */
final class Joined {
  private Joined() {}

  static TreeMap<ObservationKey, List<SourceValue>> join(List<SourcedObservations> sources) {
    Set<String> names = new HashSet<>();
    TreeMap<ObservationKey, List<SourceValue>> joined = new TreeMap<>();
    for (SourcedObservations source : sources) {
      if (!names.add(source.source())) {
        throw new IllegalArgumentException("source named twice: " + source.source());
      }
      Set<ObservationKey> seen = new HashSet<>();
      for (Observation o : source.observations()) {
        ObservationKey key = o.key();
        if (!seen.add(key)) {
          throw new IllegalArgumentException(
              "source " + source.source() + " has two values for " + key);
        }
        joined
            .computeIfAbsent(key, k -> new ArrayList<>())
            .add(new SourceValue(source.source(), o.value(), o.provenance()));
      }
    }
    joined.values().forEach(values -> values.sort(Comparator.comparing(SourceValue::source)));
    return joined;
  }
}
