package org.lazaret.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Configuration is checked where it is built, and each refusal names the field. */
class RaftConfigTest {
  private static final List<RaftMember> MEMBERS = List.of(
      new RaftMember("node2", "10.0.0.2", 9002), new RaftMember("node1", "10.0.0.1", 9001));
  private static final Path DIR = Path.of("raft");
  private static final RaftTransport PLAIN = new RaftTransport.Plaintext();

  @Test
  void defaultsSuitAFailoverUnderFiveSecondsAndMembersAreSortedById() {
    RaftConfig c = RaftConfig.of("node1", "chain", MEMBERS, DIR, PLAIN);
    assertThat(c.members()).extracting(RaftMember::id).containsExactly("node1", "node2");
    assertThat(c.self().address()).isEqualTo("10.0.0.1:9001");
    assertThat(c.electionTimeoutMax().plus(c.electionTimeoutMin())).isLessThan(Duration.ofSeconds(5));
    assertThat(c.proposeTimeout()).isGreaterThanOrEqualTo(c.electionTimeoutMax());
  }

  /** A joining node must not stand for election while it follows a configuration without it. */
  @Test
  void aJoiningNodeWaitsLongBeforeStandingForElectionAndKeepsTheRest() {
    RaftConfig c = RaftConfig.of("node1", "chain", MEMBERS, DIR, PLAIN).withCompaction(64, 4096).withListenPort(9100);
    RaftConfig j = c.joining();
    assertThat(j.electionTimeoutMin()).isEqualTo(Duration.ofSeconds(30));
    assertThat(j.electionTimeoutMax()).isEqualTo(Duration.ofSeconds(45));
    assertThat(j.proposeTimeout()).isGreaterThanOrEqualTo(j.electionTimeoutMax());
    assertThat(j.withElectionTimeouts(c.electionTimeoutMin(), c.electionTimeoutMax()).withProposeTimeout(c.proposeTimeout())).isEqualTo(c);
  }

  @Test
  void inconsistentSettingsAreRefusedByField() {
    assertThatThrownBy(() -> RaftConfig.of("node3", "chain", MEMBERS, DIR, PLAIN)).hasMessageStartingWith("members:");
    assertThatThrownBy(() -> RaftConfig.of("node1", "chain", List.of(MEMBERS.get(1), MEMBERS.get(1)), DIR, PLAIN)).hasMessageContaining("appears twice");
    assertThatThrownBy(() -> RaftConfig.of("node1", " ", MEMBERS, DIR, PLAIN)).hasMessageStartingWith("groupName:");
    RaftConfig c = RaftConfig.of("node1", "chain", MEMBERS, DIR, PLAIN);
    assertThatThrownBy(() -> c.withElectionTimeouts(Duration.ofMillis(10), Duration.ofSeconds(1))).hasMessageStartingWith("electionTimeoutMin:");
    assertThatThrownBy(() -> c.withElectionTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2))).hasMessageStartingWith("electionTimeoutMax:");
    assertThatThrownBy(() -> c.withProposeTimeout(Duration.ofSeconds(1))).hasMessageStartingWith("proposeTimeout:");
    assertThatThrownBy(() -> c.withCompaction(0, 1 << 20)).hasMessageStartingWith("snapshotIntervalEntries:");
    assertThatThrownBy(() -> c.withCompaction(100, 10)).hasMessageStartingWith("logSegmentBytesMax:");
    assertThatThrownBy(() -> new RaftConfig("node1", "chain", MEMBERS, DIR, null, Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5), 10, 4096, 0))
        .hasMessageStartingWith("transport:");
  }

  @Test
  void memberAddressesParseAndPrintIncludingIpv6() {
    assertThat(RaftMember.of("a", "example.org:7000")).isEqualTo(new RaftMember("a", "example.org", 7000));
    RaftMember v6 = RaftMember.of("b", "[::1]:7001");
    assertThat(v6.host()).isEqualTo("::1");
    assertThat(v6.address()).isEqualTo("[::1]:7001");
    assertThatThrownBy(() -> RaftMember.of("a", "example.org")).hasMessageStartingWith("address:");
    assertThatThrownBy(() -> RaftMember.of("a", "example.org:http")).hasMessageStartingWith("address:");
    assertThatThrownBy(() -> RaftMember.of("a", "example.org:70000")).hasMessageStartingWith("port:");
    assertThatThrownBy(() -> new RaftMember("a b", "h", 1)).hasMessageStartingWith("id:");
  }

  @Test
  void everyNodeDerivesTheSameGroupIdFromTheGroupName() {
    assertThat(RaftOrdering.groupIdOf("chain-a")).isEqualTo(RaftOrdering.groupIdOf("chain-a"));
    assertThat(RaftOrdering.groupIdOf("chain-a")).isNotEqualTo(RaftOrdering.groupIdOf("chain-b"));
  }
}
