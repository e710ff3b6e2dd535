package org.lazaret.casedata.compare;

import java.util.Objects;
import org.lazaret.casedata.Provenance;

/** One source's value for a point, with the rows it was read from. */
public record SourceValue(String source, long value, Provenance provenance) {
  public SourceValue {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(provenance, "provenance");
  }
}
