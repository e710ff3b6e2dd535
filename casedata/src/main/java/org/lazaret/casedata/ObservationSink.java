package org.lazaret.casedata;

/**
 * Receives observations as they are parsed, for callers that must not hold a whole release in
 * memory. If the parse then fails, everything already received belongs to a refused file and
 * must be discarded by the caller.
 */
@FunctionalInterface
public interface ObservationSink {
  void accept(Observation observation);
}
