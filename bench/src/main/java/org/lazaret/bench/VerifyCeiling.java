package org.lazaret.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * How many Ed25519 verifications per second this machine reaches on all cores with the library
 * the node uses: the first ceiling on committed transactions per second, measured in the same run
 * as the load so that the ratio between them survives a noisy shared machine. Also the rate of the
 * node's own batched path, which a batch of transfers takes, so that a reader sees how much of the
 * gap above the library's ceiling comes from verifying in batches.
 */
public final class VerifyCeiling {
  private VerifyCeiling() {}

  /** Signatures per batch when measuring the batched path: a client batch of 1,000 split over two cores. */
  static final int BATCH = 500;

  public static double measure(long millis) throws InterruptedException {
    List<SignedTransaction> txs = transfers(256, 1);
    return perSecond(millis, 500, 1, i -> txs.get(i & 255).signatureValid());
  }

  /** Verifications per second on all cores through {@link SignedTransaction#signaturesValid}, {@link #BATCH} at a time. */
  public static double measureBatched(long millis) throws InterruptedException {
    List<SignedTransaction> txs = transfers(4 * BATCH, 64);
    // A longer warm-up: this process has not run the batched path before, and its sums are
    // larger methods for the JIT to compile.
    return perSecond(millis, 2_000, BATCH, i -> {
      int from = (i * BATCH) % txs.size();
      for (boolean ok : SignedTransaction.signaturesValid(txs.subList(from, from + BATCH))) {
        if (!ok) {
          return false;
        }
      }
      return true;
    });
  }

  /** {@code count} signed token transfers from {@code senders} keys in turn. */
  static List<SignedTransaction> transfers(int count, int senders) {
    List<KeyPair> keys = new ArrayList<>();
    for (int s = 0; s < senders; s++) {
      keys.add(KeyPair.deterministic(s == 0 ? "ceiling" : "ceiling-" + s));
    }
    List<SignedTransaction> txs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      KeyPair k = keys.get(i % senders);
      txs.add(Transaction.of("bench", k.publicKey(), i, "token", "transfer", CanonicalJson.object().put("to", k.publicKey().hex()).put("amount", 1), Long.MAX_VALUE / 2).sign(k));
    }
    return txs;
  }

  /** Runs {@code check} on every core for the window after a warm-up; each call verifies {@code per} signatures. */
  private static double perSecond(long millis, long warmupMillis, int per, java.util.function.IntPredicate check) throws InterruptedException {
    int threads = Runtime.getRuntime().availableProcessors();
    LongAdder count = new LongAdder();
    long warmEnd = System.nanoTime() + warmupMillis * 1_000_000L;
    long[] window = new long[2];
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int offset = t;
      ts[t] = new Thread(() -> {
        int i = offset;
        while (System.nanoTime() < warmEnd) {
          if (!check.test(i++)) {
            throw new IllegalStateException("a valid signature failed to verify");
          }
        }
        long end = warmEnd + millis * 1_000_000L;
        while (System.nanoTime() < end) {
          if (!check.test(i++)) {
            throw new IllegalStateException("a valid signature failed to verify");
          }
          count.add(per);
        }
      });
    }
    for (Thread t : ts) {
      t.start();
    }
    for (Thread t : ts) {
      t.join();
    }
    window[0] = millis;
    return count.sum() * 1000.0 / window[0];
  }
}
