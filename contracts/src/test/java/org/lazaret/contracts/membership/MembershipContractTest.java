package org.lazaret.contracts.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.eventNames;
import static org.lazaret.contracts.TestChain.key;
import static org.lazaret.contracts.TestChain.obj;
import static org.lazaret.contracts.TestChain.reverted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Goal: the cluster membership on the ledger changes only by a passed governance vote, records
 * what nodes need to reach and trust the new member, and never forgets a removal. Method: an
 * in-memory chain of three organisations with the membership contract; proposals to add and remove
 * nodes are voted through (two of three), and direct calls, malformed proposals, duplicates and
 * removing the last node are refused with stable codes.
 */
class MembershipContractTest {
  private static final String FINGERPRINT = "ab".repeat(32);

  static KeyPair admin(int i) {
    return key("membership-admin-" + i);
  }

  static TestChain chain(boolean foundingNodes) {
    TestChain.Genesis g = TestChain.genesis();
    for (int i = 0; i < 3; i++) {
      g.org("org" + i, admin(i), "admin");
    }
    if (foundingNodes) {
      ArrayNode nodes = g.doc().putArray("nodes");
      nodes.addObject().put("id", "node-1").put("raft", "10.0.0.1:9080").put("api", "http://10.0.0.1:8080");
      nodes.addObject().put("id", "node-2").put("raft", "10.0.0.2:9080").put("api", "http://10.0.0.2:8080");
    }
    return g.start(new MembershipContract());
  }

  static JsonNode node(String id) {
    return obj("id", id, "raft", "127.0.0.1:9083", "api", "http://127.0.0.1:8083", "certificate", FINGERPRINT);
  }

  /** Proposes from org0 (which votes yes), then org1 votes yes: passed. Returns the deciding receipt. */
  static Receipt pass(TestChain c, JsonNode action) {
    SignedTransaction tx = c.tx(admin(0), "governance", "propose", obj("action", action));
    applied(c.block(tx).receipts().get(0));
    return c.call(admin(1), "governance", "vote", obj("proposal", tx.id().hex(), "approve", true));
  }

  @Test
  void aPassedProposalAddsTheNodeWithWhatPeersNeedAndAnnouncesIt() {
    TestChain c = chain(true);
    Receipt r = pass(c, obj("type", "addNode", "node", node("node-4")));
    assertThat(eventNames(r)).contains("governance.Voted", "membership.NodeAdded", "governance.ProposalPassed");
    JsonNode nodes = c.read(MembershipContract.NODES_KEY).orElseThrow();
    assertThat(nodes.fieldNames()).toIterable().containsExactly("node-1", "node-2", "node-4");
    assertThat(nodes.path("node-4").path("raft").asText()).isEqualTo("127.0.0.1:9083");
    assertThat(nodes.path("node-4").path("api").asText()).isEqualTo("http://127.0.0.1:8083");
    assertThat(nodes.path("node-4").path("certificate").asText()).isEqualTo(FINGERPRINT);
    assertThat(nodes.path("node-4").path("status").asText()).isEqualTo("active");
    assertThat(nodes.path("node-1").path("status").asText()).isEqualTo("active");
  }

  @Test
  void aRemovalIsRecordedEvenForAFoundingNodeTheGenesisDidNotListAndIdsAreNotReused() {
    TestChain c = chain(false);
    Receipt r = pass(c, obj("type", "removeNode", "id", "node-3"));
    assertThat(eventNames(r)).contains("membership.NodeRemoved");
    assertThat(c.read(MembershipContract.NODES_KEY).orElseThrow().path("node-3").path("status").asText()).isEqualTo("removed");
    Receipt again = pass(c, obj("type", "addNode", "node", node("node-3")));
    assertThat(reverted(again, "NODE_EXISTS")).contains("not reused");
    Receipt twice = pass(c, obj("type", "removeNode", "id", "node-3"));
    reverted(twice, "UNKNOWN_NODE");
  }

  @Test
  void theLastActiveNodeCannotBeRemoved() {
    TestChain c = chain(true);
    assertThat(eventNames(pass(c, obj("type", "removeNode", "id", "node-1")))).contains("membership.NodeRemoved");
    assertThat(c.read(MembershipContract.NODES_KEY).orElseThrow().path("node-1").path("status").asText()).isEqualTo("removed");
    reverted(pass(c, obj("type", "removeNode", "id", "node-2")), "LAST_NODE");
    assertThat(c.read(MembershipContract.NODES_KEY).orElseThrow().path("node-2").path("status").asText()).isEqualTo("active");
  }

  @Test
  void onlyGovernanceChangesTheMembership() {
    TestChain c = chain(true);
    reverted(c.call(admin(0), "membership", "addNode", node("node-9")), "FORBIDDEN");
    reverted(c.call(admin(0), "membership", "removeNode", obj("id", "node-1")), "FORBIDDEN");
    assertThat(c.read(MembershipContract.NODES_KEY).orElseThrow().has("node-9")).isFalse();
  }

  @Test
  void aMalformedNodeIsRefusedWhenProposedNamingTheField() {
    TestChain c = chain(true);
    assertThat(reverted(propose(c, obj("type", "addNode", "node", obj("id", "-bad", "raft", "h:1", "api", "http://h", "certificate", FINGERPRINT))), "BAD_ARGUMENT")).contains("action.node.id");
    assertThat(reverted(propose(c, obj("type", "addNode", "node", obj("id", "n", "raft", "no-port", "api", "http://h", "certificate", FINGERPRINT))), "BAD_ARGUMENT")).contains("action.node.raft");
    assertThat(reverted(propose(c, obj("type", "addNode", "node", obj("id", "n", "raft", "h:70000", "api", "http://h", "certificate", FINGERPRINT))), "BAD_ARGUMENT")).contains("action.node.raft");
    assertThat(reverted(propose(c, obj("type", "addNode", "node", obj("id", "n", "raft", "h:1", "api", "ftp://h", "certificate", FINGERPRINT))), "BAD_ARGUMENT")).contains("action.node.api");
    assertThat(reverted(propose(c, obj("type", "addNode", "node", obj("id", "n", "raft", "h:1", "api", "http://h"))), "BAD_ARGUMENT")).contains("action.node.certificate");
    assertThat(reverted(propose(c, obj("type", "removeNode", "id", "a b")), "BAD_ARGUMENT")).contains("action.id");
  }

  private static Receipt propose(TestChain c, JsonNode action) {
    return c.call(admin(0), "governance", "propose", obj("action", action));
  }
}
