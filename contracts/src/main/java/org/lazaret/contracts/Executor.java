package org.lazaret.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lazaret.core.Invariants;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.state.StateView;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * Runs a block's transactions in order over the state and returns one receipt each plus the
 * block's write-set. Deterministic: it reads only the state, the block height and the block time.
 * A failed call leaves no writes, but still consumes the nonce once the sender's nonce matched,
 * so a failed transaction cannot be replayed.
 */
public final class Executor {
  private static final int INVOKE_DEPTH_MAX = 4;
  private final String chainId;
  private final Map<String, Contract> contracts;

  public Executor(String chainId, List<Contract> contracts) {
    this.chainId = chainId;
    Map<String, Contract> m = new TreeMap<>();
    for (Contract c : contracts) {
      Invariants.check(m.put(c.name(), c) == null, "two contracts named %s", c.name());
    }
    this.contracts = java.util.Collections.unmodifiableMap(m);
  }

  public Optional<Contract> contract(String name) {
    return Optional.ofNullable(contracts.get(name));
  }

  public String chainId() {
    return chainId;
  }

  public static String nonceKey(PublicKey sender) {
    return "nonce/" + sender.hex();
  }

  /** The next nonce {@code sender} must use, per {@code state}. */
  public static long nextNonce(StateView state, PublicKey sender) {
    return state.get(nonceKey(sender)).map(b -> CanonicalJson.parse("nonce", b).longValue()).orElse(0L);
  }

  public record BlockOutcome(List<Receipt> receipts, SortedMap<String, Optional<Bytes>> writes) {}

  public BlockOutcome executeBlock(StateView base, long height, long timeMillis, List<SignedTransaction> txs) {
    return executeBlock(base, height, timeMillis, txs, java.util.Set.of());
  }

  /**
   * Executes a block in which {@code badSignatures} names transactions whose signatures do not
   * verify (found by the node before execution, in parallel): each gets a {@code BAD_SIGNATURE}
   * receipt and changes nothing, so every node treats a forged transaction the same way.
   */
  public BlockOutcome executeBlock(StateView base, long height, long timeMillis, List<SignedTransaction> txs, java.util.Set<Hash32> badSignatures) {
    Overlay block = new Overlay(base);
    List<Receipt> receipts = new ArrayList<>(txs.size());
    for (SignedTransaction tx : txs) {
      receipts.add(
          badSignatures.contains(tx.id())
              ? reverted(tx.id(), RevertCode.BAD_SIGNATURE, "the signature does not verify for the sender's key")
              : execute(block, height, timeMillis, tx));
    }
    Invariants.check(receipts.size() == txs.size(), "receipt count differs from transaction count");
    return new BlockOutcome(receipts, block.writes());
  }

  /** The genesis state: every contract writes its part from the genesis document. */
  public SortedMap<String, Optional<Bytes>> genesis(JsonNode genesis, long timeMillis) {
    Overlay state = new Overlay(k -> Optional.empty());
    for (Contract c : contracts.values()) {
      Overlay o = new Overlay(state);
      CallContext ctx = new CallContext(o, c.name(), 0, timeMillis, GENESIS_SENDER, Hash32.ZERO, Optional.empty(), new ArrayList<>(), 0);
      try {
        c.genesis(genesis, ctx);
      } catch (Revert r) {
        throw new IllegalArgumentException("genesis: " + c.name() + ": " + r.reason());
      }
      o.mergeInto(state);
    }
    return state.writes();
  }

  private static final PublicKey GENESIS_SENDER = PublicKey.wrap(new byte[32]);

  private Receipt execute(Overlay block, long height, long timeMillis, SignedTransaction stx) {
    Transaction tx = stx.body();
    Hash32 id = stx.id();
    if (!tx.chainId().equals(chainId)) {
      return reverted(id, RevertCode.WRONG_CHAIN, "transaction is for chain " + tx.chainId());
    }
    if (timeMillis > tx.expiresAtMillis()) {
      return reverted(id, RevertCode.EXPIRED, "expired at " + tx.expiresAtMillis() + ", block time " + timeMillis);
    }
    long expected = nextNonce(block, tx.sender());
    if (tx.nonce() != expected) {
      return reverted(id, RevertCode.NONCE_MISMATCH, "nonce " + tx.nonce() + ", expected " + expected);
    }
    Optional<byte[]> member = block.get(Roles.memberKey(tx.sender()));
    if (member.isPresent() && "revoked".equals(CanonicalJson.parse("member", member.get()).path("status").asText())) {
      return reverted(id, RevertCode.KEY_REVOKED, "sender key " + tx.sender().hex() + " is revoked");
    }
    block.put(nonceKey(tx.sender()), Bytes.owning(CanonicalJson.encode(LongNode.valueOf(expected + 1))));
    Contract c = contracts.get(tx.contract());
    if (c == null) {
      return reverted(id, RevertCode.UNKNOWN_CONTRACT, "no contract named '" + tx.contract() + "'");
    }
    Overlay txWrites = new Overlay(block);
    List<Event> events = new ArrayList<>();
    try {
      CallContext ctx = new CallContext(txWrites, c.name(), height, timeMillis, tx.sender(), id, Optional.empty(), events, 0);
      ctx.dispatch(c, tx.method(), tx.argsJson());
    } catch (Revert r) {
      return new Receipt.Reverted(id, r.code(), r.reason());
    }
    txWrites.mergeInto(block);
    return new Receipt.Applied(id, events);
  }

  private static Receipt reverted(Hash32 id, RevertCode code, String reason) {
    return new Receipt.Reverted(id, code.name(), reason);
  }

  /** The {@link Context} of one call: confines writes to the contract's own prefix. */
  private final class CallContext implements Context {
    private final Overlay state;
    private final String contract;
    private final long height;
    private final long timeMillis;
    private final PublicKey sender;
    private final Hash32 txId;
    private final Optional<String> invokedBy;
    private final List<Event> events;
    private final int depth;

    CallContext(
        Overlay state, String contract, long height, long timeMillis, PublicKey sender, Hash32 txId, Optional<String> invokedBy, List<Event> events, int depth) {
      this.state = state;
      this.contract = contract;
      this.height = height;
      this.timeMillis = timeMillis;
      this.sender = sender;
      this.txId = txId;
      this.invokedBy = invokedBy;
      this.events = events;
      this.depth = depth;
    }

    void dispatch(Contract c, String method, JsonNode args) {
      if (!c.methods().contains(method)) {
        throw new Revert(RevertCode.UNKNOWN_METHOD.name(), "contract '" + c.name() + "' has no method '" + method + "'");
      }
      if (!args.isObject()) {
        throw new Revert(RevertCode.BAD_ARGUMENT.name(), "args: must be a JSON object");
      }
      c.call(method, args, this);
    }

    @Override
    public long height() {
      return height;
    }

    @Override
    public long timeMillis() {
      return timeMillis;
    }

    @Override
    public PublicKey sender() {
      return sender;
    }

    @Override
    public Hash32 txId() {
      return txId;
    }

    @Override
    public Optional<String> invokedBy() {
      return invokedBy;
    }

    @Override
    public Optional<JsonNode> read(String key) {
      return state.get(key).map(b -> CanonicalJson.parse(key, b));
    }

    private void checkOwn(String key) {
      if (!key.startsWith(contract + "/")) {
        throw new Revert(RevertCode.UNAUTHORIZED.name(), "contract '" + contract + "' may not write key '" + key + "'");
      }
      if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Limits.STATE_KEY_BYTES_MAX || key.indexOf('\0') >= 0) {
        throw new Revert(RevertCode.STATE_LIMIT.name(), "state key too long or not printable");
      }
    }

    @Override
    public void write(String key, JsonNode value) {
      checkOwn(key);
      byte[] v = CanonicalJson.encode(value);
      if (v.length > Limits.STATE_VALUE_BYTES_MAX) {
        throw new Revert(RevertCode.STATE_LIMIT.name(), "value of " + v.length + " bytes for key '" + key + "' is over the limit");
      }
      state.put(key, Bytes.owning(v));
    }

    @Override
    public void delete(String key) {
      checkOwn(key);
      state.delete(key);
    }

    @Override
    public void emit(String name, JsonNode data) {
      if (events.size() >= Limits.RECEIPT_EVENT_COUNT_MAX) {
        throw new Revert(RevertCode.STATE_LIMIT.name(), "more than " + Limits.RECEIPT_EVENT_COUNT_MAX + " events in one transaction");
      }
      events.add(Event.of(contract, name, data));
    }

    @Override
    public void invoke(String target, String method, JsonNode args) {
      if (depth + 1 > INVOKE_DEPTH_MAX) {
        throw new Revert(RevertCode.STATE_LIMIT.name(), "contract calls nested deeper than " + INVOKE_DEPTH_MAX);
      }
      Contract c = contracts.get(target);
      if (c == null) {
        throw new Revert(RevertCode.UNKNOWN_CONTRACT.name(), "no contract named '" + target + "'");
      }
      // The nested call is all-or-nothing too: if the caller catches its Revert and carries on,
      // neither the nested writes nor its events may survive.
      Overlay nested = new Overlay(state);
      int eventsBefore = events.size();
      try {
        new CallContext(nested, target, height, timeMillis, sender, txId, Optional.of(contract), events, depth + 1).dispatch(c, method, args);
      } catch (Revert r) {
        events.subList(eventsBefore, events.size()).clear();
        throw r;
      }
      nested.mergeInto(state);
    }
  }
}
