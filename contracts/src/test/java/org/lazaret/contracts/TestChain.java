package org.lazaret.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lazaret.contracts.governance.GovernanceContract;
import org.lazaret.contracts.identity.IdentityContract;
import org.lazaret.contracts.token.TokenContract;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.state.StateView;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * A whole chain in memory for contract tests: a TreeMap holds the state, genesis writes seed it,
 * and each block's write-set is applied to it exactly as the node would. Nonces are taken from the
 * state, so tests build transactions the way a client would; block time advances by one second per
 * block unless a test sets it.
 */
public final class TestChain {
  public static final String CHAIN = "test-chain";
  public static final long GENESIS_TIME = 1_700_000_000_000L;
  public static final long BLOCK_INTERVAL_MILLIS = 1_000;
  public static final long TX_LIFETIME_MILLIS = 3_600_000;

  private final Executor executor;
  private final TreeMap<String, byte[]> state = new TreeMap<>();
  private final TreeMap<PublicKey, Long> assigned = new TreeMap<>();
  private long height;
  private long time;

  private TestChain(Executor executor, JsonNode genesis) {
    this.executor = executor;
    apply(executor.genesis(genesis, GENESIS_TIME));
    this.time = GENESIS_TIME;
  }

  /** A chain running the three built-in contracts plus {@code extra}. */
  public static TestChain start(JsonNode genesis, Contract... extra) {
    List<Contract> all = new ArrayList<>(List.of(new IdentityContract(), new GovernanceContract(), new TokenContract()));
    all.addAll(Arrays.asList(extra));
    return new TestChain(new Executor(CHAIN, all), genesis);
  }

  public Executor executor() {
    return executor;
  }

  public StateView view() {
    return k -> Optional.ofNullable(state.get(k)).map(byte[]::clone);
  }

  /** A copy of the whole state, for before/after comparisons. */
  public TreeMap<String, Bytes> snapshot() {
    TreeMap<String, Bytes> copy = new TreeMap<>();
    state.forEach((k, v) -> copy.put(k, Bytes.of(v)));
    return copy;
  }

  public long height() {
    return height;
  }

  /** The time the next block will carry. */
  public long nextTime() {
    return time + BLOCK_INTERVAL_MILLIS;
  }

  public Optional<JsonNode> read(String key) {
    return Optional.ofNullable(state.get(key)).map(b -> CanonicalJson.parse(key, b));
  }

  /** The canonical JSON text at {@code key}, so tests compare values regardless of Jackson's number node types. */
  public Optional<String> json(String key) {
    return Optional.ofNullable(state.get(key)).map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The integer at {@code key}; 0 when absent, as for a balance. */
  public long longAt(String key) {
    return read(key).map(JsonNode::longValue).orElse(0L);
  }

  public long nonce(KeyPair key) {
    return Executor.nextNonce(view(), key.publicKey());
  }

  /** A signed call with the next nonce not yet handed out for this sender in the coming block. */
  public SignedTransaction tx(KeyPair key, String contract, String method, JsonNode args) {
    long nonce = assigned.getOrDefault(key.publicKey(), nonce(key));
    assigned.put(key.publicKey(), nonce + 1);
    return tx(key, nonce, contract, method, args);
  }

  public SignedTransaction tx(KeyPair key, long nonce, String contract, String method, JsonNode args) {
    return Transaction.of(CHAIN, key.publicKey(), nonce, contract, method, args, nextTime() + TX_LIFETIME_MILLIS).sign(key);
  }

  /** Executes one block at the next time and applies its writes. */
  public Executor.BlockOutcome block(List<SignedTransaction> txs) {
    return blockAt(nextTime(), txs);
  }

  public Executor.BlockOutcome block(SignedTransaction... txs) {
    return block(List.of(txs));
  }

  public Executor.BlockOutcome blockAt(long timeMillis, List<SignedTransaction> txs) {
    assertThat(timeMillis).as("block time").isGreaterThanOrEqualTo(time);
    height++;
    time = timeMillis;
    Executor.BlockOutcome out = executor.executeBlock(view(), height, timeMillis, txs);
    assertThat(out.receipts()).hasSameSizeAs(txs);
    for (int i = 0; i < txs.size(); i++) {
      assertThat(out.receipts().get(i).txId()).isEqualTo(txs.get(i).id());
    }
    apply(out.writes());
    assigned.clear();
    return out;
  }

  /** One call in a block of its own. */
  public Receipt call(KeyPair key, String contract, String method, JsonNode args) {
    return block(tx(key, contract, method, args)).receipts().get(0);
  }

  private void apply(SortedMap<String, Optional<Bytes>> writes) {
    for (Map.Entry<String, Optional<Bytes>> w : writes.entrySet()) {
      if (w.getValue().isPresent()) {
        state.put(w.getKey(), w.getValue().get().toArray());
      } else {
        state.remove(w.getKey());
      }
    }
  }

  // ---- receipts ----

  public static List<Event> applied(Receipt r) {
    assertThat(r).as("receipt").isInstanceOf(Receipt.Applied.class);
    return ((Receipt.Applied) r).events();
  }

  /** Asserts a revert with {@code code} and returns its reason. */
  public static String reverted(Receipt r, String code) {
    assertThat(r).as("receipt").isInstanceOf(Receipt.Reverted.class);
    Receipt.Reverted rv = (Receipt.Reverted) r;
    assertThat(rv.code()).as("revert code (reason: %s)", rv.reason()).isEqualTo(code);
    return rv.reason();
  }

  public static String json(JsonNode n) {
    return CanonicalJson.encodeToString(n);
  }

  public static List<String> eventNames(Receipt r) {
    return applied(r).stream().map(e -> e.contract() + "." + e.name()).toList();
  }

  // ---- JSON ----

  /** An object from alternating names and values (String, Long/Integer, Boolean, BigInteger, JsonNode). */
  public static ObjectNode obj(Object... kv) {
    ObjectNode o = CanonicalJson.object();
    for (int i = 0; i < kv.length; i += 2) {
      o.set((String) kv[i], value(kv[i + 1]));
    }
    return o;
  }

  public static ArrayNode arr(Object... values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (Object v : values) {
      a.add(value(v));
    }
    return a;
  }

  private static JsonNode value(Object v) {
    return switch (v) {
      case JsonNode n -> n;
      case String s -> JsonNodeFactory.instance.textNode(s);
      case Integer n -> JsonNodeFactory.instance.numberNode(n.longValue());
      case Long n -> JsonNodeFactory.instance.numberNode(n);
      case BigInteger n -> JsonNodeFactory.instance.numberNode(n);
      case Boolean b -> JsonNodeFactory.instance.booleanNode(b);
      case KeyPair k -> JsonNodeFactory.instance.textNode(k.publicKey().hex());
      default -> throw new IllegalArgumentException("no JSON form for " + v);
    };
  }

  public static KeyPair key(String label) {
    return KeyPair.deterministic("contracts-test:" + label);
  }

  public static String hex(KeyPair k) {
    return k.publicKey().hex();
  }

  // ---- genesis ----

  public static Genesis genesis() {
    return new Genesis();
  }

  /** Builds the genesis document the node reads (see node's Genesis): organisations, balances, token, parameters. */
  public static final class Genesis {
    private final ObjectNode doc = CanonicalJson.object();
    private final ArrayNode orgs;
    private final ArrayNode balances;
    private final ObjectNode params;

    private Genesis() {
      doc.put("chainId", CHAIN).put("timestamp", GENESIS_TIME);
      orgs = doc.putArray("organisations");
      balances = doc.putArray("balances");
      params = doc.putObject("parameters");
      doc.putObject("token").put("name", "Test credit").put("symbol", "TST").put("decimals", 0);
    }

    /** An organisation whose first member holds {@code roles}. */
    public Genesis org(String id, KeyPair first, String... roles) {
      ObjectNode o = orgs.addObject().put("id", id).put("name", "Org " + id);
      o.putArray("members");
      return member(id, first, roles);
    }

    public Genesis member(String orgId, KeyPair key, String... roles) {
      for (JsonNode o : orgs) {
        if (o.path("id").asText().equals(orgId)) {
          ObjectNode m = ((ArrayNode) o.get("members")).addObject().put("key", key.publicKey().hex());
          ArrayNode r = m.putArray("roles");
          Arrays.stream(roles).forEach(r::add);
          return this;
        }
      }
      throw new IllegalArgumentException("no organisation " + orgId);
    }

    public Genesis balance(KeyPair key, long amount) {
      balances.addObject().put("key", key.publicKey().hex()).put("amount", amount);
      return this;
    }

    public Genesis param(String name, JsonNode value) {
      params.set(name, value);
      return this;
    }

    public ObjectNode doc() {
      return doc;
    }

    public TestChain start(Contract... extra) {
      return TestChain.start(doc, extra);
    }
  }
}
