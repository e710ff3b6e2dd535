package org.lazaret.casedata;

import java.util.List;
import java.util.Objects;

/**
 * The source rows an observation was read from: one row for most formats, several when a source
 * only publishes parts of the place (JHU provinces summed to Australia, counties to a state).
 * Ordered by line, never empty. Instances are shared by all observations of a row.
 */
public record Provenance(List<SourceRow> rows) {
  public Provenance {
    rows = List.copyOf(rows);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("provenance needs at least one row");
    }
    for (int i = 1; i < rows.size(); i++) {
      if (rows.get(i - 1).line() >= rows.get(i).line()) {
        throw new IllegalArgumentException("provenance rows must be in increasing line order");
      }
    }
  }

  public static Provenance of(long line, String label) {
    return new Provenance(List.of(new SourceRow(line, label)));
  }

  /** Line of the first (usually only) row. */
  public long line() {
    return rows.get(0).line();
  }

  /** Raw place label of the first (usually only) row. */
  public String label() {
    return rows.get(0).label();
  }

  /** True when the value is a sum over several rows. */
  public boolean summed() {
    return rows.size() > 1;
  }

  @Override
  public String toString() {
    return rows.size() == 1
        ? "line " + line() + " '" + label() + "'"
        : rows.size() + " rows from line " + line() + " '" + label() + "'";
  }

  static Provenance require(Provenance provenance) {
    return Objects.requireNonNull(provenance, "provenance");
  }
}
