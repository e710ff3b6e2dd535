package org.lazaret.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.lazaret.contracts.trace.CaptureArgs;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.node.runtime.Halt;
import org.lazaret.node.trace.TraceApi;
import org.lazaret.sdk.LazaretClient;

/**
 * Supply-chain trace at scale: captures a synthetic supply chain ({@link SupplyChain}) of N EPCIS
 * events on a fresh node, as signed {@code trace.capture} transactions of up to the per-call limit
 * of events each, pre-signed before the clock starts and sent over HTTP in binary batches; reports
 * committed events per second; then times lineage queries ({@code GET /v1/trace/{epc}}) from the
 * first raw item of random products, whose lineage reaches its container {@code depth} steps away,
 * and event queries without an EPC, which the node's read index answers. Each lineage answer is
 * checked to reach that depth, so a fast wrong answer cannot pass.
 */
public final class TraceBench {
  private static final int BATCH_TXS = 40;
  private static final int LINEAGE_QUERIES = 3_000;
  private static final int EVENT_QUERIES = 500;
  private static final int WARMUP_QUERIES = 300;

  private TraceBench() {}

  /** The figures; {@link #json} is the benchmark's last line. */
  public record Result(long events, long transactions, double captureSeconds, double indexSeconds, double traceP50Millis, double traceP99Millis,
      double queryP50Millis, double queryP99Millis, long rssBytes) {
    public double eventsPerSecond() {
      return events / captureSeconds;
    }

    public String json() {
      return String.format(Locale.ROOT,
          "{\"events\": %d, \"capture_events_per_s\": %.0f, \"trace_p50_ms\": %.2f, \"trace_p99_ms\": %.2f, \"events_query_p50_ms\": %.2f, \"events_query_p99_ms\": %.2f, "
              + "\"index_catch_up_s\": %.1f, \"transactions\": %d, \"rss_mib\": %d}",
          events, eventsPerSecond(), traceP50Millis, traceP99Millis, queryP50Millis, queryP99Millis, indexSeconds, transactions, rssBytes >> 20);
    }
  }

  public static Result run(long events, int depth, PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("lazaret-trace-bench");
    try {
      return run(dir, events, depth, out);
    } finally {
      SingleNodeBench.deleteTree(dir);
    }
  }

  private static Result run(Path dir, long events, int depth, PrintStream out) throws Exception {
    SupplyChain chain = new SupplyChain(depth);
    long units = Math.max(1, (events + chain.eventsPerUnit() - 1) / chain.eventsPerUnit());
    KeyPair key = KeyPair.deterministic("trace-bench");
    NodeConfig cfg = NodeConfig.defaults(dir, 0);
    Files.writeString(cfg.genesisFile(), Genesis.demo("trace-bench", System.currentTimeMillis(), key.publicKey(), Map.of()).document().toString());
    out.printf("signing %,d events of %,d units (%d events each, lineage depth %d)%n", units * chain.eventsPerUnit(), units, chain.eventsPerUnit(), depth);
    List<byte[]> txs = sign(chain, units, key);
    long total = units * chain.eventsPerUnit();
    out.printf("%,d transactions of up to %d events, %.0f MiB; starting a node%n", txs.size(), CaptureArgs.EVENTS_PER_CALL_MAX, txs.stream().mapToLong(t -> t.length).sum() / 1048576.0);
    try (Node node = Node.start(cfg, List.of(TraceApi.factory(Optional.empty())), Halt.exit())) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      LazaretClient client = new LazaretClient(node.url());
      long t0 = System.nanoTime();
      long rss = capture(http, node.url(), client, txs, total, out);
      double captureSeconds = (System.nanoTime() - t0) / 1e9;
      out.printf("captured %,d events in %.1f s: %,.0f events/s committed%n", total, captureSeconds, total / captureSeconds);
      long t1 = System.nanoTime();
      awaitIndex(http, node.url());
      double indexSeconds = (System.nanoTime() - t1) / 1e9;
      out.printf("read index caught up %.1f s after the last commit%n", indexSeconds);
      SplittableRandom random = new SplittableRandom(42);
      checkDepth(http, node.url(), units, depth, random);
      double[] trace = latencies(http, node.url(), LINEAGE_QUERIES, () -> "/v1/trace/" + enc(SupplyChain.firstRawItem(random.nextLong(units), random.nextInt(SupplyChain.PRODUCTS_PER_UNIT))));
      out.printf("lineage (depth %d), %,d queries: p50 %.2f ms, p99 %.2f ms%n", depth, LINEAGE_QUERIES, trace[0], trace[1]);
      double[] query = latencies(http, node.url(), EVENT_QUERIES, () -> {
        long unit = random.nextLong(units);
        return random.nextBoolean()
            ? "/epcis/events?EQ_bizStep=shipping&perPage=30&GE_eventTime=" + enc(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(unit * 3600).toString())
            : "/epcis/events?MATCH_anyEPC=" + enc(SupplyChain.container(unit));
      });
      out.printf("event queries without an item (by business step and time) or by container, %,d: p50 %.2f ms, p99 %.2f ms%n", EVENT_QUERIES, query[0], query[1]);
      return new Result(total, txs.size(), captureSeconds, indexSeconds, trace[0], trace[1], query[0], query[1], Math.max(rss, SingleNodeBench.rssBytes()));
    }
  }

  /** Every unit's events in calls of at most the per-call limit and the argument size limit, signed. */
  private static List<byte[]> sign(SupplyChain chain, long units, KeyPair key) {
    List<byte[]> txs = new ArrayList<>();
    List<JsonNode> call = new ArrayList<>();
    long nonce = 0;
    long expires = System.currentTimeMillis() + Limits.TX_EXPIRY_MILLIS_MAX - 60_000;
    int bytes = 0;
    for (long u = 0; u < units; u++) {
      for (String event : chain.unit(u)) {
        if (call.size() == CaptureArgs.EVENTS_PER_CALL_MAX || bytes + event.length() * 11 / 10 + 64 > Limits.TX_ARGS_BYTES_MAX - 1024) {
          txs.add(signed(call, nonce++, expires, key));
          call.clear();
          bytes = 0;
        }
        call.add(JsonNodeFactory.instance.textNode(event));
        bytes += event.length() * 11 / 10 + 64;
      }
    }
    if (!call.isEmpty()) {
      txs.add(signed(call, nonce, expires, key));
    }
    return txs;
  }

  private static byte[] signed(List<JsonNode> events, long nonce, long expires, KeyPair key) {
    var args = CaptureArgs.call(events, Optional.empty());
    if (CanonicalJson.encode(args).length > Limits.TX_ARGS_BYTES_MAX) {
      throw new IllegalStateException("a benchmark call is over the argument limit; lower its estimate");
    }
    return Transaction.of("trace-bench", key.publicKey(), nonce, TraceContract.NAME, "capture", args, expires).sign(key).encode();
  }

  /** Sends every transaction in order, resending what the node pushed back; waits for the last. */
  private static long capture(HttpClient http, String url, LazaretClient client, List<byte[]> txs, long events, PrintStream out) throws Exception {
    URI batchUri = URI.create(url + "/v1/transactions/batch");
    int next = 0;
    long rss = 0;
    long lastReport = System.nanoTime();
    while (next < txs.size()) {
      List<byte[]> batch = txs.subList(next, Math.min(txs.size(), next + BATCH_TXS));
      Writer w = new Writer(batch.stream().mapToInt(b -> b.length + 8).sum() + 8);
      w.u32(batch.size());
      batch.forEach(w::bytes);
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(batchUri).header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(w.toByteArray())).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IllegalStateException("batch refused: " + r.statusCode() + " " + r.body());
      }
      JsonNode results = SingleNodeBench.json(r.body()).path("results");
      int accepted = 0;
      while (accepted < results.size() && results.get(accepted).path("status").asText().equals("pending")) {
        accepted++;
      }
      if (accepted < results.size()) {
        JsonNode refused = results.get(accepted);
        boolean retry = refused.path("status").asText().equals("busy") || refused.path("error").path("code").asText().equals("NONCE_GAP");
        if (!retry) {
          throw new IllegalStateException("transaction " + (next + accepted) + " refused: " + refused);
        }
        Thread.sleep(100);
      }
      next += accepted;
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        rss = Math.max(rss, SingleNodeBench.rssBytes());
        long height = client.health().path("height").asLong();
        out.printf("  sent %,d of %,d transactions, chain height %,d, RSS %d MiB%n", next, txs.size(), height, rss >> 20);
        lastReport = System.nanoTime();
      }
    }
    SignedTransaction last = SignedTransaction.decode(txs.getLast());
    JsonNode status = client.await(last.id(), Duration.ofHours(2));
    if (!status.path("receipt").path("success").asBoolean()) {
      throw new IllegalStateException("the last capture was not applied: " + status);
    }
    // The first capture too: a reverted call would still have been committed.
    JsonNode first = client.status(SignedTransaction.decode(txs.getFirst()).id());
    if (!first.path("receipt").path("success").asBoolean()) {
      throw new IllegalStateException("the first capture was not applied: " + first);
    }
    return Math.max(rss, SingleNodeBench.rssBytes());
  }

  /** Event queries wait for the read index; one that answers 200 means it has caught up. */
  private static void awaitIndex(HttpClient http, String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofHours(1).toNanos();
    while (get(http, url + "/epcis/events?perPage=1").statusCode() == 503) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the trace index did not catch up within an hour");
      }
    }
  }

  private static void checkDepth(HttpClient http, String url, long units, int depth, SplittableRandom random) throws Exception {
    long unit = random.nextLong(units);
    HttpResponse<String> r = get(http, url + "/v1/trace/" + enc(SupplyChain.firstRawItem(unit, 0)));
    JsonNode graph = SingleNodeBench.json(r.body());
    int deepest = 0;
    boolean container = false;
    for (JsonNode n : graph.path("nodes")) {
      deepest = Math.max(deepest, n.path("depth").asInt());
      container |= n.path("id").asText().equals(SupplyChain.container(unit)) && n.path("depth").asInt() == depth;
    }
    if (r.statusCode() != 200 || !container || deepest != depth) {
      throw new IllegalStateException("the lineage of unit " + unit + " does not reach its container at depth " + depth + ": " + r.body());
    }
  }

  /** p50 and p99 in milliseconds of sequential requests, after a warm-up. */
  private static double[] latencies(HttpClient http, String url, int count, Supplier<String> path) throws Exception {
    for (int i = 0; i < WARMUP_QUERIES; i++) {
      get(http, url + path.get());
    }
    double[] millis = new double[count];
    for (int i = 0; i < count; i++) {
      String p = path.get();
      long t = System.nanoTime();
      HttpResponse<String> r = get(http, url + p);
      millis[i] = (System.nanoTime() - t) / 1e6;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(p + " answered " + r.statusCode() + ": " + r.body());
      }
    }
    Arrays.sort(millis);
    return new double[] {millis[count / 2], millis[(int) Math.ceil(count * 0.99) - 1]};
  }

  private static HttpResponse<String> get(HttpClient http, String uri) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
