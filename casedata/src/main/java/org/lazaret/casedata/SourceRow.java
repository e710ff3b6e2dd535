package org.lazaret.casedata;

import java.util.Objects;

/** One row of a source file: its 1-based line and the place label as the file wrote it. */
public record SourceRow(long line, String label) {
  public SourceRow {
    Objects.requireNonNull(label, "label");
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1: " + line);
    }
  }
}
