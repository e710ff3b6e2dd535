package org.lazaret.contracts.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.arr;
import static org.lazaret.contracts.TestChain.eventNames;
import static org.lazaret.contracts.TestChain.hex;
import static org.lazaret.contracts.TestChain.key;
import static org.lazaret.contracts.TestChain.obj;
import static org.lazaret.contracts.TestChain.reverted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lazaret.contracts.Roles;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Goal: show that consortium decisions follow the voting rule members signed up to — one vote per
 * active organisation cast by an admin, the proposer's organisation voting yes on proposing; a
 * proposal passes when more than half of the active organisations approve and is rejected as soon
 * as that can no longer happen; it takes effect in the deciding vote's transaction (admitting or
 * removing an organisation, setting a parameter); voting after the deadline expires it; malformed
 * actions are refused when proposed, naming the field. Method: an in-memory {@link TestChain} with
 * N organisations ({@code org0}…), one admin key each; tests cast votes one by one and assert the
 * proposal record, the receipts' codes and events, and the effect (or its absence) in state.
 */
class GovernanceContractTest {
  static final KeyPair NEW_ADMIN = key("gov-new-admin");
  static final KeyPair NEW_MEMBER = key("gov-new-member");
  static final KeyPair PLAIN = key("gov-plain-member");

  static KeyPair admin(int i) {
    return key("gov-admin-" + i);
  }

  static TestChain.Genesis orgs(int n) {
    TestChain.Genesis g = TestChain.genesis();
    for (int i = 0; i < n; i++) {
      g.org("org" + i, admin(i), "admin");
    }
    return g.member("org0", PLAIN, "data.publisher");
  }

  static JsonNode setParameter(String name, Object value) {
    return obj("type", "setParameter", "name", name, "value", value);
  }

  static JsonNode admit(String id, JsonNode members) {
    return obj("type", "admitOrganisation", "organisation", obj("id", id, "name", "Org " + id, "members", members));
  }

  static JsonNode remove(String id) {
    return obj("type", "removeOrganisation", "id", id);
  }

  /** Proposes {@code action} from org {@code i}'s admin and returns the proposal id. */
  static String propose(TestChain c, int i, JsonNode action) {
    SignedTransaction tx = c.tx(admin(i), "governance", "propose", obj("action", action));
    applied(c.block(tx).receipts().get(0));
    return tx.id().hex();
  }

  static Receipt vote(TestChain c, KeyPair k, String id, boolean approve) {
    return c.call(k, "governance", "vote", obj("proposal", id, "approve", approve));
  }

  static String status(TestChain c, String id) {
    return c.read("governance/proposal/" + id).orElseThrow().path("status").asText();
  }

  static boolean canEnrol(TestChain c, KeyPair k, String label) {
    return c.call(k, "identity", "enrol", obj("key", key(label), "roles", arr())) instanceof Receipt.Applied;
  }

  @Test
  void anAdminProposesAndItsOrganisationVotesYes() {
    TestChain c = orgs(3).start();
    long t = c.nextTime();
    SignedTransaction tx = c.tx(admin(1), "governance", "propose", obj("action", setParameter("x", 5)));
    Receipt r = c.block(tx).receipts().get(0);
    assertThat(eventNames(r)).containsExactly("governance.Proposed", "governance.Voted");
    String id = tx.id().hex();
    long deadline = t + GovernanceContract.VOTING_PERIOD_DEFAULT;
    assertThat(c.json("governance/proposal/" + id))
        .contains("{\"action\":{\"name\":\"x\",\"type\":\"setParameter\",\"value\":5},\"created\":" + t + ",\"deadline\":" + deadline
            + ",\"id\":\"" + id + "\",\"proposer\":\"org1\",\"status\":\"open\",\"votes\":{\"org1\":true}}");
    assertThat(c.read(GovernanceContract.paramKey("x"))).isEmpty();
  }

  @Test
  void onlyAnAdminOfAnActiveOrganisationProposes() {
    TestChain c = orgs(2).start();
    assertThat(reverted(c.call(PLAIN, "governance", "propose", obj("action", setParameter("x", 1))), "UNAUTHORIZED")).contains("'admin'");
    reverted(c.call(NEW_ADMIN, "governance", "propose", obj("action", setParameter("x", 1))), "UNAUTHORIZED");
    reverted(c.call(PLAIN, "governance", "vote", obj("proposal", "ab".repeat(32), "approve", true)), "UNAUTHORIZED");
    assertThat(c.snapshot().keySet()).noneMatch(k -> k.startsWith("governance/proposal/"));
  }

  @ParameterizedTest(name = "{0} organisations")
  @ValueSource(ints = {1, 2, 3, 4, 6})
  void aProposalPassesExactlyWhenMoreThanHalfOfTheOrganisationsApprove(int n) {
    TestChain c = orgs(n).start();
    int needed = n / 2 + 1;
    SignedTransaction tx = c.tx(admin(0), "governance", "propose", obj("action", setParameter("answer", 42)));
    Receipt last = c.block(tx).receipts().get(0);
    String id = tx.id().hex();
    for (int i = 1; i < needed; i++) {
      assertThat(status(c, id)).as("after %d yes of %d", i, n).isEqualTo("open");
      assertThat(c.read(GovernanceContract.paramKey("answer"))).isEmpty();
      last = vote(c, admin(i), id, true);
    }
    assertThat(status(c, id)).isEqualTo("passed");
    assertThat(c.json(GovernanceContract.paramKey("answer"))).contains("42");
    assertThat(eventNames(last)).endsWith("governance.ParameterChanged", "governance.ProposalPassed");
    assertThat(applied(last).getLast().data().utf8()).isEqualTo("{\"id\":\"" + id + "\",\"of\":" + n + ",\"yes\":" + needed + "}");
  }

  @ParameterizedTest(name = "{0} organisations")
  @ValueSource(ints = {2, 3, 4, 6})
  void aProposalIsRejectedOnceHalfOrMoreOfTheOrganisationsRefuse(int n) {
    TestChain c = orgs(n).start();
    int rejectAt = (n + 1) / 2;
    String id = propose(c, 0, setParameter("answer", 42));
    Receipt last = null;
    for (int i = 1; i <= rejectAt; i++) {
      assertThat(status(c, id)).as("after %d no of %d", i - 1, n).isEqualTo("open");
      last = vote(c, admin(i), id, false);
    }
    assertThat(status(c, id)).isEqualTo("rejected");
    assertThat(applied(last).getLast().data().utf8()).isEqualTo("{\"id\":\"" + id + "\",\"no\":" + rejectAt + ",\"of\":" + n + "}");
    assertThat(eventNames(last)).containsExactly("governance.Voted", "governance.ProposalRejected");
    assertThat(c.read(GovernanceContract.paramKey("answer"))).isEmpty();
  }

  @Test
  void aTieAmongFourOrganisationsRejects() {
    TestChain c = orgs(4).start();
    String id = propose(c, 0, setParameter("answer", 42));
    applied(vote(c, admin(1), id, true));
    applied(vote(c, admin(2), id, false));
    assertThat(status(c, id)).isEqualTo("open");
    applied(vote(c, admin(3), id, false));
    assertThat(status(c, id)).isEqualTo("rejected");
  }

  @Test
  void anOrganisationVotesOnlyOnce() {
    TestChain c = orgs(3).member("org0", NEW_MEMBER, "admin").start();
    String id = propose(c, 0, setParameter("x", 1));
    assertThat(reverted(vote(c, admin(0), id, true), "ALREADY_VOTED")).isEqualTo("organisation 'org0' has already voted on " + id);
    reverted(vote(c, NEW_MEMBER, id, false), "ALREADY_VOTED");
    applied(vote(c, admin(1), id, false));
    reverted(vote(c, admin(1), id, true), "ALREADY_VOTED");
    assertThat(c.read("governance/proposal/" + id).orElseThrow().path("votes").toString()).isEqualTo("{\"org0\":true,\"org1\":false}");
  }

  @Test
  void votingOnADecidedProposalRevertsProposalClosed() {
    TestChain c = orgs(3).start();
    String passed = propose(c, 0, setParameter("x", 1));
    applied(vote(c, admin(1), passed, true));
    assertThat(reverted(vote(c, admin(2), passed, true), "PROPOSAL_CLOSED")).isEqualTo("proposal: already passed");
    String rejected = propose(c, 0, setParameter("y", 1));
    applied(vote(c, admin(1), rejected, false));
    applied(vote(c, admin(2), rejected, false));
    assertThat(reverted(vote(c, admin(0), rejected, true), "PROPOSAL_CLOSED")).isEqualTo("proposal: already rejected");
  }

  @Test
  void votingOnAnUnknownOrMalformedProposalReverts() {
    TestChain c = orgs(2).start();
    String unknown = "ab".repeat(32);
    assertThat(reverted(vote(c, admin(0), unknown, true), "UNKNOWN_PROPOSAL")).isEqualTo("proposal: no proposal " + unknown);
    assertThat(reverted(vote(c, admin(0), "AB".repeat(32), true), "BAD_ARGUMENT")).isEqualTo("proposal: must match [0-9a-f]{64}");
    String id = propose(c, 0, setParameter("x", 1));
    assertThat(reverted(c.call(admin(1), "governance", "vote", obj("proposal", id, "approve", "yes")), "BAD_ARGUMENT")).isEqualTo("approve: must be true or false");
    assertThat(reverted(c.call(admin(1), "governance", "vote", obj("proposal", id)), "BAD_ARGUMENT")).isEqualTo("approve: required");
    assertThat(reverted(c.call(admin(1), "governance", "vote", obj("proposal", id, "approve", true, "why", "x")), "BAD_ARGUMENT")).startsWith("why: unknown argument");
    assertThat(status(c, id)).isEqualTo("open");
  }

  @Test
  void aVoteAtTheDeadlineCountsAndAVoteAfterItExpiresTheProposal() {
    TestChain c = orgs(3).param(GovernanceContract.VOTING_PERIOD, JsonNodeFactory.instance.numberNode(10_000L)).start();
    long created = c.nextTime();
    String id = propose(c, 0, setParameter("x", 1));
    assertThat(c.read("governance/proposal/" + id).orElseThrow().path("deadline").asLong()).isEqualTo(created + 10_000);
    applied(c.blockAt(created + 10_000, List.of(c.tx(admin(1), "governance", "vote", obj("proposal", id, "approve", false)))).receipts().get(0));
    assertThat(status(c, id)).isEqualTo("open");
    // this yes would decide it, but it comes 1 ms late
    Receipt late = c.blockAt(created + 10_001, List.of(c.tx(admin(2), "governance", "vote", obj("proposal", id, "approve", true)))).receipts().get(0);
    assertThat(eventNames(late)).containsExactly("governance.ProposalExpired");
    assertThat(status(c, id)).isEqualTo("expired");
    assertThat(c.read("governance/proposal/" + id).orElseThrow().path("votes").toString()).isEqualTo("{\"org0\":true,\"org1\":false}");
    assertThat(c.read(GovernanceContract.paramKey("x"))).isEmpty();
    assertThat(reverted(vote(c, admin(2), id, true), "PROPOSAL_CLOSED")).isEqualTo("proposal: already expired");
  }

  @Test
  void aPassedAdmissionCreatesTheOrganisationWhoseMembersCanThenAct() {
    TestChain c = orgs(2).start();
    String id = propose(c, 0, admit("gamma", arr(obj("key", NEW_ADMIN, "roles", arr("admin")), obj("key", NEW_MEMBER, "roles", arr("token.issuer", "data.publisher")))));
    assertThat(c.read("identity/org/gamma")).isEmpty();
    reverted(c.call(NEW_ADMIN, "identity", "enrol", obj("key", key("early"), "roles", arr())), "UNAUTHORIZED");
    Receipt deciding = vote(c, admin(1), id, true);
    assertThat(eventNames(deciding))
        .containsExactly("governance.Voted", "identity.MemberEnrolled", "identity.MemberEnrolled", "identity.OrganisationAdmitted", "governance.ProposalPassed");
    assertThat(c.json("identity/orgs")).contains("[\"gamma\",\"org0\",\"org1\"]");
    assertThat(c.json("identity/org/gamma")).contains("{\"id\":\"gamma\",\"name\":\"Org gamma\",\"status\":\"active\"}");
    assertThat(c.json(Roles.memberKey(NEW_MEMBER.publicKey())))
        .contains("{\"key\":\"" + hex(NEW_MEMBER) + "\",\"org\":\"gamma\",\"roles\":[\"data.publisher\",\"token.issuer\"],\"status\":\"active\"}");
    assertThat(canEnrol(c, NEW_ADMIN, "by-gamma")).isTrue();
    applied(c.call(NEW_MEMBER, "token", "mint", obj("to", NEW_MEMBER, "amount", 3)));
    // three organisations now: the next proposal needs two yes votes, and gamma's admin may cast one
    String next = propose(c, 0, setParameter("x", 1));
    assertThat(status(c, next)).isEqualTo("open");
    applied(vote(c, NEW_ADMIN, next, true));
    assertThat(status(c, next)).isEqualTo("passed");
  }

  @Test
  void aPassedRemovalStripsTheMembersRolesAndShrinksTheElectorate() {
    TestChain c = orgs(3).start();
    String id = propose(c, 0, remove("org2"));
    Receipt deciding = vote(c, admin(1), id, true);
    assertThat(eventNames(deciding)).containsExactly("governance.Voted", "identity.OrganisationRemoved", "governance.ProposalPassed");
    assertThat(c.json("identity/orgs")).contains("[\"org0\",\"org1\"]");
    assertThat(c.json("identity/org/org2")).contains("{\"id\":\"org2\",\"name\":\"Org org2\",\"status\":\"removed\"}");
    reverted(c.call(admin(2), "governance", "propose", obj("action", setParameter("x", 1))), "UNAUTHORIZED");
    assertThat(canEnrol(c, admin(2), "by-removed")).isFalse();
    // two organisations left: one yes is no longer a majority, two are
    String next = propose(c, 1, setParameter("x", 1));
    assertThat(status(c, next)).isEqualTo("open");
    reverted(vote(c, admin(2), next, true), "UNAUTHORIZED");
    applied(vote(c, admin(0), next, true));
    assertThat(status(c, next)).isEqualTo("passed");
  }

  @Test
  void votesOfARemovedOrganisationNoLongerCount() {
    TestChain c = orgs(4).start();
    String pending = propose(c, 3, setParameter("x", 1));
    String removal = propose(c, 0, remove("org3"));
    applied(vote(c, admin(1), removal, true));
    applied(vote(c, admin(2), removal, true));
    assertThat(status(c, removal)).isEqualTo("passed");
    // three active organisations; org3's earlier yes is ignored, so org0's yes alone is not a majority
    applied(vote(c, admin(0), pending, true));
    assertThat(status(c, pending)).isEqualTo("open");
    applied(vote(c, admin(1), pending, true));
    assertThat(status(c, pending)).isEqualTo("passed");
  }

  @Test
  void aPassedParameterChangeWritesTheParameter() {
    TestChain c = orgs(1).start();
    Receipt r = c.call(admin(0), "governance", "propose", obj("action", setParameter("trace.maxBatch", obj("size", 10, "unit", "items"))));
    assertThat(eventNames(r)).containsExactly("governance.Proposed", "governance.Voted", "governance.ParameterChanged", "governance.ProposalPassed");
    assertThat(c.json(GovernanceContract.paramKey("trace.maxBatch"))).contains("{\"size\":10,\"unit\":\"items\"}");
    assertThat(applied(r).get(2).data().utf8()).isEqualTo("{\"name\":\"trace.maxBatch\",\"value\":{\"size\":10,\"unit\":\"items\"}}");
  }

  @Test
  void aChangedVotingPeriodAppliesToLaterProposals() {
    TestChain c = orgs(2).start();
    String change = propose(c, 0, setParameter(GovernanceContract.VOTING_PERIOD, 5_000));
    applied(vote(c, admin(1), change, true));
    assertThat(c.json(GovernanceContract.paramKey(GovernanceContract.VOTING_PERIOD))).contains("5000");
    long t = c.nextTime();
    String id = propose(c, 1, setParameter("x", 1));
    assertThat(c.read("governance/proposal/" + id).orElseThrow().path("deadline").asLong()).isEqualTo(t + 5_000);
  }

  static Stream<Arguments> malformedActions() {
    JsonNode member = obj("key", NEW_ADMIN, "roles", arr("admin"));
    return Stream.of(
        Arguments.of(obj(), "action: required"),
        Arguments.of(obj("action", "admit"), "action: must be an object"),
        Arguments.of(obj("action", obj()), "action.type: required"),
        Arguments.of(obj("action", obj("type", "dissolve")), "action.type: must be admitOrganisation, removeOrganisation, setParameter, contractCall, addNode or removeNode"),
        Arguments.of(obj("action", obj("type", 3)), "action.type: must be a string"),
        Arguments.of(obj("action", setParameter("x", 1), "note", "n"), "note: unknown argument; expected one of action"),
        Arguments.of(obj("action", obj("type", "setParameter", "name", "x")), "action.value: required"),
        Arguments.of(obj("action", setParameter("Bad", 1)), "action.name: must match [a-z][A-Za-z0-9.]{0,63}"),
        Arguments.of(obj("action", obj("type", "setParameter", "name", "x", "value", 1, "extra", 1)), "action.extra: unknown argument; expected one of type, name, value"),
        Arguments.of(obj("action", setParameter(GovernanceContract.VOTING_PERIOD, "soon")), "action.value: must be an integer"),
        Arguments.of(obj("action", setParameter(GovernanceContract.VOTING_PERIOD, 0)), "action.value: must be positive"),
        Arguments.of(obj("action", setParameter(GovernanceContract.VOTING_PERIOD, -1)), "action.value: must be positive"),
        Arguments.of(obj("action", remove("Org 1")), "action.id: must match [a-z0-9][a-z0-9-]{0,63}"),
        Arguments.of(obj("action", obj("type", "removeOrganisation")), "action.id: required"),
        Arguments.of(obj("action", obj("type", "admitOrganisation")), "action.organisation: required"),
        Arguments.of(obj("action", obj("type", "admitOrganisation", "organisation", arr())), "action.organisation: must be an object"),
        Arguments.of(obj("action", obj("type", "admitOrganisation", "organisation", obj("id", "g", "name", "G"))), "action.organisation.members: required"),
        Arguments.of(obj("action", admit("G!", arr(member))), "action.organisation.id: must match [a-z0-9][a-z0-9-]{0,63}"),
        Arguments.of(obj("action", admit("g", arr())), "action.organisation.members: an organisation needs at least one member (its admin)"),
        Arguments.of(obj("action", admit("g", arr("x"))), "action.organisation.members[0]: must be an object"),
        Arguments.of(obj("action", admit("g", arr(member, obj("key", "12", "roles", arr())))), "action.organisation.members[1].key: must be a 32-byte Ed25519 public key in hex"),
        Arguments.of(obj("action", admit("g", arr(obj("key", NEW_ADMIN, "roles", arr("ok", "NOT OK"))))), "action.organisation.members[0].roles[1]: must be a string matching [a-z][a-z0-9.-]{0,63}"),
        Arguments.of(obj("action", admit("g", arr(obj("key", NEW_ADMIN)))), "action.organisation.members[0].roles: required"),
        Arguments.of(obj("action", admit("g", arr(obj("key", NEW_ADMIN, "roles", arr(), "name", "x")))), "action.organisation.members[0].name: unknown argument; expected one of key, roles"),
        Arguments.of(obj("action", admit("g", arr(member, member))), "action.organisation.members[1].key: " + hex(NEW_ADMIN) + " appears twice"));
  }

  @ParameterizedTest
  @MethodSource("malformedActions")
  void aMalformedProposalIsBadArgumentNamingTheField(JsonNode args, String reason) {
    TestChain c = orgs(1).start();
    assertThat(reverted(c.call(admin(0), "governance", "propose", args), "BAD_ARGUMENT")).isEqualTo(reason);
    assertThat(c.snapshot().keySet()).noneMatch(k -> k.startsWith("governance/proposal/") || k.startsWith("governance/param/"));
    assertThat(c.json("identity/orgs")).contains("[\"org0\"]");
  }

  @Test
  void anActionThatCannotBeEnactedRevertsTheDecidingVoteAndLeavesTheProposalOpen() {
    TestChain c = orgs(2).start();
    String existing = propose(c, 0, admit("org1", arr(obj("key", NEW_ADMIN, "roles", arr("admin")))));
    assertThat(reverted(vote(c, admin(1), existing, true), "ORGANISATION_EXISTS")).isEqualTo("id: organisation 'org1' already exists (active)");
    assertThat(status(c, existing)).isEqualTo("open");
    String taken = propose(c, 0, admit("gamma", arr(obj("key", PLAIN, "roles", arr("admin")))));
    reverted(vote(c, admin(1), taken, true), "KEY_IN_USE");
    String unknown = propose(c, 0, remove("nosuch"));
    reverted(vote(c, admin(1), unknown, true), "UNKNOWN_ORGANISATION");
    // such a proposal can still be rejected
    applied(vote(c, admin(1), unknown, false));
    assertThat(status(c, unknown)).isEqualTo("rejected");
    assertThat(c.json("identity/orgs")).contains("[\"org0\",\"org1\"]");
  }

  @Test
  void genesisRefusesABadParameterNamingIt() {
    JsonNode badName = orgs(1).param("Bad", JsonNodeFactory.instance.numberNode(1)).doc();
    assertThatThrownBy(() -> TestChain.start(badName)).hasMessage("genesis: governance: parameters.Bad: parameter names must match [a-z][A-Za-z0-9.]{0,63}");
    JsonNode badPeriod = orgs(1).param(GovernanceContract.VOTING_PERIOD, JsonNodeFactory.instance.textNode("a week")).doc();
    assertThatThrownBy(() -> TestChain.start(badPeriod)).hasMessage("genesis: governance: parameters.governance.votingPeriodMillis: must be an integer");
  }
}
