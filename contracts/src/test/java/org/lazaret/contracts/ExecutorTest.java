package org.lazaret.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.eventNames;
import static org.lazaret.contracts.TestChain.hex;
import static org.lazaret.contracts.TestChain.key;
import static org.lazaret.contracts.TestChain.obj;
import static org.lazaret.contracts.TestChain.reverted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lazaret.contracts.governance.GovernanceContract;
import org.lazaret.contracts.identity.IdentityContract;
import org.lazaret.contracts.token.TokenContract;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * Goal: show that the executor applies the rules every node must agree on around a contract call —
 * chain id, expiry, nonce (consumed or not, per failure), revoked keys, unknown contracts and
 * methods, write confinement to a contract's own prefix, all-or-nothing calls (nested ones too),
 * events only on success, and byte-identical results when a block is executed twice. Method: an
 * in-memory {@link TestChain} running the built-in contracts plus {@link ScriptedContract}s that
 * misbehave on purpose; each test checks the receipt code, the reason, and the exact write-set.
 */
class ExecutorTest {
  static final KeyPair ADMIN = key("admin");
  static final KeyPair MEMBER = key("member");
  static final KeyPair OTHER = key("other-admin");
  static final KeyPair OUTSIDER = key("outsider");

  static final ScriptedContract SCRATCH =
      new ScriptedContract(
          "scratch",
          Map.of(
              "put",
              (a, ctx) -> {
                ctx.write("scratch/" + a.path("k").asText(), a.path("v"));
                ctx.emit("Put", a);
              },
              "putThenFail",
              (a, ctx) -> {
                ctx.write("scratch/x", a);
                ctx.emit("Put", a);
                throw new Revert("NOPE", "failed after writing");
              },
              "writeForeign",
              (a, ctx) -> ctx.write(a.path("key").asText(), a),
              "deleteForeign",
              (a, ctx) -> ctx.delete(a.path("key").asText()),
              "writeHuge",
              (a, ctx) -> ctx.write("scratch/huge", JsonNodeFactory.instance.textNode("x".repeat(Limits.STATE_VALUE_BYTES_MAX + 1)))));

  static final ScriptedContract OUTER =
      new ScriptedContract(
          "outer",
          Map.of(
              "catchNested",
              (a, ctx) -> {
                try {
                  ctx.invoke("scratch", "putThenFail", obj("n", 1));
                } catch (Revert r) {
                  ctx.write("outer/after", obj("caught", r.code()));
                }
                ctx.emit("After", obj());
              },
              "nestedOk",
              (a, ctx) -> {
                ctx.invoke("scratch", "put", obj("k", "nested", "v", 7));
                ctx.write("outer/after", obj());
              },
              "recurse",
              (a, ctx) -> ctx.invoke("outer", "recurse", obj()),
              "invokeMissing",
              (a, ctx) -> ctx.invoke("nosuch", "x", obj()),
              "invokeUnknownMethod",
              (a, ctx) -> ctx.invoke("scratch", "nosuch", obj()),
              "invokeNonObject",
              (a, ctx) -> ctx.invoke("scratch", "put", JsonNodeFactory.instance.arrayNode())));

  static TestChain chain() {
    return TestChain.genesis()
        .org("alpha", ADMIN, "admin", "token.issuer")
        .member("alpha", MEMBER, "data.publisher")
        .org("beta", OTHER, "admin")
        .balance(ADMIN, 1000)
        .balance(MEMBER, 50)
        .start(SCRATCH, OUTER);
  }

  static JsonNode transfer(KeyPair to, long amount) {
    return obj("to", to, "amount", amount);
  }

  @Test
  void genesisWritesEveryContractsStateAndNoNonces() {
    TestChain c = chain();
    assertThat(c.json("identity/orgs")).contains("[\"alpha\",\"beta\"]");
    assertThat(c.read("token/supply").orElseThrow().longValue()).isEqualTo(1050);
    assertThat(c.snapshot().keySet()).noneMatch(k -> k.startsWith("nonce/"));
    assertThat(c.nonce(ADMIN)).isZero();
  }

  @Test
  void genesisIsDeterministicAndRefusesABadDocumentNamingTheContractAndField() {
    JsonNode doc = TestChain.genesis().org("alpha", ADMIN, "admin").balance(ADMIN, 5).doc();
    Executor e = new Executor(TestChain.CHAIN, List.of(new TokenContract(), new IdentityContract(), new GovernanceContract()));
    assertThat(e.genesis(doc, 1)).isEqualTo(TestChain.start(doc).executor().genesis(doc, 1));

    JsonNode dup = TestChain.genesis().org("alpha", ADMIN, "admin").org("beta", ADMIN, "admin").doc();
    assertThatThrownBy(() -> e.genesis(dup, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("genesis: identity: key: ");
    JsonNode zero = TestChain.genesis().balance(ADMIN, 0).doc();
    assertThatThrownBy(() -> e.genesis(zero, 1)).isInstanceOf(IllegalArgumentException.class).hasMessage("genesis: token: amount: must be positive");
    JsonNode badKey = TestChain.genesis().org("alpha", ADMIN, "admin").doc();
    ((com.fasterxml.jackson.databind.node.ObjectNode) badKey.get("organisations").get(0).get("members").get(0)).put("key", "beef");
    assertThatThrownBy(() -> e.genesis(badKey, 1)).hasMessage("genesis: identity: members[0].key: must be a 32-byte Ed25519 public key in hex");
  }

  @Test
  void twoContractsWithOneNameAreRefused() {
    assertThatThrownBy(() -> new Executor("c", List.of(new TokenContract(), new TokenContract()))).hasMessageContaining("two contracts named token");
  }

  @Test
  void wrongChainRevertsWithoutConsumingTheNonce() {
    TestChain c = chain();
    SignedTransaction tx = Transaction.of("other-chain", ADMIN.publicKey(), 0, "token", "transfer", transfer(MEMBER, 1), c.nextTime() + 1000).sign(ADMIN);
    Executor.BlockOutcome out = c.block(tx);
    assertThat(reverted(out.receipts().get(0), "WRONG_CHAIN")).contains("other-chain");
    assertThat(out.writes()).isEmpty();
    assertThat(c.nonce(ADMIN)).isZero();
  }

  @Test
  void expiredRevertsWithoutConsumingTheNonceAndTheExpiryInstantItselfIsStillValid() {
    TestChain c = chain();
    long t = c.nextTime();
    SignedTransaction late = Transaction.of(TestChain.CHAIN, ADMIN.publicKey(), 0, "token", "transfer", transfer(MEMBER, 1), t - 1).sign(ADMIN);
    Executor.BlockOutcome out = c.blockAt(t, List.of(late));
    assertThat(reverted(out.receipts().get(0), "EXPIRED")).isEqualTo("expired at " + (t - 1) + ", block time " + t);
    assertThat(out.writes()).isEmpty();
    assertThat(c.nonce(ADMIN)).isZero();

    long t2 = c.nextTime();
    SignedTransaction onTime = Transaction.of(TestChain.CHAIN, ADMIN.publicKey(), 0, "token", "transfer", transfer(MEMBER, 1), t2).sign(ADMIN);
    applied(c.blockAt(t2, List.of(onTime)).receipts().get(0));
    assertThat(c.nonce(ADMIN)).isEqualTo(1);
  }

  @Test
  void aNonceGapRevertsWithoutConsumingTheNonce() {
    TestChain c = chain();
    Executor.BlockOutcome out = c.block(c.tx(ADMIN, 1, "token", "transfer", transfer(MEMBER, 1)));
    assertThat(reverted(out.receipts().get(0), "NONCE_MISMATCH")).isEqualTo("nonce 1, expected 0");
    assertThat(out.writes()).isEmpty();
    assertThat(c.nonce(ADMIN)).isZero();
  }

  @Test
  void aReplayedTransactionRevertsInTheSameBlockAndInALaterOne() {
    TestChain c = chain();
    SignedTransaction tx = c.tx(ADMIN, "token", "transfer", transfer(MEMBER, 10));
    Executor.BlockOutcome out = c.block(tx, tx);
    applied(out.receipts().get(0));
    assertThat(reverted(out.receipts().get(1), "NONCE_MISMATCH")).isEqualTo("nonce 0, expected 1");
    assertThat(c.read(TokenContract.balanceKey(MEMBER.publicKey())).orElseThrow().longValue()).isEqualTo(60);

    Executor.BlockOutcome again = c.block(tx);
    reverted(again.receipts().get(0), "NONCE_MISMATCH");
    assertThat(again.writes()).isEmpty();
    assertThat(c.nonce(ADMIN)).isEqualTo(1);
    assertThat(c.read(TokenContract.balanceKey(MEMBER.publicKey())).orElseThrow().longValue()).isEqualTo(60);
  }

  @Test
  void aRevokedKeysTransactionsRevertWithoutConsumingTheNonce() {
    TestChain c = chain();
    applied(c.call(ADMIN, "identity", "revoke", obj("key", MEMBER)));
    long before = c.nonce(MEMBER);
    Executor.BlockOutcome out = c.block(c.tx(MEMBER, "token", "transfer", transfer(ADMIN, 1)));
    assertThat(reverted(out.receipts().get(0), "KEY_REVOKED")).contains(hex(MEMBER));
    assertThat(out.writes()).isEmpty();
    assertThat(c.nonce(MEMBER)).isEqualTo(before);
  }

  @Test
  void theFirstFailingCheckDecidesTheCode() {
    TestChain c = chain();
    applied(c.call(ADMIN, "identity", "revoke", obj("key", MEMBER)));
    // revoked AND wrong nonce: the nonce is checked first
    reverted(c.block(c.tx(MEMBER, 5, "token", "transfer", transfer(ADMIN, 1))).receipts().get(0), "NONCE_MISMATCH");
    // wrong chain AND expired: the chain is checked first
    SignedTransaction both = Transaction.of("x", ADMIN.publicKey(), 9, "token", "transfer", transfer(MEMBER, 1), 1).sign(ADMIN);
    reverted(c.block(both).receipts().get(0), "WRONG_CHAIN");
  }

  @Test
  void anUnknownContractRevertsAndConsumesTheNonce() {
    TestChain c = chain();
    Executor.BlockOutcome out = c.block(c.tx(ADMIN, "nosuch", "transfer", obj()));
    assertThat(reverted(out.receipts().get(0), "UNKNOWN_CONTRACT")).isEqualTo("no contract named 'nosuch'");
    assertThat(out.writes().keySet()).containsExactly(Executor.nonceKey(ADMIN.publicKey()));
    assertThat(c.nonce(ADMIN)).isEqualTo(1);
  }

  @Test
  void anUnknownMethodRevertsAndConsumesTheNonce() {
    TestChain c = chain();
    Executor.BlockOutcome out = c.block(c.tx(ADMIN, "token", "steal", obj()));
    assertThat(reverted(out.receipts().get(0), "UNKNOWN_METHOD")).isEqualTo("contract 'token' has no method 'steal'");
    assertThat(out.writes().keySet()).containsExactly(Executor.nonceKey(ADMIN.publicKey()));
    assertThat(c.nonce(ADMIN)).isEqualTo(1);
  }

  @Test
  void aBadArgumentNamesTheFieldAndConsumesTheNonce() {
    TestChain c = chain();
    assertThat(reverted(c.call(ADMIN, "token", "transfer", obj("to", "zz", "amount", 1)), "BAD_ARGUMENT")).startsWith("to: ");
    assertThat(reverted(c.call(ADMIN, "token", "transfer", obj("to", MEMBER)), "BAD_ARGUMENT")).isEqualTo("amount: required");
    assertThat(c.nonce(ADMIN)).isEqualTo(2);
  }

  @Test
  void aRevertedCallLeavesNoWritesExceptTheNonceAndNoEvents() {
    TestChain c = chain();
    TreeMap<String, Bytes> before = c.snapshot();
    Executor.BlockOutcome out = c.block(c.tx(OUTSIDER, "scratch", "putThenFail", obj("a", 1)));
    assertThat(reverted(out.receipts().get(0), "NOPE")).isEqualTo("failed after writing");
    assertThat(out.writes().keySet()).containsExactly(Executor.nonceKey(OUTSIDER.publicKey()));
    TreeMap<String, Bytes> after = c.snapshot();
    after.remove(Executor.nonceKey(OUTSIDER.publicKey()));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void eventsOfARevertedCallDoNotLeakIntoTheNextReceipt() {
    TestChain c = chain();
    Executor.BlockOutcome out =
        c.block(c.tx(OUTSIDER, "scratch", "putThenFail", obj("a", 1)), c.tx(OUTSIDER, "scratch", "put", obj("k", "y", "v", 2)));
    assertThat(out.receipts().get(0)).isInstanceOf(Receipt.Reverted.class);
    assertThat(eventNames(out.receipts().get(1))).containsExactly("scratch.Put");
    assertThat(applied(out.receipts().get(1)).get(0).data().utf8()).isEqualTo("{\"k\":\"y\",\"v\":2}");
    assertThat(out.writes()).containsKey("scratch/y").doesNotContainKey("scratch/x");
  }

  @Test
  void writingOrDeletingOutsideTheOwnPrefixRevertsUnauthorized() {
    TestChain c = chain();
    String balance = TokenContract.balanceKey(ADMIN.publicKey());
    for (String key : List.of(balance, "nonce/" + hex(ADMIN), "scratchy/x", "scratch", "identity/orgs")) {
      Executor.BlockOutcome out = c.block(c.tx(OUTSIDER, "scratch", "writeForeign", obj("key", key)));
      assertThat(reverted(out.receipts().get(0), "UNAUTHORIZED")).isEqualTo("contract 'scratch' may not write key '" + key + "'");
      assertThat(out.writes().keySet()).containsExactly(Executor.nonceKey(OUTSIDER.publicKey()));
    }
    Executor.BlockOutcome del = c.block(c.tx(OUTSIDER, "scratch", "deleteForeign", obj("key", balance)));
    reverted(del.receipts().get(0), "UNAUTHORIZED");
    assertThat(c.read(balance).orElseThrow().longValue()).isEqualTo(1000);
  }

  @Test
  void aValueOverTheSizeLimitRevertsStateLimit() {
    TestChain c = chain();
    assertThat(reverted(c.call(OUTSIDER, "scratch", "writeHuge", obj()), "STATE_LIMIT")).contains("over the limit");
    assertThat(c.read("scratch/huge")).isEmpty();
  }

  @Test
  void aNestedCallThatSucceedsKeepsItsWritesAndEvents() {
    TestChain c = chain();
    Receipt r = c.call(OUTSIDER, "outer", "nestedOk", obj());
    assertThat(eventNames(r)).containsExactly("scratch.Put");
    assertThat(c.json("scratch/nested")).contains("7");
    assertThat(c.read("outer/after")).isPresent();
  }

  @Test
  void aNestedRevertCaughtByTheCallerDiscardsTheNestedWritesAndEvents() {
    TestChain c = chain();
    Executor.BlockOutcome out = c.block(c.tx(OUTSIDER, "outer", "catchNested", obj()));
    assertThat(eventNames(out.receipts().get(0))).containsExactly("outer.After");
    assertThat(out.writes()).containsKey("outer/after").doesNotContainKey("scratch/x");
    assertThat(c.json("outer/after")).contains("{\"caught\":\"NOPE\"}");
  }

  @Test
  void nestedCallFailuresRevertTheWholeTransaction() {
    TestChain c = chain();
    assertThat(reverted(c.call(OUTSIDER, "outer", "recurse", obj()), "STATE_LIMIT")).contains("nested deeper than 4");
    assertThat(reverted(c.call(OUTSIDER, "outer", "invokeMissing", obj()), "UNKNOWN_CONTRACT")).isEqualTo("no contract named 'nosuch'");
    reverted(c.call(OUTSIDER, "outer", "invokeUnknownMethod", obj()), "UNKNOWN_METHOD");
    assertThat(reverted(c.call(OUTSIDER, "outer", "invokeNonObject", obj()), "BAD_ARGUMENT")).isEqualTo("args: must be a JSON object");
    assertThat(c.nonce(OUTSIDER)).isEqualTo(4);
  }

  @Test
  void laterTransactionsInABlockSeeEarlierWrites() {
    TestChain c = chain();
    Executor.BlockOutcome out =
        c.block(c.tx(ADMIN, "token", "transfer", transfer(OUTSIDER, 400)), c.tx(OUTSIDER, "token", "transfer", transfer(MEMBER, 400)));
    applied(out.receipts().get(0));
    applied(out.receipts().get(1));
    assertThat(c.read(TokenContract.balanceKey(OUTSIDER.publicKey()))).isEmpty();
    assertThat(c.read(TokenContract.balanceKey(MEMBER.publicKey())).orElseThrow().longValue()).isEqualTo(450);
  }

  @Test
  void executingTheSameBlockTwiceFromTheSameStateIsByteIdentical() {
    TestChain c = chain();
    List<SignedTransaction> txs = new ArrayList<>();
    txs.add(c.tx(ADMIN, "token", "transfer", transfer(MEMBER, 5)));
    txs.add(c.tx(MEMBER, "token", "transfer", transfer(OUTSIDER, 50)));
    txs.add(c.tx(ADMIN, "identity", "enrol", obj("key", OUTSIDER, "roles", TestChain.arr("b", "a"))));
    txs.add(c.tx(OTHER, "governance", "propose", obj("action", obj("type", "setParameter", "name", "x", "value", 1))));
    txs.add(c.tx(OUTSIDER, "scratch", "putThenFail", obj()));
    txs.add(c.tx(ADMIN, 7, "token", "mint", transfer(ADMIN, 1)));
    txs.add(c.tx(ADMIN, "token", "mint", transfer(OUTSIDER, 9)));
    long time = c.nextTime();
    Executor.BlockOutcome first = c.executor().executeBlock(c.view(), 1, time, txs);
    Executor.BlockOutcome second = c.executor().executeBlock(c.view(), 1, time, txs);
    Executor fresh = TestChain.start(TestChain.genesis().doc(), SCRATCH, OUTER).executor();
    Executor.BlockOutcome third = fresh.executeBlock(c.view(), 1, time, txs);
    for (Executor.BlockOutcome other : List.of(second, third)) {
      assertThat(encoded(other.receipts())).isEqualTo(encoded(first.receipts()));
      assertThat(other.writes()).isEqualTo(first.writes());
      assertThat(List.copyOf(other.writes().keySet())).isEqualTo(List.copyOf(first.writes().keySet()));
    }
    assertThat(first.receipts()).hasOnlyElementsOfTypes(Receipt.Applied.class, Receipt.Reverted.class);
    assertThat(first.receipts().stream().filter(r -> r instanceof Receipt.Reverted).count()).isEqualTo(2);
  }

  @Test
  void executingABlockDoesNotChangeTheStateItReads() {
    TestChain c = chain();
    TreeMap<String, Bytes> before = c.snapshot();
    c.executor().executeBlock(c.view(), 1, c.nextTime(), List.of(c.tx(ADMIN, "token", "transfer", transfer(MEMBER, 5))));
    assertThat(c.snapshot()).isEqualTo(before);
  }

  private static List<String> encoded(List<Receipt> receipts) {
    return receipts.stream().map(r -> Bytes.owning(r.encode()).hex()).toList();
  }
}
