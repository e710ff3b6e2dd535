package org.lazaret.consensus;

/**
 * The port through which consensus hands ordered batches to the node, which executes and persists
 * them. Called from one thread, in order, once per batch; a thrown exception is unrecoverable.
 * Positions (a Raft log index; the height for the solo node) only grow, and the node records the
 * last one with each block, so after a restart consensus replays only what is not yet applied.
 *
 * <p>{@code apply} may return before the block is durable (the node persists one block while it
 * executes the next). {@link #appliedPosition()} counts only what is durable, and {@link #flush()}
 * waits for it; consensus calls flush before it records that a position is applied for good (a
 * Raft snapshot), so that what it records never passes what the block store holds.
 */
public interface BatchSink {
  void apply(long position, OrderedBatch batch);

  /** The position of the last batch applied durably, or -1 when none has been. */
  long appliedPosition();

  /** Waits until every batch applied so far is durable; rethrows a failure to persist. */
  void flush();

  /**
   * A node's checkpoint, delivered among the batches in log order (Raft only): every node sees the
   * same checkpoints after the same batches. Throwing stops this node, as for {@code apply}.
   */
  default void checkpoint(long position, Checkpoint checkpoint) {}
}
