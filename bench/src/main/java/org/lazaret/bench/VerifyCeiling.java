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
 * as the load so that the ratio between them survives a noisy shared machine.
 */
public final class VerifyCeiling {
  private VerifyCeiling() {}

  public static double measure(long millis) throws InterruptedException {
    KeyPair k = KeyPair.deterministic("ceiling");
    List<SignedTransaction> txs = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      txs.add(Transaction.of("bench", k.publicKey(), i, "token", "transfer", CanonicalJson.object().put("to", k.publicKey().hex()).put("amount", 1), Long.MAX_VALUE / 2).sign(k));
    }
    int threads = Runtime.getRuntime().availableProcessors();
    LongAdder count = new LongAdder();
    long warmEnd = System.nanoTime() + 500_000_000L;
    long[] window = new long[2];
    Thread[] ts = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int offset = t;
      ts[t] = new Thread(() -> {
        int i = offset;
        while (System.nanoTime() < warmEnd) {
          if (!txs.get(i++ & 255).signatureValid()) {
            throw new IllegalStateException("a valid signature failed to verify");
          }
        }
        long end = warmEnd + millis * 1_000_000L;
        while (System.nanoTime() < end) {
          if (!txs.get(i++ & 255).signatureValid()) {
            throw new IllegalStateException("a valid signature failed to verify");
          }
          count.increment();
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
