package org.lazaret.node.cluster;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.lazaret.consensus.BatchSink;
import org.lazaret.consensus.Checkpoint;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.contracts.membership.MembershipContract;
import org.lazaret.core.block.Block;
import org.lazaret.node.execution.BlockApplier;

/**
 * The node's side of the Raft log: executes each batch through the block applier, states its own
 * checkpoint every {@code checkpointIntervalBlocks} blocks, and counts the members' checkpoints in
 * the {@link DivergenceWatch}. When the watch finds this node diverged, {@code onDivergence} is told
 * (it records and reports the finding) and the checkpoint throws, which stops this node's Raft
 * server: a node whose chain is not the cluster's takes no further part in it.
 *
 * <p>Blocks are persisted while the next one executes (the applier's pipeline). That is safe under
 * Raft because the committed log is itself durable on a majority: a block lost in a crash before
 * it reached the store is replayed from the log, since {@link #appliedPosition()} counts only
 * durable blocks, and Raft snapshots flush first.
 */
final class ClusterSink implements BatchSink {
  private final BlockApplier applier;
  private final DivergenceWatch watch;
  private final String selfId;
  private final long checkpointIntervalBlocks;
  private final Predicate<Checkpoint> attest;
  private final Consumer<DivergenceWatch.Finding> onDivergence;

  ClusterSink(BlockApplier applier, DivergenceWatch watch, String selfId, long checkpointIntervalBlocks, Predicate<Checkpoint> attest, Consumer<DivergenceWatch.Finding> onDivergence) {
    this.applier = applier;
    this.watch = watch;
    this.selfId = selfId;
    this.checkpointIntervalBlocks = checkpointIntervalBlocks;
    this.attest = attest;
    this.onDivergence = onDivergence;
  }

  @Override
  public void apply(long position, OrderedBatch batch) {
    Block block = applier.execute(position, batch);
    watch.executed(block, applier.lastWrite(MembershipContract.NODES_KEY).map(LedgerMembership::voters));
    if (block.height() % checkpointIntervalBlocks == 0) {
      attest.test(new Checkpoint(selfId, block.height(), block.hash(), block.header().stateRoot()));
    }
  }

  @Override
  public long appliedPosition() {
    return applier.appliedPosition();
  }

  @Override
  public void flush() {
    applier.flush();
  }

  @Override
  public void checkpoint(long position, Checkpoint checkpoint) {
    Optional<DivergenceWatch.Finding> finding = watch.checkpoint(checkpoint);
    if (finding.isPresent()) {
      onDivergence.accept(finding.get());
      throw new DivergedException(finding.get());
    }
  }

  /** Stops this node's part in Raft; never caught by the node. */
  static final class DivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DivergedException(DivergenceWatch.Finding finding) {
      super("node " + finding.describe(), null);
    }
  }
}
