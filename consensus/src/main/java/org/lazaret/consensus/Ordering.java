package org.lazaret.consensus;

/**
 * Puts proposed batches into one total order that every node applies. Solo on one node, Raft in a
 * cluster; the node sees only this interface.
 */
public interface Ordering extends AutoCloseable {
  /** Starts delivering ordered batches to {@code sink}. */
  void start(BatchSink sink);

  /** Whether this node may propose now (the solo node always; in Raft, whenever a leader is known). */
  boolean canPropose();

  /**
   * Proposes a batch; returns once it is ordered and applied, or throws if it was not ordered
   * (for example when leadership was lost).
   */
  void propose(OrderedBatch batch) throws InterruptedException;

  @Override
  void close();
}
