package org.lazaret.consensus.raft;

/**
 * A position in the Raft log named with its term, as Raft needs it to check that two logs agree:
 * the point a snapshot covers. Index {@code -1} with term {@code 0} is the empty log.
 */
public record SnapshotPoint(long term, long index) {
  public SnapshotPoint {
    if (term < 0) {
      throw new IllegalArgumentException("term: must not be negative, got " + term);
    }
    if (index < -1) {
      throw new IllegalArgumentException("index: must be -1 or more, got " + index);
    }
  }
}
