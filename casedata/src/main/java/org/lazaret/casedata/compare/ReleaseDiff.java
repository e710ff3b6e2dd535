package org.lazaret.casedata.compare;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lazaret.casedata.Observation;
import org.lazaret.casedata.ObservationKey;
import org.lazaret.casedata.ParsedRelease;

/**
 * What changed between two releases of the same source: points added, points removed, and points
 * whose value changed (sources revise history: JHU rewrites time series, OWID re-publishes
 * ECDC). Observations are matched by key; a value that only moved to another line is unchanged.
 * Every list is in key order.
 */
public record ReleaseDiff(List<Observation> added, List<Observation> removed, List<Change> changed) {
  public ReleaseDiff {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    changed = List.copyOf(changed);
  }

  public static ReleaseDiff between(ParsedRelease before, ParsedRelease after) {
    return between(before.observations(), after.observations());
  }

  public static ReleaseDiff between(Collection<Observation> before, Collection<Observation> after) {
    TreeMap<ObservationKey, Observation> old = index(before, "before");
    TreeMap<ObservationKey, Observation> now = index(after, "after");
    List<Observation> added = new ArrayList<>();
    List<Observation> removed = new ArrayList<>();
    List<Change> changed = new ArrayList<>();
    for (Map.Entry<ObservationKey, Observation> e : now.entrySet()) {
      Observation was = old.get(e.getKey());
      if (was == null) {
        added.add(e.getValue());
      } else if (was.value() != e.getValue().value()) {
        changed.add(new Change(e.getKey(), was, e.getValue()));
      }
    }
    for (Map.Entry<ObservationKey, Observation> e : old.entrySet()) {
      if (!now.containsKey(e.getKey())) {
        removed.add(e.getValue());
      }
    }
    return new ReleaseDiff(added, removed, changed);
  }

  /** The changes large enough to matter: revisions beyond {@code tolerance}. */
  public List<Change> revisionsBeyond(Tolerance tolerance) {
    return changed.stream()
        .filter(c -> tolerance.exceeded(c.before().value(), c.after().value()))
        .toList();
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  private static TreeMap<ObservationKey, Observation> index(
      Collection<Observation> observations, String which) {
    TreeMap<ObservationKey, Observation> byKey = new TreeMap<>();
    for (Observation o : observations) {
      if (byKey.put(o.key(), o) != null) {
        throw new IllegalArgumentException("release " + which + " has two values for " + o.key());
      }
    }
    return byKey;
  }
}
