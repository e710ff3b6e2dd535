package org.lazaret.casedata.series;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/** Consecutive days missing inside a series, {@code first} to {@code last} inclusive. */
public record Gap(LocalDate first, LocalDate last) {
  public Gap {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    if (last.isBefore(first)) {
      throw new IllegalArgumentException("gap ends before it starts: " + first + ".." + last);
    }
  }

  public long days() {
    return ChronoUnit.DAYS.between(first, last) + 1;
  }
}
