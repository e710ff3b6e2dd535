package org.lazaret.node.mempool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lazaret.core.Invariants;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.node.admission.Admission;
import org.lazaret.node.admission.BusyReason;
import org.lazaret.node.admission.RejectReason;

/**
 * Admitted transactions waiting for a block, in admission order, bounded in total and per sender.
 * Each sender's transactions must arrive with consecutive nonces, so admission order is also a
 * valid execution order and the mempool never holds a transaction that cannot run.
 *
 * <p>Thread-safety: all methods synchronise on this; admission threads and the block producer
 * share it.
 */
public final class Mempool {
  private final int capacity;
  private final int perSenderMax;
  private final LinkedHashMap<Hash32, SignedTransaction> queue = new LinkedHashMap<>();
  private final Map<PublicKey, Sender> senders = new HashMap<>();
  private final Map<Hash32, SignedTransaction> inFlight = new HashMap<>();

  /** Per sender: the nonce after its last pending transaction, and how many are pending. */
  private static final class Sender {
    long nextNonce;
    int pending;
  }

  public Mempool(int capacity, int perSenderMax) {
    Invariants.check(capacity > 0 && perSenderMax > 0, "mempool bounds must be positive");
    this.capacity = capacity;
    this.perSenderMax = perSenderMax;
  }

  /**
   * Adds {@code tx} if its nonce is the sender's next one, given {@code committedNonce} from the
   * state, and there is room.
   */
  public synchronized Admission add(SignedTransaction tx, long committedNonce) {
    Hash32 id = tx.id();
    if (queue.containsKey(id) || inFlight.containsKey(id)) {
      return new Admission.Rejected(RejectReason.DUPLICATE, "id", "transaction " + id.hex() + " is already pending");
    }
    PublicKey from = tx.body().sender();
    Sender s = senders.get(from);
    long expected = s == null ? committedNonce : Math.max(s.nextNonce, committedNonce);
    long nonce = tx.body().nonce();
    if (nonce < committedNonce) {
      return new Admission.Rejected(RejectReason.NONCE_TOO_LOW, "nonce", "nonce " + nonce + " was already used; the next is " + expected);
    }
    if (nonce < expected) {
      return new Admission.Rejected(RejectReason.DUPLICATE, "nonce", "another pending transaction already has nonce " + nonce + "; the next is " + expected);
    }
    if (nonce > expected) {
      return new Admission.Rejected(RejectReason.NONCE_GAP, "nonce", "nonce " + nonce + " leaves a gap; the next is " + expected);
    }
    if (queue.size() + inFlight.size() >= capacity) {
      return new Admission.Busy(BusyReason.MEMPOOL_FULL, "the mempool holds " + capacity + " transactions", 1);
    }
    if (s != null && s.pending >= perSenderMax) {
      return new Admission.Busy(BusyReason.SENDER_QUOTA, "sender has " + s.pending + " pending transactions", 1);
    }
    if (s == null) {
      s = new Sender();
      senders.put(from, s);
    }
    s.nextNonce = nonce + 1;
    s.pending++;
    queue.put(id, tx);
    Invariants.check(queue.containsKey(id), "admitted transaction missing from the mempool");
    notifyAll();
    return new Admission.Admitted(id);
  }

  /** How many more transactions fit now; admission refuses the rest before verifying them. */
  public synchronized int room() {
    return capacity - queue.size() - inFlight.size();
  }

  /** Waits until a transaction is queued or the timeout passes; true when one is. */
  public synchronized boolean awaitWork(long timeoutMillis) throws InterruptedException {
    if (queue.isEmpty() && timeoutMillis > 0) {
      wait(timeoutMillis);
    }
    return !queue.isEmpty();
  }

  /**
   * Moves up to {@code max} transactions of at most {@code maxBytes} in all, oldest first, into
   * flight for the next block.
   */
  public synchronized List<SignedTransaction> take(int max, int maxBytes) {
    List<SignedTransaction> out = new ArrayList<>(Math.min(max, queue.size()));
    Iterator<Map.Entry<Hash32, SignedTransaction>> it = queue.entrySet().iterator();
    long bytes = 0;
    while (it.hasNext() && out.size() < max) {
      Map.Entry<Hash32, SignedTransaction> e = it.next();
      bytes += e.getValue().bodyBytes().length() + 80;
      if (bytes > maxBytes && !out.isEmpty()) {
        break;
      }
      it.remove();
      inFlight.put(e.getKey(), e.getValue());
      out.add(e.getValue());
    }
    return out;
  }

  /** Forgets transactions that are now in a committed block. */
  public synchronized void committed(List<SignedTransaction> txs) {
    for (SignedTransaction tx : txs) {
      boolean known = inFlight.remove(tx.id()) != null || queue.remove(tx.id()) != null;
      if (known) {
        Sender s = senders.get(tx.body().sender());
        if (s != null && --s.pending == 0) {
          senders.remove(tx.body().sender());
        }
      }
    }
  }

  /** Puts in-flight transactions of a batch that was not ordered back at the front. */
  public synchronized void returnUnordered(List<SignedTransaction> txs) {
    LinkedHashMap<Hash32, SignedTransaction> rest = new LinkedHashMap<>(queue);
    queue.clear();
    for (SignedTransaction tx : txs) {
      if (inFlight.remove(tx.id()) != null) {
        queue.put(tx.id(), tx);
      }
    }
    queue.putAll(rest);
  }

  public synchronized Optional<SignedTransaction> pending(Hash32 id) {
    SignedTransaction t = queue.get(id);
    return Optional.ofNullable(t != null ? t : inFlight.get(id));
  }

  public synchronized int size() {
    return queue.size() + inFlight.size();
  }

  /** The nonce the sender's next transaction must carry, counting pending ones. */
  public synchronized long nextNonce(PublicKey sender, long committedNonce) {
    Sender s = senders.get(sender);
    return s == null ? committedNonce : Math.max(s.nextNonce, committedNonce);
  }
}
