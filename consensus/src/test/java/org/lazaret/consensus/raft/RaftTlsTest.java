package org.lazaret.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.Hash32;

/**
 * Node-to-node traffic under mutual TLS, with certificates from {@link TlsMaterial}: the cluster
 * orders batches; a node whose certificate comes from another CA, and a node with a valid
 * certificate that is not a member, can neither propose nor be added.
 */
@Timeout(120)
class RaftTlsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> LOOPBACK = List.of("localhost", "127.0.0.1");

  private final SecureRandom random = new SecureRandom();

  private RaftTransport.MutualTls issue(Path dir, TlsMaterial.Authority ca, String id) {
    TlsMaterial.NodeCredentials node = TlsMaterial.issueNode(ca, id, LOOPBACK, NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650), random);
    try {
      return TlsMaterial.writeNode(dir.resolve("tls").resolve(id), ca.certificate(), node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private TlsMaterial.Authority authority(String name) {
    return TlsMaterial.newAuthority(name, NOW.minus(Duration.ofDays(1)), Duration.ofDays(3650), random);
  }

  @Test
  void theClusterOrdersBatchesOverMutualTlsAndRefusesNodesItDoesNotKnow(@TempDir Path dir) throws Exception {
    TlsMaterial.Authority ca = authority("consortium CA");
    TlsMaterial.Authority foreign = authority("some other CA");
    try (MiniCluster cluster = MiniCluster.start(dir, 3, id -> issue(dir, ca, id),
        c -> c.withProposeTimeout(Duration.ofSeconds(3)))) {
      int n = 0;
      for (MiniCluster.Node node : cluster.running()) {
        node.ordering.propose(TestBatches.batch(n, "tls-" + n));
        n++;
      }
      cluster.awaitApplied(cluster.running(), 3, WAIT);
      List<RecordingSink.Applied> reference = cluster.node("node1").sink.applied();
      for (MiniCluster.Node node : cluster.running()) {
        assertThat(node.sink.applied()).as(node.id).isEqualTo(reference);
      }

      // A certificate from another CA: its handshakes fail, so it can neither propose nor join.
      MiniCluster.Node intruder = cluster.startJoining("node5", issue(dir.resolve("foreign"), foreign, "node5"), NoSnapshots.FETCHER);
      assertThatThrownBy(() -> intruder.ordering.propose(TestBatches.batch(90, "intruder")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not ordered");
      assertThatThrownBy(() -> cluster.node("node1").ordering.addPeer(intruder.member()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not add node5");

      // A certificate from the right CA, but the node was never admitted: refused by membership.
      MiniCluster.Node outsider = cluster.startJoining("node6", issue(dir, ca, "node6"), NoSnapshots.FETCHER);
      assertThatThrownBy(() -> outsider.ordering.propose(TestBatches.batch(91, "outsider")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not ordered");

      cluster.node("node2").ordering.propose(TestBatches.batch(3, "still-working"));
      List<MiniCluster.Node> members = cluster.running().stream().filter(x -> x != intruder && x != outsider).toList();
      cluster.awaitApplied(members, 4, WAIT);
      for (MiniCluster.Node node : members) {
        assertThat(node.sink.batches()).as(node.id).hasSize(4);
        assertThat(node.status().members()).extracting(RaftMember::id).containsExactly("node1", "node2", "node3");
      }
      assertThat(intruder.sink.applied()).isEmpty();
      assertThat(outsider.sink.applied()).isEmpty();
    }
  }

  @Test
  void aNodePresentingAnotherCertificateThanItsPinnedOneIsRefusedAndThePinnedOneAccepted(@TempDir Path dir) throws Exception {
    TlsMaterial.Authority ca = authority("consortium CA");
    try (MiniCluster cluster = MiniCluster.start(dir, 3, id -> issue(dir, ca, id), c -> c.withProposeTimeout(Duration.ofSeconds(3)))) {
      cluster.awaitLeader(WAIT).ordering.propose(TestBatches.batch(0, "before"));
      RaftTransport.MutualTls admitted = issue(dir.resolve("admitted"), ca, "node4");
      RaftTransport.MutualTls second = issue(dir.resolve("second"), ca, "node4");
      cluster.pins.put("node4", Hash32.sha256(TlsMaterial.readCertificates(admitted.certificateChain()).get(0).getEncoded()).hex());

      // Same CA, same common name, but not the certificate governance admitted.
      MiniCluster.Node impostor = cluster.startJoining("node4", second, NoSnapshots.FETCHER);
      assertThatThrownBy(() -> cluster.node("node1").ordering.addPeer(impostor.member()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("could not add node4");
      assertThat(impostor.sink.applied()).isEmpty();
      cluster.stop("node4");

      MiniCluster.Node joining = cluster.startJoining("node4", admitted, NoSnapshots.FETCHER, impostor.port);
      cluster.node("node1").ordering.addPeer(joining.member());
      cluster.await(WAIT, "node4 to know the leader", () -> joining.ordering.canPropose());
      joining.ordering.propose(TestBatches.batch(1, "from-node4"));
      cluster.awaitApplied(cluster.running(), 2, WAIT);
      assertThat(joining.sink.applied()).isEqualTo(cluster.node("node1").sink.applied());
    }
  }

  @Test
  void aMemberAdmittedByRaftIsAcceptedOverTls(@TempDir Path dir) throws Exception {
    TlsMaterial.Authority ca = authority("consortium CA");
    try (MiniCluster cluster = MiniCluster.start(dir, 3, id -> issue(dir, ca, id), c -> c)) {
      cluster.awaitLeader(WAIT).ordering.propose(TestBatches.batch(0, "before"));
      MiniCluster.Node joining = cluster.startJoining("node4", NoSnapshots.FETCHER);
      cluster.node("node3").ordering.addPeer(joining.member());
      cluster.await(WAIT, "node4 to know the leader", () -> joining.ordering.canPropose());
      joining.ordering.propose(TestBatches.batch(1, "from-node4"));
      cluster.awaitApplied(cluster.running(), 2, WAIT);
      assertThat(joining.sink.applied()).isEqualTo(cluster.node("node1").sink.applied());
    }
  }
}
