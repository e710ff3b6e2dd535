package org.lazaret.casedata.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.lazaret.casedata.ObservationKey;

/**
 * Builds one series out of several sources: for every place, date, metric and kind that any
 * source reports, one value chosen by a {@link ConsensusRule}, with a record of how. The chosen
 * value is always one a source published. The result is independent of the order in which the
 * sources are given.
 */
public final class Consensus {
  private Consensus() {}

  /** Points in key order. */
  public static List<ConsensusPoint> build(List<SourcedObservations> sources, ConsensusRule rule) {
    List<ConsensusPoint> out = new ArrayList<>();
    for (Map.Entry<ObservationKey, List<SourceValue>> e : Joined.join(sources).entrySet()) {
      out.add(choose(e.getKey(), e.getValue(), rule));
    }
    return out;
  }

  private static ConsensusPoint choose(
      ObservationKey key, List<SourceValue> candidates, ConsensusRule rule) {
    if (candidates.size() == 1) {
      SourceValue only = candidates.get(0);
      return new ConsensusPoint(
          key, only.value(), only.source(), candidates, rule, "only " + only.source() + " reports it");
    }
    return switch (rule) {
      case ConsensusRule.Median median -> median(key, candidates, rule);
      case ConsensusRule.Priority priority -> priority(key, candidates, priority);
    };
  }

  private static ConsensusPoint median(
      ObservationKey key, List<SourceValue> candidates, ConsensusRule rule) {
    List<SourceValue> sorted = new ArrayList<>(candidates);
    sorted.sort(
        Comparator.comparingLong(SourceValue::value).thenComparing(SourceValue::source));
    int n = sorted.size();
    SourceValue chosen = sorted.get((n - 1) / 2);
    String explanation =
        n % 2 == 1
            ? "median of " + n + " sources"
            : "lower median of " + n + " sources (middle values " + chosen.value() + " and "
                + sorted.get(n / 2).value() + ")";
    return new ConsensusPoint(key, chosen.value(), chosen.source(), candidates, rule, explanation);
  }

  private static ConsensusPoint priority(
      ObservationKey key, List<SourceValue> candidates, ConsensusRule.Priority rule) {
    for (String source : rule.order()) {
      for (SourceValue c : candidates) {
        if (c.source().equals(source)) {
          return new ConsensusPoint(
              key, c.value(), source, candidates, rule, source + " is the first listed source");
        }
      }
    }
    SourceValue first = candidates.get(0);
    return new ConsensusPoint(
        key,
        first.value(),
        first.source(),
        candidates,
        rule,
        "no listed source reports it; " + first.source() + " is first by name");
  }
}
