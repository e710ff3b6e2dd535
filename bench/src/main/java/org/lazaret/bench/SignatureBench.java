package org.lazaret.bench;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.crypto.SignatureBatch;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Ed25519 verification on one core: BouncyCastle one signature at a time against the node's batch
 * verification at several batch sizes, over the same signed transfers in the same process, in
 * alternating rounds so that a neighbour's load falls on every figure alike. The median round is
 * reported; the cost per signature is what the batch sizes are compared by.
 */
public final class SignatureBench {
  static final int[] BATCHES = {64, 250, 1_000};
  private static final int ROUNDS = 5;

  private SignatureBench() {}

  /** Microseconds per signature: one at a time, then for each of {@link #BATCHES}. */
  public record Result(double aloneMicros, double[] batchMicros) {
    public String json() {
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "{\"alone_us_per_signature\": %.1f", aloneMicros));
      for (int i = 0; i < BATCHES.length; i++) {
        b.append(String.format(Locale.ROOT, ", \"batch_%d_us_per_signature\": %.1f", BATCHES[i], batchMicros[i]));
      }
      return b.append('}').toString();
    }
  }

  public static Result run(int secondsPerRound, PrintStream out) {
    int n = BATCHES[BATCHES.length - 1];
    // Senders repeat, as in the throughput benchmark's load: 4,000 of them over the batches.
    List<SignedTransaction> transfers = VerifyCeiling.transfers(4 * n, 4_000);
    List<PublicKey> keys = transfers.stream().map(tx -> tx.body().sender()).toList();
    List<byte[]> messages = transfers.stream().map(tx -> tx.bodyBytes().unsafeArray()).toList();
    List<byte[]> signatures = transfers.stream().map(tx -> tx.signature().unsafeArray()).toList();
    out.printf("verifying on one core, %d alternating rounds of %d s per figure...%n", ROUNDS, secondsPerRound);
    double[][] rounds = new double[BATCHES.length + 1][ROUNDS + 1];
    for (int r = 0; r <= ROUNDS; r++) { // round 0 warms the JIT and is not counted
      rounds[0][r] = microsPerSignature(secondsPerRound, 1, from -> {
        if (!keys.get(from).verify(messages.get(from), signatures.get(from))) {
          throw new IllegalStateException("a valid signature failed to verify");
        }
      }, keys.size());
      for (int b = 0; b < BATCHES.length; b++) {
        int size = BATCHES[b];
        rounds[b + 1][r] = microsPerSignature(secondsPerRound, size, from -> {
          for (boolean ok : SignatureBatch.verify(keys.subList(from, from + size), messages.subList(from, from + size), signatures.subList(from, from + size))) {
            if (!ok) {
              throw new IllegalStateException("a valid signature failed to verify in a batch");
            }
          }
        }, keys.size());
      }
      if (r > 0) {
        out.printf("round %d: alone %.1f µs; batches of %s: %s µs per signature%n", r, rounds[0][r], Arrays.toString(BATCHES), batchLine(rounds, r));
      }
    }
    double[] batches = new double[BATCHES.length];
    for (int b = 0; b < BATCHES.length; b++) {
      batches[b] = median(rounds[b + 1]);
    }
    return new Result(median(rounds[0]), batches);
  }

  private static String batchLine(double[][] rounds, int r) {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < rounds.length; i++) {
      b.append(i == 1 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", rounds[i][r]));
    }
    return b.toString();
  }

  /** The median of the counted rounds (index 1 on). */
  private static double median(double[] perRound) {
    double[] counted = Arrays.copyOfRange(perRound, 1, perRound.length);
    Arrays.sort(counted);
    return counted[counted.length / 2];
  }

  private static double microsPerSignature(int seconds, int per, java.util.function.IntConsumer verifyFrom, int total) {
    long signaturesDone = 0;
    int from = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      verifyFrom.accept(from);
      signaturesDone += per;
      from = (from + per) % (total - per + 1);
    }
    return (System.nanoTime() - start) / 1e3 / signaturesDone;
  }
}
