package org.lazaret.consensus.solo;

import org.lazaret.consensus.BatchSink;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.consensus.Ordering;
import org.lazaret.core.Invariants;

/**
 * Ordering for a single node: its own proposal order is the order, and a batch is applied on the
 * proposer's thread. Durability comes from the block store's synced commit, not from a log.
 */
public final class SoloOrdering implements Ordering {
  private BatchSink sink;
  private long nextPosition;

  @Override
  public synchronized void start(BatchSink sink) {
    Invariants.check(this.sink == null, "solo ordering started twice");
    this.sink = sink;
    this.nextPosition = sink.appliedPosition() + 1;
  }

  @Override
  public boolean canPropose() {
    return true;
  }

  @Override
  public synchronized void propose(OrderedBatch batch) {
    Invariants.check(sink != null, "solo ordering used before start");
    sink.apply(nextPosition++, batch);
  }

  @Override
  public void close() {}
}
