package org.lazaret.consensus.raft;

/**
 * The fetcher of test members that must never need a snapshot: asked for one, it fails loudly,
 * so a test that compacts the log by accident says so instead of hanging.
 */
final class NoSnapshots {
  static final SnapshotFetcher FETCHER = (leader, minimumIndex) -> {
    throw new IllegalStateException("this test member cannot fetch blocks out of band (needs index " + minimumIndex + " from " + leader.id() + ")");
  };

  private NoSnapshots() {}
}
