package org.lazaret.consensus;

/**
 * The port through which consensus hands ordered batches to the node, which executes and persists
 * them. Called from one thread, in order, once per batch; a thrown exception is unrecoverable.
 */
@FunctionalInterface
public interface BatchSink {
  void apply(OrderedBatch batch);
}
