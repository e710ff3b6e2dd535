package org.lazaret.contracts.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.Set;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.Revert;
import org.lazaret.core.Invariants;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;

/**
 * A fungible token held by keys: holders transfer, keys with the {@code token.issuer} role mint
 * and burn. Amounts are integers in the smallest unit; the supply always equals the sum of
 * balances, which each operation checks on the amounts it moves.
 *
 * <p>State: {@code token/balance/<key hex>}, {@code token/supply}, {@code token/info}.
 */
public final class TokenContract implements Contract {
  public static final String NAME = "token";
  public static final String ISSUER = "token.issuer";
  static final String SUPPLY = "token/supply";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> methods() {
    return Set.of("transfer", "mint", "burn");
  }

  public static String balanceKey(PublicKey holder) {
    return "token/balance/" + holder.hex();
  }

  @Override
  public void genesis(JsonNode genesis, Context ctx) {
    JsonNode info = genesis.path("token");
    ctx.write("token/info", info.isObject() ? info : CanonicalJson.object().put("name", "Lazaret credit").put("symbol", "LZC").put("decimals", 2));
    long supply = 0;
    for (JsonNode b : genesis.path("balances")) {
      Args a = new Args(b).only("key", "amount");
      PublicKey k = a.key("key");
      long amount = a.positiveLong("amount");
      try {
        supply = Math.addExact(supply, amount);
      } catch (ArithmeticException e) {
        throw Args.bad("balances", "the total of the balances exceeds " + Long.MAX_VALUE);
      }
      setBalance(ctx, k, balance(ctx, k) + amount);
    }
    ctx.write(SUPPLY, LongNode.valueOf(supply));
  }

  @Override
  public void call(String method, JsonNode args, Context ctx) {
    Args a = new Args(args);
    switch (method) {
      case "transfer" -> transfer(a.only("to", "amount"), ctx);
      case "mint" -> mint(a.only("to", "amount"), ctx);
      case "burn" -> burn(a.only("amount"), ctx);
      default -> throw new IllegalStateException("method list and dispatch disagree: " + method);
    }
  }

  @Override
  public void check(String method, JsonNode args) {
    Args a = new Args(args);
    switch (method) {
      case "transfer", "mint" -> {
        a.only("to", "amount").key("to");
        a.positiveLong("amount");
      }
      case "burn" -> a.only("amount").positiveLong("amount");
      default -> throw new IllegalStateException("method list and check disagree: " + method);
    }
  }

  public static long balance(Context ctx, PublicKey holder) {
    return ctx.read(balanceKey(holder)).map(JsonNode::longValue).orElse(0L);
  }

  private static void setBalance(Context ctx, PublicKey holder, long amount) {
    Invariants.check(amount >= 0, "negative balance %d for %s", amount, holder);
    if (amount == 0) {
      ctx.delete(balanceKey(holder));
    } else {
      ctx.write(balanceKey(holder), LongNode.valueOf(amount));
    }
  }

  private static long supply(Context ctx) {
    return ctx.read(SUPPLY).map(JsonNode::longValue).orElse(0L);
  }

  private static void transfer(Args a, Context ctx) {
    PublicKey to = a.key("to");
    long amount = a.positiveLong("amount");
    PublicKey from = ctx.sender();
    long fromBalance = balance(ctx, from);
    if (fromBalance < amount) {
      throw new Revert("INSUFFICIENT_FUNDS", "amount: " + amount + " exceeds the sender's balance of " + fromBalance);
    }
    if (!to.equals(from)) {
      long toBalance = balance(ctx, to);
      long credited;
      try {
        credited = Math.addExact(toBalance, amount);
      } catch (ArithmeticException e) {
        throw new Revert("OVERFLOW", "amount: the recipient's balance would overflow");
      }
      setBalance(ctx, from, fromBalance - amount);
      setBalance(ctx, to, credited);
      Invariants.check((fromBalance - amount) + credited == fromBalance + toBalance, "transfer changed the total of two balances");
    }
    ctx.emit("Transferred", CanonicalJson.object().put("from", from.hex()).put("to", to.hex()).put("amount", amount));
  }

  private static void mint(Args a, Context ctx) {
    ctx.roles().require(ISSUER);
    PublicKey to = a.key("to");
    long amount = a.positiveLong("amount");
    long newSupply;
    long newBalance;
    try {
      newSupply = Math.addExact(supply(ctx), amount);
      newBalance = Math.addExact(balance(ctx, to), amount);
    } catch (ArithmeticException e) {
      throw new Revert("OVERFLOW", "amount: the supply would overflow");
    }
    setBalance(ctx, to, newBalance);
    ctx.write(SUPPLY, LongNode.valueOf(newSupply));
    ctx.emit("Minted", CanonicalJson.object().put("to", to.hex()).put("amount", amount));
  }

  private static void burn(Args a, Context ctx) {
    ctx.roles().require(ISSUER);
    long amount = a.positiveLong("amount");
    long have = balance(ctx, ctx.sender());
    if (have < amount) {
      throw new Revert("INSUFFICIENT_FUNDS", "amount: " + amount + " exceeds the sender's balance of " + have);
    }
    long s = supply(ctx);
    Invariants.check(s >= amount, "supply %d below a balance %d", s, have);
    setBalance(ctx, ctx.sender(), have - amount);
    ctx.write(SUPPLY, LongNode.valueOf(s - amount));
    ctx.emit("Burned", CanonicalJson.object().put("from", ctx.sender().hex()).put("amount", amount));
  }
}
