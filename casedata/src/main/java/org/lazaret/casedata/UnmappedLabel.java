package org.lazaret.casedata;

import java.util.Objects;

/**
 * A place label no table could map; its rows yield no observations. Reported rather than refused
 * because a new territory in a source is not a malformed file, but it must not vanish silently.
 */
public record UnmappedLabel(String label, long firstLine, long rows) {
  public UnmappedLabel {
    Objects.requireNonNull(label, "label");
  }
}
