package org.lazaret.contracts.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.arr;
import static org.lazaret.contracts.TestChain.eventNames;
import static org.lazaret.contracts.TestChain.hex;
import static org.lazaret.contracts.TestChain.key;
import static org.lazaret.contracts.TestChain.obj;
import static org.lazaret.contracts.TestChain.reverted;

import org.junit.jupiter.api.Test;
import org.lazaret.contracts.Roles;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;

/**
 * Goal: show that membership and roles behave as organisations rely on — founding organisations
 * and members come from genesis; only an organisation's own admins enrol, re-role and revoke its
 * members; a key may revoke itself; a revoked key can no longer transact; rotation moves the roles
 * to the new key and strips the old one; a key is never enrolled twice; organisations are admitted
 * and removed only through governance. Method: calls through the executor on an in-memory
 * {@link TestChain} with two organisations, asserting receipt codes, the member records in state,
 * and — the point of roles — whether the key can then do what the role allows (enrol, mint).
 */
class IdentityContractTest {
  static final KeyPair ALPHA_ADMIN = key("alpha-admin");
  static final KeyPair ALPHA_MEMBER = key("alpha-member");
  static final KeyPair BETA_ADMIN = key("beta-admin");
  static final KeyPair NEWCOMER = key("newcomer");
  static final KeyPair NEWCOMER2 = key("newcomer-2");

  static TestChain chain() {
    return TestChain.genesis()
        .org("alpha", ALPHA_ADMIN, "token.issuer", "admin", "admin")
        .member("alpha", ALPHA_MEMBER, "data.publisher")
        .org("beta", BETA_ADMIN, "admin")
        .start();
  }

  static String member(TestChain c, KeyPair k) {
    return c.json(Roles.memberKey(k.publicKey())).orElseThrow();
  }

  static String memberJson(KeyPair k, String org, String status, String... roles) {
    StringBuilder r = new StringBuilder();
    for (String role : roles) {
      r.append(r.isEmpty() ? "" : ",").append('"').append(role).append('"');
    }
    return "{\"key\":\"" + hex(k) + "\",\"org\":\"" + org + "\",\"roles\":[" + r + "],\"status\":\"" + status + "\"}";
  }

  /** Whether {@code k} can currently act as an admin: it tries to enrol a throwaway key. */
  static boolean canEnrol(TestChain c, KeyPair k, String label) {
    return c.call(k, "identity", "enrol", obj("key", key(label), "roles", arr())) instanceof Receipt.Applied;
  }

  @Test
  void genesisCreatesOrganisationsAndMembersWithSortedDeduplicatedRoles() {
    TestChain c = chain();
    assertThat(c.json("identity/orgs")).contains("[\"alpha\",\"beta\"]");
    assertThat(c.json("identity/org/alpha")).contains("{\"id\":\"alpha\",\"name\":\"Org alpha\",\"status\":\"active\"}");
    assertThat(member(c, ALPHA_ADMIN)).isEqualTo(memberJson(ALPHA_ADMIN, "alpha", "active", "admin", "token.issuer"));
    assertThat(member(c, ALPHA_MEMBER)).isEqualTo(memberJson(ALPHA_MEMBER, "alpha", "active", "data.publisher"));
    assertThat(member(c, BETA_ADMIN)).isEqualTo(memberJson(BETA_ADMIN, "beta", "active", "admin"));
  }

  @Test
  void anAdminEnrolsAMemberWithSortedDeduplicatedRoles() {
    TestChain c = chain();
    Receipt r = c.call(ALPHA_ADMIN, "identity", "enrol", obj("key", NEWCOMER, "roles", arr("zeta", "admin", "zeta", "data.publisher")));
    assertThat(eventNames(r)).containsExactly("identity.MemberEnrolled");
    assertThat(applied(r).get(0).data().utf8())
        .isEqualTo("{\"key\":\"" + hex(NEWCOMER) + "\",\"org\":\"alpha\",\"roles\":[\"admin\",\"data.publisher\",\"zeta\"]}");
    assertThat(member(c, NEWCOMER)).isEqualTo(memberJson(NEWCOMER, "alpha", "active", "admin", "data.publisher", "zeta"));
    assertThat(canEnrol(c, NEWCOMER, "by-newcomer")).isTrue();
  }

  @Test
  void aNonAdminCannotEnrol() {
    TestChain c = chain();
    String reason = reverted(c.call(ALPHA_MEMBER, "identity", "enrol", obj("key", NEWCOMER, "roles", arr("admin"))), "UNAUTHORIZED");
    assertThat(reason).isEqualTo("sender " + hex(ALPHA_MEMBER) + " does not hold the role 'admin'");
    reverted(c.call(NEWCOMER2, "identity", "enrol", obj("key", NEWCOMER, "roles", arr("admin"))), "UNAUTHORIZED");
    assertThat(c.read(Roles.memberKey(NEWCOMER.publicKey()))).isEmpty();
  }

  @Test
  void enrolArgumentsAreCheckedNamingTheField() {
    TestChain c = chain();
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "enrol", obj("key", NEWCOMER, "roles", arr("ok", "Admin"))), "BAD_ARGUMENT"))
        .startsWith("roles[1]: must be a string matching");
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "enrol", obj("key", NEWCOMER, "roles", "admin")), "BAD_ARGUMENT"))
        .isEqualTo("roles: must be an array of strings");
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "enrol", obj("key", "abc", "roles", arr())), "BAD_ARGUMENT"))
        .isEqualTo("key: must be a 32-byte Ed25519 public key in hex");
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "enrol", obj("key", NEWCOMER, "roles", arr(), "org", "beta")), "BAD_ARGUMENT"))
        .startsWith("org: unknown argument");
    assertThat(c.read(Roles.memberKey(NEWCOMER.publicKey()))).isEmpty();
  }

  @Test
  void aKeyThatIsOrWasAMemberCannotBeEnrolledAgain() {
    TestChain c = chain();
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "enrol", obj("key", BETA_ADMIN, "roles", arr())), "KEY_IN_USE"))
        .isEqualTo("key: " + hex(BETA_ADMIN) + " is or was already a member key");
    applied(c.call(ALPHA_ADMIN, "identity", "revoke", obj("key", ALPHA_MEMBER)));
    reverted(c.call(ALPHA_ADMIN, "identity", "enrol", obj("key", ALPHA_MEMBER, "roles", arr("admin"))), "KEY_IN_USE");
    assertThat(member(c, BETA_ADMIN)).isEqualTo(memberJson(BETA_ADMIN, "beta", "active", "admin"));
  }

  @Test
  void anAdminSetsRolesOfItsOwnMembers() {
    TestChain c = chain();
    Receipt r = c.call(ALPHA_ADMIN, "identity", "setRoles", obj("key", ALPHA_MEMBER, "roles", arr("token.issuer", "admin", "admin")));
    assertThat(eventNames(r)).containsExactly("identity.RolesChanged");
    assertThat(member(c, ALPHA_MEMBER)).isEqualTo(memberJson(ALPHA_MEMBER, "alpha", "active", "admin", "token.issuer"));
    applied(c.call(ALPHA_MEMBER, "token", "mint", obj("to", ALPHA_MEMBER, "amount", 1)));
    applied(c.call(ALPHA_ADMIN, "identity", "setRoles", obj("key", ALPHA_MEMBER, "roles", arr())));
    reverted(c.call(ALPHA_MEMBER, "token", "mint", obj("to", ALPHA_MEMBER, "amount", 1)), "UNAUTHORIZED");
  }

  @Test
  void setRolesFailures() {
    TestChain c = chain();
    assertThat(reverted(c.call(BETA_ADMIN, "identity", "setRoles", obj("key", ALPHA_MEMBER, "roles", arr("admin"))), "UNAUTHORIZED"))
        .isEqualTo("key: member of 'alpha', not of the sender's organisation 'beta'");
    reverted(c.call(ALPHA_MEMBER, "identity", "setRoles", obj("key", ALPHA_MEMBER, "roles", arr("admin"))), "UNAUTHORIZED");
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "setRoles", obj("key", NEWCOMER, "roles", arr())), "UNKNOWN_MEMBER"))
        .isEqualTo("key: " + hex(NEWCOMER) + " is not a member");
    applied(c.call(ALPHA_ADMIN, "identity", "revoke", obj("key", ALPHA_MEMBER)));
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "setRoles", obj("key", ALPHA_MEMBER, "roles", arr("admin"))), "KEY_REVOKED"))
        .isEqualTo("key: " + hex(ALPHA_MEMBER) + " is revoked");
    assertThat(member(c, ALPHA_MEMBER)).contains("\"roles\":[\"data.publisher\"]");
  }

  @Test
  void anAdminRevokesAMemberWhoseLaterTransactionsRevertKeyRevoked() {
    TestChain c = chain();
    long t = c.nextTime();
    Receipt r = c.call(ALPHA_ADMIN, "identity", "revoke", obj("key", ALPHA_MEMBER));
    assertThat(eventNames(r)).containsExactly("identity.KeyRevoked");
    assertThat(member(c, ALPHA_MEMBER))
        .isEqualTo("{\"key\":\"" + hex(ALPHA_MEMBER) + "\",\"org\":\"alpha\",\"revokedAt\":" + t + ",\"roles\":[\"data.publisher\"],\"status\":\"revoked\"}");
    reverted(c.call(ALPHA_MEMBER, "token", "transfer", obj("to", ALPHA_ADMIN, "amount", 1)), "KEY_REVOKED");
    reverted(c.call(ALPHA_MEMBER, "identity", "rotate", obj("newKey", NEWCOMER)), "KEY_REVOKED");
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "revoke", obj("key", ALPHA_MEMBER)), "KEY_REVOKED")).isEqualTo("key: already revoked");
  }

  @Test
  void aKeyRevokesItself() {
    TestChain c = chain();
    applied(c.call(ALPHA_MEMBER, "identity", "revoke", obj("key", ALPHA_MEMBER)));
    assertThat(member(c, ALPHA_MEMBER)).contains("\"status\":\"revoked\"");
    reverted(c.call(ALPHA_MEMBER, "identity", "revoke", obj("key", ALPHA_MEMBER)), "KEY_REVOKED");
    // an admin revoking itself loses the admin role with the key
    applied(c.call(BETA_ADMIN, "identity", "revoke", obj("key", BETA_ADMIN)));
    reverted(c.call(BETA_ADMIN, "identity", "enrol", obj("key", NEWCOMER, "roles", arr())), "KEY_REVOKED");
  }

  @Test
  void onlyAnAdminOfTheMembersOwnOrganisationRevokes() {
    TestChain c = chain();
    reverted(c.call(BETA_ADMIN, "identity", "revoke", obj("key", ALPHA_MEMBER)), "UNAUTHORIZED");
    reverted(c.call(ALPHA_MEMBER, "identity", "revoke", obj("key", ALPHA_ADMIN)), "UNAUTHORIZED");
    reverted(c.call(NEWCOMER, "identity", "revoke", obj("key", NEWCOMER)), "UNKNOWN_MEMBER");
    reverted(c.call(ALPHA_ADMIN, "identity", "revoke", obj("key", NEWCOMER)), "UNKNOWN_MEMBER");
    assertThat(member(c, ALPHA_MEMBER)).contains("\"status\":\"active\"");
    assertThat(member(c, ALPHA_ADMIN)).contains("\"status\":\"active\"");
  }

  @Test
  void rotateMovesTheRolesToTheNewKeyAndTheOldKeyLosesThem() {
    TestChain c = chain();
    Receipt r = c.call(ALPHA_ADMIN, "identity", "rotate", obj("newKey", NEWCOMER));
    assertThat(eventNames(r)).containsExactly("identity.MemberEnrolled", "identity.KeyRotated");
    assertThat(member(c, NEWCOMER)).isEqualTo(memberJson(NEWCOMER, "alpha", "active", "admin", "token.issuer"));
    assertThat(member(c, ALPHA_ADMIN))
        .isEqualTo("{\"key\":\"" + hex(ALPHA_ADMIN) + "\",\"org\":\"alpha\",\"roles\":[\"admin\",\"token.issuer\"],\"rotatedTo\":\"" + hex(NEWCOMER) + "\",\"status\":\"rotated\"}");
    assertThat(canEnrol(c, ALPHA_ADMIN, "by-old")).isFalse();
    reverted(c.call(ALPHA_ADMIN, "token", "mint", obj("to", ALPHA_ADMIN, "amount", 1)), "UNAUTHORIZED");
    reverted(c.call(ALPHA_ADMIN, "identity", "rotate", obj("newKey", NEWCOMER2)), "UNAUTHORIZED");
    assertThat(canEnrol(c, NEWCOMER, "by-new")).isTrue();
    applied(c.call(NEWCOMER, "token", "mint", obj("to", NEWCOMER, "amount", 1)));
    // the new key now administers the old one, e.g. to revoke it for good
    applied(c.call(NEWCOMER, "identity", "revoke", obj("key", ALPHA_ADMIN)));
    reverted(c.call(ALPHA_ADMIN, "token", "transfer", obj("to", NEWCOMER, "amount", 1)), "KEY_REVOKED");
  }

  @Test
  void rotateFailures() {
    TestChain c = chain();
    assertThat(reverted(c.call(ALPHA_MEMBER, "identity", "rotate", obj("newKey", BETA_ADMIN)), "KEY_IN_USE")).contains(hex(BETA_ADMIN));
    reverted(c.call(ALPHA_MEMBER, "identity", "rotate", obj("newKey", ALPHA_MEMBER)), "KEY_IN_USE");
    assertThat(reverted(c.call(NEWCOMER, "identity", "rotate", obj("newKey", NEWCOMER2)), "UNAUTHORIZED")).isEqualTo("sender is not an active member");
    reverted(c.call(ALPHA_MEMBER, "identity", "rotate", obj("newKey", "00")), "BAD_ARGUMENT");
    assertThat(member(c, ALPHA_MEMBER)).isEqualTo(memberJson(ALPHA_MEMBER, "alpha", "active", "data.publisher"));
    assertThat(c.read(Roles.memberKey(NEWCOMER2.publicKey()))).isEmpty();
  }

  @Test
  void organisationsAreAdmittedAndRemovedOnlyThroughGovernance() {
    TestChain c = chain();
    var org = obj("id", "gamma", "name", "Gamma", "members", arr(obj("key", NEWCOMER, "roles", arr("admin"))));
    assertThat(reverted(c.call(ALPHA_ADMIN, "identity", "admitOrganisation", org), "UNAUTHORIZED"))
        .isEqualTo("organisations are admitted and removed only by a governance vote");
    reverted(c.call(NEWCOMER, "identity", "admitOrganisation", org), "UNAUTHORIZED");
    reverted(c.call(ALPHA_ADMIN, "identity", "removeOrganisation", obj("id", "beta")), "UNAUTHORIZED");
    reverted(c.call(BETA_ADMIN, "identity", "removeOrganisation", obj("id", "beta")), "UNAUTHORIZED");
    assertThat(c.read("identity/org/gamma")).isEmpty();
    assertThat(c.json("identity/orgs")).contains("[\"alpha\",\"beta\"]");
    assertThat(canEnrol(c, BETA_ADMIN, "still-beta")).isTrue();
  }
}
