package org.lazaret.casedata.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lazaret.casedata.ObservationKey;

/**
 * Finds the points (same place, date, metric and kind) that two or more sources report with
 * values differing beyond a {@link Tolerance}: the smallest and largest value are compared, so the
 * result does not depend on the order of the sources. Points only one source reports are not
 * discrepancies. Align dating conventions first ({@link SourcedObservations#shiftedDays}).
 */
public final class Discrepancies {
  private Discrepancies() {}

  public static List<Discrepancy> find(List<SourcedObservations> sources) {
    return find(sources, Tolerance.DEFAULT);
  }

  /** Discrepancies in key order (place, date, metric, kind), values by source name. */
  public static List<Discrepancy> find(List<SourcedObservations> sources, Tolerance tolerance) {
    List<Discrepancy> out = new ArrayList<>();
    for (Map.Entry<ObservationKey, List<SourceValue>> e : Joined.join(sources).entrySet()) {
      List<SourceValue> values = e.getValue();
      if (values.size() < 2) {
        continue;
      }
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (SourceValue v : values) {
        min = Math.min(min, v.value());
        max = Math.max(max, v.value());
      }
      if (tolerance.exceeded(min, max)) {
        ObservationKey key = e.getKey();
        out.add(new Discrepancy(key.place(), key.date(), key.metric(), key.kind(), values));
      }
    }
    return out;
  }
}
