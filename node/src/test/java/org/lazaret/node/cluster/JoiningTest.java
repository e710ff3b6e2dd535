package org.lazaret.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A node starts as a joiner exactly when the ledger records a membership that does not hold it active. */
class JoiningTest {
  private static LedgerMembership.Entry entry(String id, boolean active) {
    return new LedgerMembership.Entry(id, "127.0.0.1:1", "http://127.0.0.1:2", "", active);
  }

  @Test
  void onlyANodeOutsideTheRecordedMembershipJoins() {
    Map<String, LedgerMembership.Entry> ledger = Map.of("node-1", entry("node-1", true), "node-2", entry("node-2", true), "node-3", entry("node-3", false));
    assertThat(ClusterNode.joining(ledger, "node-1")).as("a founding member").isFalse();
    assertThat(ClusterNode.joining(ledger, "node-4")).as("a node being added").isTrue();
    assertThat(ClusterNode.joining(ledger, "node-3")).as("a removed node").isTrue();
    assertThat(ClusterNode.joining(Map.of(), "node-1")).as("a chain without a membership record").isFalse();
  }
}
