package org.lazaret.contracts.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.key;
import static org.lazaret.contracts.TestChain.obj;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.From;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Goal: the token's conservation law — after every block the recorded supply equals the sum of all
 * balance keys, no balance is zero-valued or negative, and each call succeeds or fails exactly as a
 * plain model of the rules says. Method: jqwik generates sequences of transfers, mints and burns
 * among four keys (one issuer, one member without the role, two outsiders) with amounts that are
 * often invalid (zero, negative, past {@code Long.MAX_VALUE}) or near the overflow edge, runs them
 * in blocks of random size through the executor, and compares the state with a TreeMap model.
 */
class TokenSupplyPropertyTest {
  static final List<KeyPair> KEYS = List.of(key("p-issuer"), key("p-member"), key("p-h1"), key("p-h2"));
  static final int ISSUER = 0;

  sealed interface Op permits Transfer, Mint, Burn {}

  record Transfer(int from, int to, BigInteger amount) implements Op {}

  record Mint(int by, int to, BigInteger amount) implements Op {}

  record Burn(int by, BigInteger amount) implements Op {}

  @Provide
  Arbitrary<Op> op() {
    Arbitrary<Integer> who = Arbitraries.integers().between(0, KEYS.size() - 1);
    Arbitrary<BigInteger> amount =
        Arbitraries.<BigInteger>frequencyOf(
            weighted(70, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(400))),
            weighted(5, Arbitraries.just(BigInteger.ZERO)),
            weighted(5, Arbitraries.bigIntegers().between(BigInteger.valueOf(-100), BigInteger.valueOf(-1))),
            weighted(8, Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MAX_VALUE - 3000), BigInteger.valueOf(Long.MAX_VALUE))),
            weighted(4, Arbitraries.bigIntegers().between(BigInteger.TWO.pow(63), BigInteger.TWO.pow(64))),
            weighted(8, Arbitraries.bigIntegers().between(BigInteger.ONE, BigInteger.valueOf(5000))));
    // the issuer is picked more often than chance so that mints and burns mostly get past the role check
    Arbitrary<Integer> minter = Arbitraries.<Integer>frequencyOf(weighted(3, Arbitraries.just(ISSUER)), weighted(1, who));
    return Arbitraries.oneOf(
        Combinators.combine(who, who, amount).as(Transfer::new),
        Combinators.combine(minter, who, amount).as(Mint::new),
        Combinators.combine(minter, amount).as(Burn::new));
  }

  private static <T> Tuple.Tuple2<Integer, Arbitrary<? extends T>> weighted(int frequency, Arbitrary<? extends T> a) {
    return Tuple.of(frequency, a);
  }

  @Property(tries = 150)
  void supplyEqualsTheSumOfBalancesAndNoBalanceGoesNegative(
      @ForAll @Size(max = 40) List<@From("op") Op> ops, @ForAll @IntRange(min = 1, max = 6) int blockSize) {
    TestChain c =
        TestChain.genesis()
            .org("bank", KEYS.get(0), "admin", "token.issuer")
            .member("bank", KEYS.get(1), "data.publisher")
            .balance(KEYS.get(0), 1000)
            .balance(KEYS.get(1), 100)
            .balance(KEYS.get(2), 50)
            .start();
    long[] model = {1000, 100, 50, 0};
    long[] supply = {1150};
    for (int start = 0; start < ops.size(); start += blockSize) {
      List<Op> block = ops.subList(start, Math.min(ops.size(), start + blockSize));
      List<SignedTransaction> txs = new ArrayList<>();
      List<String> expected = new ArrayList<>();
      for (Op op : block) {
        txs.add(tx(c, op));
        expected.add(apply(op, model, supply));
      }
      List<Receipt> receipts = c.block(txs).receipts();
      for (int i = 0; i < receipts.size(); i++) {
        String actual = receipts.get(i) instanceof Receipt.Reverted r ? r.code() : "APPLIED";
        assertThat(actual).as("receipt of %s", block.get(i)).isEqualTo(expected.get(i));
      }
      checkState(c, model, supply[0]);
    }
  }

  private static SignedTransaction tx(TestChain c, Op op) {
    return switch (op) {
      case Transfer t -> c.tx(KEYS.get(t.from()), "token", "transfer", obj("to", KEYS.get(t.to()), "amount", t.amount()));
      case Mint m -> c.tx(KEYS.get(m.by()), "token", "mint", obj("to", KEYS.get(m.to()), "amount", m.amount()));
      case Burn b -> c.tx(KEYS.get(b.by()), "token", "burn", obj("amount", b.amount()));
    };
  }

  /** The model: the expected receipt code, applying the effect when the call should succeed. */
  private static String apply(Op op, long[] bal, long[] supply) {
    switch (op) {
      case Transfer t -> {
        if (!valid(t.amount())) {
          return "BAD_ARGUMENT";
        }
        long a = t.amount().longValueExact();
        if (bal[t.from()] < a) {
          return "INSUFFICIENT_FUNDS";
        }
        bal[t.from()] -= a;
        bal[t.to()] += a;
      }
      case Mint m -> {
        if (m.by() != ISSUER) {
          return "UNAUTHORIZED";
        }
        if (!valid(m.amount())) {
          return "BAD_ARGUMENT";
        }
        long a = m.amount().longValueExact();
        if (supply[0] > Long.MAX_VALUE - a) {
          return "OVERFLOW";
        }
        supply[0] += a;
        bal[m.to()] += a;
      }
      case Burn b -> {
        if (b.by() != ISSUER) {
          return "UNAUTHORIZED";
        }
        if (!valid(b.amount())) {
          return "BAD_ARGUMENT";
        }
        long a = b.amount().longValueExact();
        if (bal[b.by()] < a) {
          return "INSUFFICIENT_FUNDS";
        }
        bal[b.by()] -= a;
        supply[0] -= a;
      }
    }
    return "APPLIED";
  }

  private static boolean valid(BigInteger amount) {
    return amount.signum() > 0 && amount.bitLength() < 64;
  }

  private static void checkState(TestChain c, long[] model, long supply) {
    BigInteger sum = BigInteger.ZERO;
    TreeMap<String, Bytes> state = c.snapshot();
    for (Map.Entry<String, Bytes> e : state.subMap("token/balance/", "token/balance0").entrySet()) {
      long b = CanonicalJson.parse("balance", e.getValue().unsafeArray()).longValue();
      assertThat(b).as("balance at %s", e.getKey()).isPositive();
      sum = sum.add(BigInteger.valueOf(b));
    }
    long recorded = c.longAt("token/supply");
    assertThat(BigInteger.valueOf(recorded)).as("supply vs sum of balances").isEqualTo(sum);
    assertThat(recorded).isEqualTo(supply);
    for (int i = 0; i < KEYS.size(); i++) {
      assertThat(c.longAt(TokenContract.balanceKey(KEYS.get(i).publicKey()))).as("balance of key %d", i).isEqualTo(model[i]);
    }
  }
}
