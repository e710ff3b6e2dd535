package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import me.tongfei.progressbar.ProgressBar;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.sdk.LazaretClient;

/**
 * Sends one sender's pre-signed transactions (consecutive nonces) in batches, waiting out a busy
 * node, then waits for each to be committed: what the bulk commands (data publish, epcis import)
 * share.
 */
final class Sender {
  /** The first transaction the node refused for good, and why; those after it were not sent. */
  record Refusal(int index, String code, String detail) {}

  private Sender() {}

  /** Submits in order; a busy node is waited for and the rest resubmitted from the first it refused. */
  static Optional<Refusal> submit(LazaretClient client, List<SignedTransaction> txs, int batch, Duration timeout, ProgressBar bar) {
    int next = 0;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (next < txs.size()) {
      List<SignedTransaction> part = txs.subList(next, Math.min(txs.size(), next + batch));
      JsonNode results = Remote.call(() -> client.submitBatch(part));
      int accepted = 0;
      while (accepted < part.size() && "pending".equals(results.get(accepted).path("status").asText())) {
        accepted++;
      }
      if (accepted < part.size()) {
        JsonNode r = results.get(accepted);
        if (!"busy".equals(r.path("status").asText())) {
          return Optional.of(new Refusal(next + accepted, r.path("error").path("code").asText(), r.path("error").path("detail").asText()));
        }
        if (System.nanoTime() > deadline) {
          throw new Main.Failure(1, "the node stayed busy for " + timeout.toSeconds() + " s");
        }
        pause(500);
      }
      next += accepted;
      bar.setExtraMessage(" sent " + next);
    }
    return Optional.empty();
  }

  /** The status of each transaction once it is committed; fails if one is not within the timeout. */
  static List<JsonNode> await(LazaretClient client, List<SignedTransaction> txs, Duration timeout, ProgressBar bar) {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    for (SignedTransaction tx : txs) {
      Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
      JsonNode s = Remote.call(() -> client.await(tx.id(), left));
      if (!"committed".equals(s.path("status").asText())) {
        throw new Main.Failure(1, tx.body().method() + " (transaction " + tx.id().hex() + ") was " + s.path("status").asText() + ": " + s.path("receipt").path("reason").asText());
      }
      out.add(s);
      bar.step();
    }
    return out;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Main.Failure(1, "interrupted");
    }
  }
}
