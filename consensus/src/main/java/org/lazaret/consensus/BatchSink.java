package org.lazaret.consensus;

/**
 * The port through which consensus hands ordered batches to the node, which executes and persists
 * them. Called from one thread, in order, once per batch; a thrown exception is unrecoverable.
 * Positions (a Raft log index; the height for the solo node) only grow, and the node records the
 * last one with each block, so after a restart consensus replays only what is not yet applied.
 */
public interface BatchSink {
  void apply(long position, OrderedBatch batch);

  /** The position of the last batch applied durably, or -1 when none has been. */
  long appliedPosition();
}
