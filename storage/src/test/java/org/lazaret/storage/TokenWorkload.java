package org.lazaret.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/**
 * A seeded stream of token-like blocks: genesis mints a balance to each account, then each block
 * holds signed transfers whose writes move balances, bump nonces, and delete a balance that drops
 * to zero. It reads balances and nonces back from the store, so a process killed mid-way can
 * resume from whatever the store holds. The total supply is conserved, which gives a check on
 * recovered state beyond the state root.
 */
final class TokenWorkload {
  static final long MINT = 1_000_000L;
  static final String SUPPLY_KEY = "token/supply";

  private final Random random;
  private final List<KeyPair> accounts;

  TokenWorkload(long seed, int accountCount) {
    this.random = new Random(seed);
    List<KeyPair> keys = new ArrayList<>(accountCount);
    for (int i = 0; i < accountCount; i++) {
      keys.add(KeyPair.deterministic("storage-account-" + i));
    }
    this.accounts = List.copyOf(keys);
  }

  List<KeyPair> accounts() {
    return accounts;
  }

  static String balanceKey(KeyPair k) {
    return "token/balance/" + k.publicKey().hex();
  }

  static String nonceKey(KeyPair k) {
    return "token/nonce/" + k.publicKey().hex();
  }

  /** The genesis block: every account minted {@link #MINT}, and the supply recorded. */
  BlockCommit genesis() {
    SortedMap<String, Optional<Bytes>> writes = new TreeMap<>();
    for (KeyPair k : accounts) {
      writes.put(balanceKey(k), Optional.of(number(MINT)));
    }
    writes.put(SUPPLY_KEY, Optional.of(number(MINT * accounts.size())));
    return TestChain.commitAfter(Optional.empty(), h -> Optional.empty(), List.of(), List.of(), writes);
  }

  /**
   * Commits the genesis and then {@code blocks} blocks of {@code txCount} transfers each to an
   * empty {@code store}; the model of what it then holds.
   */
  LedgerModel commitChain(LedgerStore store, int blocks, int txCount) {
    LedgerModel model = new LedgerModel();
    BlockCommit g = genesis();
    store.commit(g);
    model.apply(g);
    for (int i = 1; i <= blocks; i++) {
      BlockCommit c = next(store, txCount);
      store.commit(c);
      model.apply(c);
    }
    return model;
  }

  /** The next block over what {@code store} holds now, with {@code txCount} transfers. */
  BlockCommit next(LedgerStore store, int txCount) {
    SortedMap<String, Optional<Bytes>> writes = new TreeMap<>();
    List<SignedTransaction> txs = new ArrayList<>(txCount);
    List<Receipt> receipts = new ArrayList<>(txCount);
    for (int t = 0; t < txCount; t++) {
      int from = random.nextInt(accounts.size());
      int to = (from + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
      KeyPair sender = accounts.get(from);
      KeyPair recipient = accounts.get(to);
      long nonce = read(store, writes, nonceKey(sender));
      long balance = read(store, writes, balanceKey(sender));
      long amount =
          switch (random.nextInt(8)) {
            case 0 -> balance; // empties the account: its balance key is deleted
            case 1 -> balance + 1 + random.nextInt(10); // more than it holds: reverted
            default -> balance == 0 ? 0 : 1 + (long) random.nextInt((int) Math.min(balance, 1_000));
          };
      ObjectNode args = CanonicalJson.object().put("amount", amount).put("to", recipient.publicKey().hex());
      SignedTransaction tx = TestChain.tx(sender, nonce, "transfer", args);
      txs.add(tx);
      writes.put(nonceKey(sender), Optional.of(number(nonce + 1)));
      if (amount > balance) {
        receipts.add(new Receipt.Reverted(tx.id(), "INSUFFICIENT_FUNDS", "balance " + balance + " below " + amount));
        continue;
      }
      long recipientBalance = read(store, writes, balanceKey(recipient));
      writes.put(balanceKey(sender), balance == amount ? Optional.empty() : Optional.of(number(balance - amount)));
      writes.put(balanceKey(recipient), Optional.of(number(recipientBalance + amount)));
      ObjectNode data = CanonicalJson.object().put("amount", amount).put("from", sender.publicKey().hex()).put("to", recipient.publicKey().hex());
      receipts.add(new Receipt.Applied(tx.id(), List.of(Event.of("token", "transferred", data))));
    }
    return TestChain.commitAfter(store.head(), store.nodes(), txs, receipts, writes);
  }

  /** The latest value of a numeric key: this block's pending write first, then the store; absent = 0. */
  private static long read(LedgerStore store, SortedMap<String, Optional<Bytes>> pending, String key) {
    Optional<Bytes> v = pending.containsKey(key) ? pending.get(key) : store.stateValue(key).map(Bytes::owning);
    return v.map(b -> Long.parseLong(b.utf8())).orElse(0L);
  }

  static Bytes number(long n) {
    return Bytes.owning(Long.toString(n).getBytes(StandardCharsets.US_ASCII));
  }

  /** Sum of every balance in the store: equals the supply whatever blocks were committed. */
  static long totalBalance(LedgerStore store) {
    long[] sum = {0};
    store.forEachState(
        (k, v) -> {
          if (new String(k, StandardCharsets.UTF_8).startsWith("token/balance/")) {
            sum[0] += Long.parseLong(new String(v, StandardCharsets.US_ASCII));
          }
        });
    return sum[0];
  }
}
