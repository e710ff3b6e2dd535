package org.lazaret.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lazaret.consensus.Checkpoint;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.core.crypto.Hash32;

/**
 * The Raft adapter in a three-node loopback cluster (plaintext): ordering from any node, leader
 * failover without losing acknowledged batches, and restart without re-applying. Method: real
 * Ratis servers with recording sinks; every wait has a deadline, and a failed wait prints every
 * node's status and sink.
 */
@Timeout(120)
class RaftOrderingTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void batchesProposedOnAnyNodeAreAppliedOnEveryNodeInOneOrder(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      List<OrderedBatch> proposed = new ArrayList<>();
      int n = 0;
      for (int round = 0; round < 3; round++) {
        for (MiniCluster.Node node : cluster.running()) {
          assertThat(node.ordering.canPropose()).as(node.id + " can propose").isTrue();
          OrderedBatch b = TestBatches.batch(n, node.id + "-" + n);
          node.ordering.propose(b);
          proposed.add(b);
          n++;
          // propose returns only once applied on the proposing node
          assertThat(node.sink.batches()).contains(b);
        }
      }
      cluster.awaitApplied(cluster.running(), proposed.size(), WAIT);
      List<RecordingSink.Applied> reference = cluster.node("node1").sink.applied();
      assertThat(reference).extracting(RecordingSink.Applied::batch).containsExactlyInAnyOrderElementsOf(proposed);
      assertThat(reference).extracting(RecordingSink.Applied::position).isSorted().doesNotHaveDuplicates();
      for (MiniCluster.Node node : cluster.running()) {
        assertThat(node.sink.applied()).as(node.id).isEqualTo(reference);
      }
      ClusterStatus status = cluster.node("node2").status();
      assertThat(status.members()).extracting(RaftMember::id).containsExactly("node1", "node2", "node3");
      assertThat(status.appliedIndex()).isGreaterThanOrEqualTo(reference.get(reference.size() - 1).position());
      assertThat(status.commitIndex()).isGreaterThanOrEqualTo(status.appliedIndex());
      assertThat(status.term()).isPositive();
    }
  }

  @Test
  void leaderCrashElectsANewLeaderQuicklyAndLosesNoAcknowledgedBatch(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      List<OrderedBatch> acknowledged = new ArrayList<>();
      MiniCluster.Node oldLeader = cluster.awaitLeader(WAIT);
      for (int i = 0; i < 3; i++) {
        OrderedBatch b = TestBatches.batch(i, "before-" + i);
        cluster.aFollower().ordering.propose(b);
        acknowledged.add(b);
      }
      long stoppedAt = System.nanoTime();
      cluster.stop(oldLeader.id);
      MiniCluster.Node newLeader = cluster.awaitLeader(Duration.ofSeconds(5));
      Duration failover = Duration.ofNanos(System.nanoTime() - stoppedAt);
      assertThat(newLeader.id).isNotEqualTo(oldLeader.id);
      assertThat(failover).isLessThan(Duration.ofSeconds(5));
      System.out.printf("raft: leader %s stopped; %s leads after %d ms%n", oldLeader.id, newLeader.id, failover.toMillis());

      for (int i = 3; i < 6; i++) {
        OrderedBatch b = TestBatches.batch(i, "after-" + i);
        cluster.running().get(i % 2).ordering.propose(b);
        acknowledged.add(b);
      }
      cluster.awaitApplied(cluster.running(), acknowledged.size(), WAIT);
      List<RecordingSink.Applied> reference = newLeader.sink.applied();
      assertThat(reference).extracting(RecordingSink.Applied::batch).containsExactlyInAnyOrderElementsOf(acknowledged);
      for (MiniCluster.Node node : cluster.running()) {
        assertThat(node.sink.applied()).as(node.id).isEqualTo(reference);
      }

      MiniCluster.Node restarted = cluster.restart(oldLeader.id);
      cluster.awaitApplied(List.of(restarted), acknowledged.size(), WAIT);
      assertThat(restarted.sink.applied()).isEqualTo(reference);
      assertThat(restarted.ordering.failure()).isEmpty();
    }
  }

  @Test
  void checkpointsReachEveryNodeAtTheSamePlaceAmongTheBatches(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      MiniCluster.Node leader = cluster.awaitLeader(WAIT);
      MiniCluster.Node follower = cluster.aFollower();
      leader.ordering.propose(TestBatches.batch(0, "before"));
      Checkpoint fromFollower = new Checkpoint(follower.id, 1, Hash32.sha256(new byte[] {1}), Hash32.sha256(new byte[] {2}));
      assertThat(follower.ordering.attest(fromFollower)).isTrue();
      cluster.await(WAIT, "the checkpoint on every node", () -> cluster.running().stream().allMatch(n -> n.sink.checkpoints().size() == 1));
      leader.ordering.propose(TestBatches.batch(1, "after"));
      cluster.awaitApplied(cluster.running(), 2, WAIT);
      for (MiniCluster.Node n : cluster.running()) {
        assertThat(n.sink.checkpoints()).as(n.id).containsExactly(new RecordingSink.SeenCheckpoint(1, fromFollower));
      }
      assertThatThrownBy(() -> leader.ordering.attest(fromFollower))
          .as("a node attests only for itself")
          .hasMessageContaining("attesting for " + follower.id);
    }
  }

  @Test
  void restartedFollowerAppliesOnlyTheEntriesAfterItsAppliedPosition(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      MiniCluster.Node leader = cluster.awaitLeader(WAIT);
      for (int i = 0; i < 4; i++) {
        leader.ordering.propose(TestBatches.batch(i, "first-" + i));
      }
      MiniCluster.Node follower = cluster.aFollower();
      cluster.awaitApplied(List.of(follower), 4, WAIT);
      cluster.stop(follower.id);
      for (int i = 4; i < 7; i++) {
        leader.ordering.propose(TestBatches.batch(i, "second-" + i));
      }
      MiniCluster.Node restarted = cluster.restart(follower.id);
      cluster.awaitApplied(List.of(restarted), 7, WAIT);
      // Ratis replays its whole log after a restart; the adapter must hand over only the 3 new batches.
      assertThat(restarted.sink.applyCalls()).isEqualTo(3);
      assertThat(restarted.sink.applied()).isEqualTo(leader.sink.applied());
      assertThat(restarted.ordering.failure()).isEmpty();
    }
  }

  /**
   * A follower's server closed by Ratis comes back and follows. A leader's comes back as a
   * follower too; the cluster goes on under whoever wins the next term, which may be the reopened
   * node itself once it has caught up, but never the closed server's term.
   */
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aServerClosedByRatisIsReopenedFromItsLogAndAppliesNothingTwice(boolean leaderClosed, @TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      MiniCluster.Node leader = cluster.awaitLeader(WAIT);
      long termBefore = leader.status().term();
      MiniCluster.Node follower = cluster.aFollower();
      closedByRatisThenReopened(cluster, leaderClosed ? leader : follower, leaderClosed ? follower : leader);
      if (leaderClosed) {
        assertThat(cluster.awaitLeader(WAIT).status().term()).as("a new leader was elected").isGreaterThan(termBefore);
      }
    }
  }

  /**
   * Closes {@code victim}'s Raft server as Ratis's log worker does on an internal failure, while
   * {@code proposer} keeps ordering; the victim must reopen it, apply only what it missed, and
   * order again.
   */
  private static void closedByRatisThenReopened(MiniCluster cluster, MiniCluster.Node victim, MiniCluster.Node proposer) throws Exception {
    for (int i = 0; i < 4; i++) {
      proposer.ordering.propose(TestBatches.batch(i, "before-" + i));
    }
    cluster.awaitApplied(cluster.running(), 4, WAIT);
    int callsBefore = victim.sink.applyCalls();

    victim.ordering.division().close();
    assertThat(victim.status().role()).isEqualTo(ClusterStatus.Role.STOPPED);
    for (int i = 4; i < 7; i++) {
      proposer.ordering.propose(TestBatches.batch(i, "meanwhile-" + i));
    }
    cluster.await(WAIT, victim.id + " to reopen its Raft server", () -> victim.ordering.revivals() == 1 && victim.ordering.canPropose());
    cluster.awaitApplied(List.of(victim), 7, WAIT);
    victim.ordering.propose(TestBatches.batch(7, "after"));
    cluster.awaitApplied(cluster.running(), 8, WAIT);

    assertThat(victim.sink.applyCalls()).as("each batch it missed once, none again").isEqualTo(callsBefore + 4);
    for (MiniCluster.Node n : cluster.running()) {
      assertThat(n.sink.applied()).as(n.id).isEqualTo(proposer.sink.applied());
      assertThat(n.ordering.failure()).as(n.id).isEmpty();
    }
    assertThat(victim.ordering.revivals()).isEqualTo(1);
  }

  @Test
  void proposeFailsWithinItsTimeoutWhenNoMajorityIsLeft(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.start(dir, 3, id -> new RaftTransport.Plaintext(),
        c -> c.withProposeTimeout(Duration.ofSeconds(4)))) {
      MiniCluster.Node survivor = cluster.aFollower();
      for (MiniCluster.Node n : cluster.running()) {
        if (n != survivor) {
          cluster.stop(n.id);
        }
      }
      long start = System.nanoTime();
      assertThatThrownBy(() -> survivor.ordering.propose(TestBatches.batch(1, "lonely")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not ordered");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(survivor.sink.applied()).isEmpty();
      cluster.await(WAIT, "the lone survivor to stop believing in a leader", () -> !survivor.ordering.canPropose());
    }
  }

  @Test
  void aSinkFailureStopsOnlyThatNodeWhichThenRefusesToPropose(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      MiniCluster.Node leader = cluster.awaitLeader(WAIT);
      MiniCluster.Node broken = cluster.aFollower();
      broken.sink.failOn = b -> true;
      leader.ordering.propose(TestBatches.batch(1, "poison"));

      cluster.await(WAIT, broken.id + " to report its failure", () -> broken.ordering.failure().isPresent());
      assertThat(broken.ordering.failure().get()).hasMessageContaining("injected failure");
      assertThat(broken.ordering.canPropose()).isFalse();
      assertThat(broken.status().role()).isEqualTo(ClusterStatus.Role.STOPPED);
      assertThatThrownBy(() -> broken.ordering.propose(TestBatches.batch(2, "refused")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("stopped after a failed apply");

      // The two healthy nodes are still a majority and keep ordering.
      leader.ordering.propose(TestBatches.batch(3, "after"));
      List<MiniCluster.Node> healthy = cluster.running().stream().filter(n -> n != broken).toList();
      cluster.awaitApplied(healthy, 2, WAIT);
      assertThat(broken.sink.applied()).isEmpty();
    }
  }

  @Test
  void startingOnAPortInUseFailsNamingThePort(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
      RaftMember self = new RaftMember("node1", "127.0.0.1", taken.getLocalPort());
      RaftConfig config = RaftConfig.of("node1", MiniCluster.GROUP, List.of(self), dir, new RaftTransport.Plaintext());
      RaftOrdering ordering = new RaftOrdering(config, NoSnapshots.FETCHER);
      assertThatThrownBy(() -> ordering.start(new RecordingSink(dir.resolve("position"))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not start on port " + taken.getLocalPort());
      assertThat(ordering.canPropose()).isFalse();
      ordering.close();
    }
  }

  @Test
  void aStoppedNodeRefusesProposalsAndReportsStopped(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      MiniCluster.Node node = cluster.aFollower();
      cluster.stop(node.id);
      assertThat(node.ordering.canPropose()).isFalse();
      assertThat(node.status().role()).isEqualTo(ClusterStatus.Role.STOPPED);
      assertThatThrownBy(() -> node.ordering.propose(TestBatches.batch(1, "late")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not running");
    }
  }
}
