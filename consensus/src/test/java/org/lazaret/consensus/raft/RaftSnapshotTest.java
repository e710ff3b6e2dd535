package org.lazaret.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log compaction: snapshot markers let Ratis delete old log segments; a node that needs entries
 * the leader no longer has catches up through the {@link SnapshotFetcher} (here: copying the
 * leader's recorded blocks, as the node would over HTTP), then follows the log. A node restarted
 * after compaction starts from its marker and applies nothing twice; a marker that claims more than
 * the block store holds stops the node at start.
 */
@Timeout(120)
class RaftSnapshotTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final long SNAPSHOT_EVERY = 4;

  private static MiniCluster compactingCluster(Path dir) {
    // 1 KiB segments hold two or three batches, so compaction really deletes segments.
    return MiniCluster.start(dir, 3, id -> new RaftTransport.Plaintext(), c -> c.withCompaction(SNAPSHOT_EVERY, 1024));
  }

  @Test
  void aNodeJoiningAfterCompactionCatchesUpThroughTheFetcherThenFollowsTheLog(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = compactingCluster(dir)) {
      MiniCluster.Node leader = cluster.awaitLeader(WAIT);
      for (int i = 0; i < 24; i++) {
        leader.ordering.propose(TestBatches.batch(i, "compacted-" + i));
      }
      cluster.awaitApplied(cluster.running(), 24, WAIT);
      cluster.await(WAIT, "every node to take a snapshot marker past index 12", () -> cluster.running().stream()
          .allMatch(n -> n.status().latestSnapshot().map(p -> p.index() > 12).orElse(false)));

      List<Long> fetchedMinimums = new CopyOnWriteArrayList<>();
      AtomicReference<MiniCluster.Node> joiningRef = new AtomicReference<>();
      SnapshotFetcher fetcher = (from, minimumIndex) -> {
        fetchedMinimums.add(minimumIndex);
        MiniCluster.Node source = cluster.node(from.id());
        SnapshotPoint point = source.status().latestSnapshot().orElseThrow();
        joiningRef.get().sink.importFrom(source.sink, point.index());
        return point;
      };
      MiniCluster.Node joining = cluster.startJoining("node4", fetcher);
      joiningRef.set(joining);
      leader.ordering.addPeer(joining.member());

      cluster.awaitApplied(List.of(joining), 24, WAIT);
      assertThat(fetchedMinimums).as("the leader had compacted its log, so node4 had to fetch").isNotEmpty();
      assertThat(fetchedMinimums.get(0)).isPositive();
      for (int i = 24; i < 28; i++) {
        joining.ordering.propose(TestBatches.batch(i, "after-join-" + i));
      }
      cluster.awaitApplied(cluster.running(), 28, WAIT);
      for (MiniCluster.Node n : cluster.running()) {
        assertThat(n.sink.applied()).as(n.id).isEqualTo(leader.sink.applied());
        assertThat(n.ordering.failure()).as(n.id).isEmpty();
      }
    }
  }

  @Test
  void aNodeRestartedAfterCompactionStartsFromItsMarkerAndAppliesNothingTwice(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = compactingCluster(dir)) {
      MiniCluster.Node leader = cluster.awaitLeader(WAIT);
      for (int i = 0; i < 12; i++) {
        leader.ordering.propose(TestBatches.batch(i, "first-" + i));
      }
      MiniCluster.Node follower = cluster.aFollower();
      cluster.awaitApplied(List.of(follower), 12, WAIT);
      cluster.await(WAIT, "a snapshot marker on " + follower.id, () -> follower.status().latestSnapshot().isPresent());
      cluster.stop(follower.id);
      for (int i = 12; i < 15; i++) {
        leader.ordering.propose(TestBatches.batch(i, "second-" + i));
      }
      MiniCluster.Node restarted = cluster.restart(follower.id);
      cluster.awaitApplied(List.of(restarted), 15, WAIT);
      assertThat(restarted.sink.applyCalls()).isEqualTo(3);
      assertThat(restarted.sink.applied()).isEqualTo(leader.sink.applied());
    }
  }

  @Test
  void aBlockStoreBehindTheRaftSnapshotStopsTheNodeAtStart(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = compactingCluster(dir)) {
      MiniCluster.Node leader = cluster.awaitLeader(WAIT);
      for (int i = 0; i < 10; i++) {
        leader.ordering.propose(TestBatches.batch(i, "batch-" + i));
      }
      MiniCluster.Node follower = cluster.aFollower();
      cluster.awaitApplied(List.of(follower), 10, WAIT);
      cluster.await(WAIT, "a snapshot marker on " + follower.id, () -> follower.status().latestSnapshot().isPresent());
      cluster.stop(follower.id);

      // The node's block store is replaced by an empty one while its Raft storage is kept.
      follower.sink = new RecordingSink(follower.dir.resolve("other-position"));
      RaftOrdering ordering = new RaftOrdering(follower.config(), NoSnapshots.FETCHER);
      assertThatThrownBy(() -> ordering.start(follower.sink))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("block store has applied up to position -1");
      ordering.close();
      assertThat(follower.sink.applied()).isEmpty();
    }
  }
}
