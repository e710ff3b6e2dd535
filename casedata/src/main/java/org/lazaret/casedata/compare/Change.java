package org.lazaret.casedata.compare;

import java.util.Objects;
import org.lazaret.casedata.Observation;
import org.lazaret.casedata.ObservationKey;

/** A point whose value differs between two releases. */
public record Change(ObservationKey key, Observation before, Observation after) {
  public Change {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    if (!before.key().equals(key) || !after.key().equals(key)) {
      throw new IllegalArgumentException("change observations must both have key " + key);
    }
  }

  /** After minus before. */
  public long delta() {
    return Math.subtractExact(after.value(), before.value());
  }
}
