package org.lazaret.casedata.series;

import java.time.LocalDate;
import java.util.Objects;

/** One value of a series. */
public record Point(LocalDate date, long value) {
  public Point {
    Objects.requireNonNull(date, "date");
  }
}
