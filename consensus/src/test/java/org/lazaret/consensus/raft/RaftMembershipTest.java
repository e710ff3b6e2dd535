package org.lazaret.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changes while running, through Raft's own configuration change: a fourth node is
 * added, catches up by log replay and takes part; then it is removed and stops receiving blocks.
 */
@Timeout(120)
class RaftMembershipTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void anAddedNodeCatchesUpTakesPartAndStopsReceivingBlocksOnceRemoved(@TempDir Path dir) throws Exception {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      MiniCluster.Node leader = cluster.awaitLeader(WAIT);
      for (int i = 0; i < 5; i++) {
        leader.ordering.propose(TestBatches.batch(i, "before-join-" + i));
      }
      MiniCluster.Node joining = cluster.startJoining("node4", NoSnapshots.FETCHER);
      assertThat(joining.sink.applied()).isEmpty();

      cluster.node("node2").ordering.addPeer(joining.member());

      cluster.awaitApplied(List.of(joining), 5, WAIT);
      assertThat(joining.sink.applied()).isEqualTo(leader.sink.applied());
      cluster.await(WAIT, "every node to list node4 as a member", () -> cluster.running().stream()
          .allMatch(n -> n.status().members().stream().anyMatch(m -> m.id().equals("node4"))));

      cluster.await(WAIT, "node4 to know the leader", () -> joining.ordering.canPropose());
      joining.ordering.propose(TestBatches.batch(5, "from-node4"));
      leader.ordering.propose(TestBatches.batch(6, "after-join"));
      cluster.awaitApplied(cluster.running(), 7, WAIT);
      for (MiniCluster.Node n : cluster.running()) {
        assertThat(n.sink.applied()).as(n.id).isEqualTo(leader.sink.applied());
      }

      cluster.node("node1").ordering.removePeer("node4");
      List<MiniCluster.Node> remaining = cluster.running().stream().filter(n -> n != joining).toList();
      cluster.await(WAIT, "node1..3 to drop node4 from the membership", () -> remaining.stream()
          .allMatch(n -> n.status().members().stream().noneMatch(m -> m.id().equals("node4"))));
      for (int i = 7; i < 9; i++) {
        remaining.get(0).ordering.propose(TestBatches.batch(i, "after-removal-" + i));
      }
      cluster.awaitApplied(remaining, 9, WAIT);
      assertThat(joining.sink.applied()).hasSize(7);

      // A removed node's server that closes stays closed: it is no longer a member to reopen.
      cluster.await(WAIT, "node4 to learn the configuration without it", () -> joining.status().members().stream().noneMatch(m -> m.id().equals("node4")));
      joining.ordering.division().close();
      Thread.sleep(3_000);
      assertThat(joining.ordering.revivals()).isZero();
      assertThat(joining.status().role()).isEqualTo(ClusterStatus.Role.STOPPED);
    }
  }

  @Test
  void removingANodeThatIsNotAMemberIsRefused(@TempDir Path dir) {
    try (MiniCluster cluster = MiniCluster.plaintext(dir, 3)) {
      assertThatThrownBy(() -> cluster.node("node1").ordering.removePeer("node9"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("node9 is not a member");
    }
  }
}
