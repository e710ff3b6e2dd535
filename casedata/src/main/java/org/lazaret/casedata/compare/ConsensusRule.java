package org.lazaret.casedata.compare;

import java.util.List;
import java.util.Objects;

/** How {@link Consensus} picks one value for a point from the sources that report it. */
public sealed interface ConsensusRule {
  /**
   * The median of the available values; with an even number the lower of the two middle values,
   * so the result is always a value some source published, never an invented mean. Equal values
   * are ordered by source name, which makes the chosen source deterministic too.
   */
  record Median() implements ConsensusRule {}

  /**
   * The value of the first source in {@code order} that reports the point; sources not listed
   * come after, by name.
   */
  record Priority(List<String> order) implements ConsensusRule {
    public Priority {
      order = List.copyOf(order);
      order.forEach(s -> Objects.requireNonNull(s, "source"));
    }
  }

  static ConsensusRule median() {
    return new Median();
  }

  static ConsensusRule priority(String... order) {
    return new Priority(List.of(order));
  }
}
