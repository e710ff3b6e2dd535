package org.lazaret.contracts.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.eventNames;
import static org.lazaret.contracts.TestChain.hex;
import static org.lazaret.contracts.TestChain.key;
import static org.lazaret.contracts.TestChain.obj;
import static org.lazaret.contracts.TestChain.reverted;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lazaret.contracts.Revert;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;

/**
 * Goal: pin down what a token holder and an issuer rely on — transfers move exactly the amount,
 * never more than held; only keys holding {@code token.issuer} in an active organisation mint and
 * burn; every malformed amount or argument is refused with {@code BAD_ARGUMENT} naming the field;
 * the supply cannot overflow. Method: calls through the executor on an in-memory {@link TestChain},
 * checking receipt codes, reasons, events and the balance and supply keys after each block; the
 * admission-time {@code check} is compared with the call for the same bad input.
 */
class TokenContractTest {
  static final KeyPair ISSUER = key("issuer");
  static final KeyPair HOLDER = key("holder");
  static final KeyPair MEMBER = key("plain-member");
  static final KeyPair STRANGER = key("stranger");

  static TestChain chain() {
    return TestChain.genesis()
        .org("bank", ISSUER, "admin", "token.issuer")
        .member("bank", MEMBER, "data.publisher")
        .balance(ISSUER, 1_000)
        .balance(HOLDER, 300)
        .balance(MEMBER, 20)
        .start();
  }

  static long balance(TestChain c, KeyPair k) {
    return c.longAt(TokenContract.balanceKey(k.publicKey()));
  }

  static long supply(TestChain c) {
    return c.longAt("token/supply");
  }

  @Test
  void genesisSetsBalancesSupplyAndTokenInfo() {
    TestChain c = chain();
    assertThat(balance(c, ISSUER)).isEqualTo(1000);
    assertThat(balance(c, HOLDER)).isEqualTo(300);
    assertThat(supply(c)).isEqualTo(1320);
    assertThat(c.json("token/info")).contains("{\"decimals\":0,\"name\":\"Test credit\",\"symbol\":\"TST\"}");
  }

  @Test
  void genesisAddsRepeatedBalanceEntriesAndDefaultsTheTokenInfo() {
    JsonNode doc = TestChain.genesis().balance(HOLDER, 5).balance(HOLDER, 7).doc();
    ((com.fasterxml.jackson.databind.node.ObjectNode) doc).remove("token");
    TestChain c = TestChain.start(doc);
    assertThat(balance(c, HOLDER)).isEqualTo(12);
    assertThat(supply(c)).isEqualTo(12);
    assertThat(c.json("token/info")).contains("{\"decimals\":2,\"name\":\"Lazaret credit\",\"symbol\":\"LZC\"}");
  }

  @Test
  void genesisRefusesBalancesWhoseTotalOverflows() {
    JsonNode doc = TestChain.genesis().balance(HOLDER, Long.MAX_VALUE).balance(ISSUER, 1).doc();
    assertThatThrownBy(() -> TestChain.start(doc)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("genesis: token: balances");
  }

  @Test
  void transferMovesTheAmountAndEmitsAnEvent() {
    TestChain c = chain();
    Receipt r = c.call(HOLDER, "token", "transfer", obj("to", STRANGER, "amount", 120));
    assertThat(eventNames(r)).containsExactly("token.Transferred");
    assertThat(applied(r).get(0).data().utf8()).isEqualTo("{\"amount\":120,\"from\":\"" + hex(HOLDER) + "\",\"to\":\"" + hex(STRANGER) + "\"}");
    assertThat(balance(c, HOLDER)).isEqualTo(180);
    assertThat(balance(c, STRANGER)).isEqualTo(120);
    assertThat(supply(c)).isEqualTo(1320);
  }

  @Test
  void transferringTheWholeBalanceDeletesTheBalanceKey() {
    TestChain c = chain();
    applied(c.call(HOLDER, "token", "transfer", obj("to", STRANGER, "amount", 300)));
    assertThat(c.read(TokenContract.balanceKey(HOLDER.publicKey()))).isEmpty();
    assertThat(balance(c, STRANGER)).isEqualTo(300);
  }

  @Test
  void transferBeyondTheBalanceRevertsInsufficientFundsAndChangesNothing() {
    TestChain c = chain();
    TreeMap<String, Bytes> before = c.snapshot();
    String reason = reverted(c.call(HOLDER, "token", "transfer", obj("to", STRANGER, "amount", 301)), "INSUFFICIENT_FUNDS");
    assertThat(reason).isEqualTo("amount: 301 exceeds the sender's balance of 300");
    TreeMap<String, Bytes> after = c.snapshot();
    after.remove("nonce/" + hex(HOLDER));
    assertThat(after).isEqualTo(before);
    // a key that never held anything
    reverted(c.call(STRANGER, "token", "transfer", obj("to", HOLDER, "amount", 1)), "INSUFFICIENT_FUNDS");
  }

  @Test
  void transferToSelfKeepsTheBalanceButStillNeedsTheFunds() {
    TestChain c = chain();
    Receipt r = c.call(HOLDER, "token", "transfer", obj("to", HOLDER, "amount", 300));
    assertThat(eventNames(r)).containsExactly("token.Transferred");
    assertThat(balance(c, HOLDER)).isEqualTo(300);
    reverted(c.call(HOLDER, "token", "transfer", obj("to", HOLDER, "amount", 301)), "INSUFFICIENT_FUNDS");
    assertThat(balance(c, HOLDER)).isEqualTo(300);
    assertThat(supply(c)).isEqualTo(1320);
  }

  @Test
  void theIssuerMintsAndBurns() {
    TestChain c = chain();
    Receipt m = c.call(ISSUER, "token", "mint", obj("to", STRANGER, "amount", 50));
    assertThat(eventNames(m)).containsExactly("token.Minted");
    assertThat(balance(c, STRANGER)).isEqualTo(50);
    assertThat(supply(c)).isEqualTo(1370);
    Receipt b = c.call(ISSUER, "token", "burn", obj("amount", 1000));
    assertThat(eventNames(b)).containsExactly("token.Burned");
    assertThat(applied(b).get(0).data().utf8()).isEqualTo("{\"amount\":1000,\"from\":\"" + hex(ISSUER) + "\"}");
    assertThat(c.read(TokenContract.balanceKey(ISSUER.publicKey()))).isEmpty();
    assertThat(supply(c)).isEqualTo(370);
    assertThat(reverted(c.call(ISSUER, "token", "burn", obj("amount", 1)), "INSUFFICIENT_FUNDS")).isEqualTo("amount: 1 exceeds the sender's balance of 0");
  }

  @Test
  void mintAndBurnWithoutTheIssuerRoleRevertUnauthorized() {
    TestChain c = chain();
    for (KeyPair k : List.of(MEMBER, HOLDER, STRANGER)) {
      String reason = reverted(c.call(k, "token", "mint", obj("to", k, "amount", 5)), "UNAUTHORIZED");
      assertThat(reason).isEqualTo("sender " + hex(k) + " does not hold the role 'token.issuer'");
      reverted(c.call(k, "token", "burn", obj("amount", 5)), "UNAUTHORIZED");
    }
    assertThat(supply(c)).isEqualTo(1320);
  }

  @Test
  void anIssuerLosesTheRightToMintOnceRevokedOrRolesChange() {
    TestChain c = chain();
    KeyPair second = key("second-issuer");
    applied(c.call(ISSUER, "identity", "enrol", obj("key", second, "roles", TestChain.arr("token.issuer"))));
    applied(c.call(second, "token", "mint", obj("to", second, "amount", 1)));
    applied(c.call(ISSUER, "identity", "setRoles", obj("key", second, "roles", TestChain.arr("data.publisher"))));
    reverted(c.call(second, "token", "mint", obj("to", second, "amount", 1)), "UNAUTHORIZED");
    applied(c.call(ISSUER, "identity", "revoke", obj("key", ISSUER)));
    reverted(c.call(ISSUER, "token", "mint", obj("to", ISSUER, "amount", 1)), "KEY_REVOKED");
  }

  @Test
  void unknownArgumentNamesAreRejected() {
    TestChain c = chain();
    assertThat(reverted(c.call(HOLDER, "token", "transfer", obj("to", STRANGER, "amount", 1, "memo", "hi")), "BAD_ARGUMENT"))
        .isEqualTo("memo: unknown argument; expected one of to, amount");
    assertThat(reverted(c.call(ISSUER, "token", "burn", obj("amount", 1, "to", HOLDER)), "BAD_ARGUMENT")).startsWith("to: unknown argument");
    assertThat(reverted(c.call(ISSUER, "token", "mint", obj("To", HOLDER, "amount", 1)), "BAD_ARGUMENT")).startsWith("To: unknown argument");
    assertThat(balance(c, STRANGER)).isZero();
  }

  static List<Object[]> badAmounts() {
    return List.of(
        new Object[] {0, "amount: must be positive"},
        new Object[] {-5, "amount: must be positive"},
        new Object[] {Long.MIN_VALUE, "amount: must be positive"},
        new Object[] {"100", "amount: must be an integer"},
        new Object[] {"1.5", "amount: must be an integer"},
        new Object[] {true, "amount: must be an integer"},
        new Object[] {obj("v", 1), "amount: must be an integer"},
        new Object[] {BigInteger.TWO.pow(63), "amount: must be at most 9223372036854775807"},
        new Object[] {BigInteger.TEN.pow(40), "amount: must be at most 9223372036854775807"},
        new Object[] {BigInteger.TEN.pow(40).negate(), "amount: must be positive"});
  }

  @ParameterizedTest
  @MethodSource("badAmounts")
  void amountsMustBePositiveIntegersThatFitInALong(Object amount, String reason) {
    TestChain c = chain();
    assertThat(reverted(c.call(HOLDER, "token", "transfer", obj("to", STRANGER, "amount", amount)), "BAD_ARGUMENT")).isEqualTo(reason);
    assertThat(reverted(c.call(ISSUER, "token", "mint", obj("to", STRANGER, "amount", amount)), "BAD_ARGUMENT")).isEqualTo(reason);
    assertThat(reverted(c.call(ISSUER, "token", "burn", obj("amount", amount)), "BAD_ARGUMENT")).isEqualTo(reason);
    TokenContract t = new TokenContract();
    assertThatThrownBy(() -> t.check("transfer", obj("to", STRANGER, "amount", amount))).isInstanceOf(Revert.class).hasMessage(reason);
    assertThatThrownBy(() -> t.check("burn", obj("amount", amount))).isInstanceOf(Revert.class).hasMessage(reason);
    assertThat(supply(c)).isEqualTo(1320);
    assertThat(balance(c, STRANGER)).isZero();
  }

  @Test
  void theLargestAmountIsAcceptedAsAnAmountAndRefusedForLackOfFunds() {
    TestChain c = chain();
    reverted(c.call(HOLDER, "token", "transfer", obj("to", STRANGER, "amount", Long.MAX_VALUE)), "INSUFFICIENT_FUNDS");
  }

  @Test
  void admissionCheckAcceptsGoodCallsAndNamesTheBadField() {
    TokenContract t = new TokenContract();
    t.check("transfer", obj("to", STRANGER, "amount", 1));
    t.check("mint", obj("to", STRANGER, "amount", 1));
    t.check("burn", obj("amount", 1));
    assertThatThrownBy(() -> t.check("mint", obj("to", "00", "amount", 1))).hasMessage("to: must be a 32-byte Ed25519 public key in hex");
    assertThatThrownBy(() -> t.check("transfer", obj("to", "xyz", "amount", 1))).hasMessage("to: must be a 32-byte Ed25519 public key in hex");
    assertThatThrownBy(() -> t.check("transfer", obj("amount", 1))).hasMessage("to: required");
    assertThatThrownBy(() -> t.check("burn", obj("amount", 1, "x", 1))).hasMessageStartingWith("x: unknown argument");
    assertThatThrownBy(() -> t.check("burn", obj()))
        .isInstanceOfSatisfying(Revert.class, r -> assertThat(r.code()).isEqualTo("BAD_ARGUMENT"))
        .hasMessage("amount: required");
  }

  @Test
  void mintingPastTheLargestSupplyRevertsOverflow() {
    TestChain c = chain();
    long room = Long.MAX_VALUE - 1320;
    assertThat(reverted(c.call(ISSUER, "token", "mint", obj("to", STRANGER, "amount", room + 1)), "OVERFLOW")).isEqualTo("amount: the supply would overflow");
    assertThat(supply(c)).isEqualTo(1320);
    applied(c.call(ISSUER, "token", "mint", obj("to", STRANGER, "amount", room)));
    assertThat(supply(c)).isEqualTo(Long.MAX_VALUE);
    assertThat(balance(c, STRANGER)).isEqualTo(room);
    reverted(c.call(ISSUER, "token", "mint", obj("to", HOLDER, "amount", 1)), "OVERFLOW");
    // a transfer onto the largest balance still adds up, because no balance exceeds the supply
    applied(c.call(HOLDER, "token", "transfer", obj("to", STRANGER, "amount", 300)));
    assertThat(balance(c, STRANGER)).isEqualTo(room + 300);
  }
}
