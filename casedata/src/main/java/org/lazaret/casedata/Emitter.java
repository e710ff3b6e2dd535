package org.lazaret.casedata;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.lazaret.casedata.place.PlaceId;

/**
 * Hands observations to the sink for one parse and keeps the bookkeeping every format shares:
 * the observation count, the labels that could not be placed, and a check that a format without
 * summing never yields the same place, date, metric and kind twice (a duplicated row is a fault
 * in the file). The check costs one bit per series and day.
 */
final class Emitter {
  private record Series(PlaceId place, Metric metric, CountKind kind) {}

  private final ObservationSink sink;
  private final Map<Series, BitSet> seen = new HashMap<>();
  private final Map<String, long[]> unmapped = new LinkedHashMap<>();
  private long count;

  Emitter(ObservationSink sink) {
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Emits an observation read from one row; refuses a second one with the same key. */
  void emitUnique(Observation observation, long line, int column)
      throws CaseDataFormatException {
    Series series = new Series(observation.place(), observation.metric(), observation.kind());
    BitSet days = seen.computeIfAbsent(series, s -> new BitSet());
    int day = (int) ChronoUnit.DAYS.between(Cells.DATE_MIN, observation.date());
    if (days.get(day)) {
      throw new CaseDataFormatException(
          line,
          column,
          "second row for " + observation.place() + " on " + observation.date()
              + " (" + observation.metric() + ", " + observation.kind() + ")");
    }
    days.set(day);
    emit(observation);
  }

  /** Emits an observation whose key the caller guarantees unique (summed formats). */
  void emit(Observation observation) {
    count++;
    sink.accept(observation);
  }

  void unmapped(String label, long line) {
    long[] seenAt = unmapped.computeIfAbsent(label, l -> new long[] {line, 0});
    seenAt[1]++;
  }

  long count() {
    return count;
  }

  List<UnmappedLabel> unmappedLabels() {
    List<UnmappedLabel> labels = new ArrayList<>();
    unmapped.forEach((label, at) -> labels.add(new UnmappedLabel(label, at[0], at[1])));
    labels.sort(Comparator.comparingLong(UnmappedLabel::firstLine));
    return labels;
  }
}
