package org.lazaret.consensus.raft;

/**
 * How a node that has fallen behind the leader's compacted log catches up: out of band, from a
 * peer's block store, because a Lazaret snapshot is the chain of blocks itself and Raft's own
 * snapshot transfer would copy a second, unverified version of it. The node implements this
 * (typically over a peer's HTTP API, verifying every block it imports); see {@link RaftOrdering}
 * for when it is called.
 *
 * <p>Contract: on return, every batch at a position up to the returned point's index has been
 * applied durably through the node's usual path, so the {@code BatchSink}'s {@code
 * appliedPosition()} is at most that index and no batch at or below it is missing; and the point is
 * a snapshot point that a member reported (from {@link ClusterStatus#latestSnapshot()}), whose
 * index is at least {@code minimumIndex}. Raft checks the term of that point against the leader's
 * log, so the term must not be guessed. Called on its own thread, while no batch is being applied.
 */
@FunctionalInterface
public interface SnapshotFetcher {
  SnapshotPoint fetch(RaftMember leader, long minimumIndex) throws Exception;
}
