package org.lazaret.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.sdk.LazaretClient;

/**
 * Drives pre-signed transfers at the HTTP APIs of one or more nodes and measures what commits:
 * client threads (spread over the nodes) submit binary batches of {@link #BATCH} and resend what
 * a node pushes back; after a warm-up, committed throughput is counted from the blocks whose
 * timestamps fall in the measured window, and submit-to-commit latency from the sampled transfers
 * sent in the window, each timed from the moment its batch was sent until the node it was sent to
 * announced the block holding it on its block stream (so "committed" means durable there). The
 * nodes' resident memory is sampled every second.
 */
final class LoadGenerator {
  static final int BATCH = 1_000;
  private static final int CLIENTS = 3;
  private static final long LATE_COMMIT_WAIT_MILLIS = 15_000;
  private static final long PACE_TICK_MILLIS = 100;

  /** What one measured window gave. Latencies are of the sampled transfers, in microseconds. */
  record Measurement(long committed, double seconds, List<Long> latencyMicros, long pushedBack, long rssBytesMax) {
    double committedTps() {
      return committed / seconds;
    }

    double latencyMillis(double quantile) {
      if (latencyMicros.isEmpty()) {
        return Double.NaN;
      }
      List<Long> sorted = new ArrayList<>(latencyMicros);
      Collections.sort(sorted);
      int i = (int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(quantile * sorted.size()) - 1));
      return sorted.get(i) / 1000.0;
    }
  }

  private LoadGenerator() {}

  /**
   * One measured window: {@code seconds} long after a warm-up, with clients sending as fast as the
   * nodes take ({@code ratePerSecond} 0, for throughput) or at a fixed total rate (for latency at a
   * load both systems sustain).
   */
  record Window(int seconds, long ratePerSecond) {
    /**
     * A node's JIT compiler takes a good part of a core for its first fifteen to twenty seconds
     * under this load (the nodes' `jvm_compilation_time_ms_total` grows by 0.5–1.4 s per second,
     * then by under 0.15); the figure wanted is the steady state, so the warm-up lasts at least
     * this long and then until compilation has settled (see {@link #SETTLE_SECONDS_MAX}).
     */
    static int warmupSeconds(int seconds) {
      return Math.max(15, seconds / 4);
    }

    /**
     * At most this long past {@link #warmupSeconds} waiting for the JIT compilers to settle. A
     * single node settles within about 15 s of the minimum; three members sharing two cores
     * compile the same code three times over, and Ratis's and gRPC's paths run rarely enough to
     * reach the compile thresholds late: they took a third of the machine 30 s in and had settled
     * after about two minutes.
     */
    static final int SETTLE_SECONDS_MAX = 75;

    /**
     * Settled: each node compiled for less than this share of the last {@link #SETTLE_SPAN_MILLIS}.
     * Over 2 s, a cluster member's lull between bursts passed for settled, and its compilers
     * then took a quarter of the machine in the window.
     */
    static final double SETTLED_COMPILE_SHARE = 0.1;

    static final long SETTLE_SPAN_MILLIS = 6_000;

    int warmupSeconds() {
      return warmupSeconds(seconds);
    }
  }

  /** What the client threads of one window share. */
  private static final class Shared {
    final PresignedTransfers load;
    final TransferCursor cursor;
    final long[] sentAt;
    final byte[] via;
    /** The window's bounds, set when the warm-up ends; until then no send falls in the window. */
    volatile long endMillis = Long.MAX_VALUE;
    volatile long t0Nanos = Long.MAX_VALUE;
    volatile long endNanos = Long.MAX_VALUE;
    final AtomicLong submitted = new AtomicLong();
    final AtomicLong pushedBack = new AtomicLong();
    final AtomicLong sampledInWindow = new AtomicLong();
    /** When a client first found no transfer left to send; MAX_VALUE while the load lasts. */
    final AtomicLong dryAtMillis = new AtomicLong(Long.MAX_VALUE);

    Shared(PresignedTransfers load, TransferCursor cursor) {
      this.load = load;
      this.cursor = cursor;
      this.sentAt = new long[load.encoded.length];
      this.via = new byte[load.encoded.length];
    }
  }

  /**
   * Runs one window against {@code urls}, taking transfers from {@code cursor} (a chain's cursor
   * carries over between its windows, so nothing is sent twice and no nonce is skipped).
   */
  static Measurement run(PresignedTransfers load, TransferCursor cursor, List<String> urls, List<Long> nodePids, Window window, PrintStream out) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    LazaretClient first = new LazaretClient(urls.get(0));
    out.printf("warming up for %d s (up to %d s more until the nodes' JIT compilers settle), then measuring for %d s against %d node(s), %s%n",
        window.warmupSeconds(), Window.SETTLE_SECONDS_MAX, window.seconds(), urls.size(),
        window.ratePerSecond() == 0 ? "as fast as they take transfers" : "at " + window.ratePerSecond() + " transfers/s");
    long startHeight = first.health().path("height").asLong();
    long warmupStart = System.currentTimeMillis();
    Shared shared = new Shared(load, cursor);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());

    List<BlockWatcher> watchers = new ArrayList<>();
    for (int n = 0; n < urls.size(); n++) {
      watchers.add(new BlockWatcher(http, urls.get(n), startHeight + 1, n, shared, latencies));
    }
    List<Thread> clients = new ArrayList<>();
    int clientCount = Math.max(CLIENTS, urls.size());
    long perClientRate = window.ratePerSecond() / clientCount;
    for (int c = 0; c < clientCount; c++) {
      int node = c % urls.size();
      URI batchUri = URI.create(urls.get(node) + "/v1/transactions/batch?results=refused");
      clients.add(Thread.ofPlatform().name("bench-client-" + c).start(() -> submitLoop(http, batchUri, (byte) node, shared, perClientRate)));
    }

    long rss = 0;
    long lastHeight = startHeight;
    long lastCommitted = 0;
    long tickStart = System.currentTimeMillis();
    long t0Millis = Long.MAX_VALUE;
    long endMillis = Long.MAX_VALUE;
    // Each node's compilation time so far, read about once a second, over the last settle span.
    List<CompileReading> compiled = new ArrayList<>();
    while (System.currentTimeMillis() < endMillis) {
      Thread.sleep(1000);
      if (t0Millis == Long.MAX_VALUE) {
        long now = System.currentTimeMillis();
        compiled.add(new CompileReading(now, compileMillis(http, urls)));
        while (compiled.size() > 2 && now - compiled.get(1).atMillis() >= Window.SETTLE_SPAN_MILLIS) {
          compiled.remove(0);
        }
        long span = now - compiled.get(0).atMillis();
        double busiest = span < Window.SETTLE_SPAN_MILLIS ? Double.MAX_VALUE
            : busiestCompileShare(compiled.get(0).millis(), compiled.get(compiled.size() - 1).millis(), span);
        boolean minimumDone = now - warmupStart >= window.warmupSeconds() * 1000L;
        boolean capped = now - warmupStart >= (window.warmupSeconds() + Window.SETTLE_SECONDS_MAX) * 1000L;
        if (minimumDone && (busiest < Window.SETTLED_COMPILE_SHARE || capped)) {
          t0Millis = now;
          endMillis = t0Millis + window.seconds() * 1000L;
          long t0Nanos = System.nanoTime();
          shared.t0Nanos = t0Nanos;
          shared.endNanos = t0Nanos + window.seconds() * 1_000_000_000L;
          shared.endMillis = endMillis;
          out.printf("warm-up over after %.0f s: %s; measuring%n", (now - warmupStart) / 1000.0,
              busiest < Window.SETTLED_COMPILE_SHARE
                  ? String.format("the busiest node's JIT compilers took %.0f %% of the last %d s", busiest * 100, Window.SETTLE_SPAN_MILLIS / 1000)
                  : String.format("the JIT compilers had not settled (%.0f %% of the last %d s), measuring anyway", busiest * 100, Window.SETTLE_SPAN_MILLIS / 1000));
        }
      }
      for (long pid : nodePids) {
        rss = Math.max(rss, SingleNodeBench.rssBytes(pid));
      }
      long height = first.health().path("height").asLong();
      long committedNow = lastCommitted;
      for (JsonNode b : SingleNodeBench.headers(first, lastHeight, height)) {
        committedNow += b.path("txCount").asLong();
      }
      out.printf("%5.1f s  submitted %,d  committed %,d  (%,d/s)  node RSS max %d MiB%n", (System.currentTimeMillis() - tickStart) / 1000.0, shared.submitted.get(), committedNow, committedNow - lastCommitted, rss >> 20);
      lastHeight = height;
      lastCommitted = committedNow;
    }
    for (Thread t : clients) {
      t.join();
    }
    long lateDeadline = System.currentTimeMillis() + LATE_COMMIT_WAIT_MILLIS;
    while (latencies.size() < shared.sampledInWindow.get() && System.currentTimeMillis() < lateDeadline) {
      Thread.sleep(100);
    }
    watchers.forEach(BlockWatcher::close);
    long dry = shared.dryAtMillis.get();
    if (dry < endMillis) {
      throw new IllegalStateException(String.format(Locale.ROOT,
          "the pre-signed load (%,d transfers) ran out %.0f s before the measured window ended, so the figure would understate the nodes; shorten --seconds or raise --max-tps (at most %,d transfers are pre-signed)",
          load.encoded.length, (endMillis - dry) / 1000.0, PresignedTransfers.MAX));
    }
    long committed = SingleNodeBench.committedBetween(first, startHeight, t0Millis, endMillis);
    long blocks = first.health().path("height").asLong() - startHeight;
    out.printf("%,d blocks, %,.0f transactions per block on average; %,d of %,d sampled transfers sent in the window seen committed%n",
        blocks, (double) shared.submitted.get() / Math.max(1, blocks), latencies.size(), shared.sampledInWindow.get());
    return new Measurement(committed, (endMillis - t0Millis) / 1000.0, List.copyOf(latencies), shared.pushedBack.get(), rss);
  }

  private record CompileReading(long atMillis, double[] millis) {}

  /** Each node's JIT compilation time so far (ms), from its metrics; NaN where it cannot be read. */
  private static double[] compileMillis(HttpClient http, List<String> urls) {
    double[] out = new double[urls.size()];
    for (int n = 0; n < urls.size(); n++) {
      out[n] = Double.NaN;
      try {
        HttpResponse<java.util.stream.Stream<String>> r =
            http.send(HttpRequest.newBuilder(URI.create(urls.get(n) + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofLines());
        try (java.util.stream.Stream<String> lines = r.body()) {
          out[n] = lines.filter(l -> l.startsWith("jvm_compilation_time_ms_total"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum();
        }
      } catch (java.io.IOException | RuntimeException e) {
        // left NaN: that node does not hold the warm-up back
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return out;
  }

  /** The largest share of {@code millis} any node spent compiling between two readings. */
  static double busiestCompileShare(double[] before, double[] after, long millis) {
    double busiest = 0;
    for (int n = 0; n < before.length; n++) {
      double d = after[n] - before[n];
      if (!Double.isNaN(d)) {
        busiest = Math.max(busiest, d / millis);
      }
    }
    return busiest;
  }

  private static void submitLoop(HttpClient http, URI batchUri, byte node, Shared s, long ratePerSecond) {
    // Paced: a small batch every tick. Unpaced: full batches back to back.
    int batchMax = ratePerSecond == 0 ? BATCH : (int) Math.max(1, Math.min(BATCH, ratePerSecond * PACE_TICK_MILLIS / 1000));
    long nextTick = System.nanoTime();
    // Transfers the node answered "busy" (or refused for a gap left by a busy one) are sent
    // again, in order, as a real client would after Retry-After.
    List<Integer> retry = new ArrayList<>();
    while (System.currentTimeMillis() < s.endMillis) {
      if (ratePerSecond > 0) {
        long wait = nextTick - System.nanoTime();
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          } catch (InterruptedException e) {
            return;
          }
        }
        nextTick += PACE_TICK_MILLIS * 1_000_000L;
      }
      List<Integer> batch = new ArrayList<>(retry);
      retry.clear();
      batch.addAll(s.cursor.next(node, batchMax - Math.min(batchMax, batch.size())));
      if (batch.isEmpty()) {
        s.dryAtMillis.accumulateAndGet(System.currentTimeMillis(), Math::min);
        return;
      }
      Writer w = new Writer(batch.size() * 260);
      w.u32(batch.size());
      batch.forEach(i -> w.bytes(s.load.encoded[i]));
      long now = System.nanoTime();
      for (int i : batch) {
        s.sentAt[i] = now;
        s.via[i] = node;
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(batchUri).header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(w.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
          throw new IllegalStateException("batch refused: " + r.statusCode() + " " + r.body());
        }
        // Only the refused are listed, by index; every other transaction of the batch is pending.
        JsonNode refused = SingleNodeBench.json(r.body()).path("refused");
        int back = 0;
        int k = 0;
        for (int pos = 0; pos < batch.size(); pos++) {
          int index = batch.get(pos);
          JsonNode result = k < refused.size() && refused.get(k).path("index").asInt() == pos ? refused.get(k++) : null;
          if (result == null) {
            s.submitted.incrementAndGet();
            if (index % PresignedTransfers.SAMPLE_EVERY == 0 && now >= s.t0Nanos && now < s.endNanos) {
              s.sampledInWindow.incrementAndGet();
            }
          } else if (result.path("status").asText().equals("busy") || result.path("error").path("code").asText().equals("NONCE_GAP")) {
            retry.add(index);
            back++;
          }
        }
        if (k != refused.size()) {
          throw new IllegalStateException("the node listed refusals out of order or beyond the batch: " + r.body());
        }
        if (back > 0) {
          s.pushedBack.addAndGet(back);
          Thread.sleep(50);
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } catch (InterruptedException e) {
        s.cursor.giveBack(node, retry);
        return;
      }
    }
    s.cursor.giveBack(node, retry);
  }

  /**
   * Reads one node's block stream, in its ids-only view, and times the sampled transfers that were
   * sent to that node. The ids are picked out of each event's transaction array by position, not
   * parsed, to keep the generator's own CPU use small on a machine it shares with the nodes.
   */
  private static final class BlockWatcher implements AutoCloseable {
    private static final String IDS = "\"transactions\":[\"";
    private final Thread thread;
    private volatile InputStream body;
    private volatile boolean open = true;

    BlockWatcher(HttpClient http, String url, long fromHeight, int node, Shared s, List<Long> latencies) {
      thread = Thread.ofPlatform().daemon().name("bench-watch-" + node).start(() -> {
        try {
          HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/events?view=ids&from=" + fromHeight)).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
          body = r.body();
          BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
          for (String line = in.readLine(); line != null && open; line = in.readLine()) {
            if (!line.startsWith("data:")) {
              continue;
            }
            long now = System.nanoTime();
            int at = line.indexOf(IDS);
            // Canonical JSON, no spaces: ["<64 hex>","<64 hex>",...]
            for (int start = at < 0 ? line.length() : at + IDS.length(); start + 65 < line.length(); start += 67) {
              Integer index;
              try {
                index = s.load.sampled.get(Hash32.fromHex("id", line.substring(start, start + 64)));
              } catch (IllegalArgumentException notATransactionId) {
                break;
              }
              if (index != null && s.via[index] == node && s.sentAt[index] >= s.t0Nanos && s.sentAt[index] < s.endNanos) {
                latencies.add((now - s.sentAt[index]) / 1000);
              }
              if (line.charAt(start + 65) != ',') {
                break;
              }
            }
          }
        } catch (IOException | InterruptedException e) {
          // the stream ends when the watcher is closed or the node stops
        }
      });
    }

    @Override
    public void close() {
      open = false;
      InputStream b = body;
      if (b != null) {
        try {
          b.close();
        } catch (IOException ignored) {
          // closing
        }
      }
      thread.interrupt();
    }
  }
}
