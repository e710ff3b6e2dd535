package org.lazaret.casedata;

import java.util.List;
import java.util.Objects;

/** The outcome of a streamed parse, whose observations went to an {@link ObservationSink}. */
public record ParseSummary(
    SourceFormat format, long rowCount, long observationCount, List<UnmappedLabel> unmappedLabels) {
  public ParseSummary {
    Objects.requireNonNull(format, "format");
    unmappedLabels = List.copyOf(unmappedLabels);
  }
}
