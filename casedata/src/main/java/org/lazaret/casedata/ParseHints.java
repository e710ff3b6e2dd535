package org.lazaret.casedata;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What the header cannot say: the metric of a JHU or OWID wide file, the date of a JHU daily
 * report. An explicit {@code metric}, {@code kind} or {@code date} wins over what the file name
 * suggests; the file name (a bare name or a path) is only read for those three facts, never to
 * choose the format.
 */
public record ParseHints(
    Optional<String> fileName,
    Optional<Metric> metric,
    Optional<CountKind> kind,
    Optional<LocalDate> date) {
  public ParseHints {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(date, "date");
  }

  public static ParseHints none() {
    return new ParseHints(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static ParseHints fileName(String fileName) {
    return none().withFileName(fileName);
  }

  public ParseHints withFileName(String name) {
    return new ParseHints(Optional.of(name), metric, kind, date);
  }

  public ParseHints withMetric(Metric value) {
    return new ParseHints(fileName, Optional.of(value), kind, date);
  }

  public ParseHints withKind(CountKind value) {
    return new ParseHints(fileName, metric, Optional.of(value), date);
  }

  public ParseHints withDate(LocalDate value) {
    return new ParseHints(fileName, metric, kind, Optional.of(value));
  }

  /** The last path segment of the file name, if any. */
  Optional<String> baseName() {
    return fileName.map(n -> n.substring(Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\')) + 1));
  }
}
