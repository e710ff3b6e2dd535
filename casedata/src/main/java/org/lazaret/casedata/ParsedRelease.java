package org.lazaret.casedata;

import java.util.List;
import java.util.Objects;

/**
 * One parsed file: its detected format, how many data rows it had, the observations in a
 * deterministic order (file order, or place/date/metric order where rows were summed) and the
 * labels that could not be placed. Observation keys are unique within a release.
 */
public record ParsedRelease(
    SourceFormat format,
    long rowCount,
    List<Observation> observations,
    List<UnmappedLabel> unmappedLabels) {
  public ParsedRelease {
    Objects.requireNonNull(format, "format");
    observations = List.copyOf(observations);
    unmappedLabels = List.copyOf(unmappedLabels);
  }

  public long observationCount() {
    return observations.size();
  }
}
