package org.lazaret.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lazaret.sdk.LazaretClient;

/**
 * The single-node throughput benchmark: a fresh node with funded sender accounts, token transfers
 * pre-signed before the clock starts ({@link PresignedTransfers}), submitted over the node's HTTP
 * API by the {@link LoadGenerator} to a node running in its own JVM. Committed throughput is set
 * against the Ed25519 verification ceiling measured in the same run; the node's resident memory is
 * sampled throughout.
 */
public final class SingleNodeBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * The node's heap in the benchmark; resident memory is reported against a 1 GiB target. The old
   * generation (the heap less the young one) holds about 90 MiB live; with 256 MiB of it, a node
   * whose old generation had grown to its limit reached 1,030–1,060 MiB resident.
   */
  static final String NODE_HEAP = "576m";
  static final String NODE_YOUNG = "384m";

  /**
   * {@code batchVerifyTps} is the rate of the node's batched verification on the same cores, which
   * can exceed the library's one-at-a-time ceiling; the committed rate against it says how much of
   * the remaining headroom the rest of the node takes.
   */
  public record Result(double committedTps, double verifyCeilingTps, double batchVerifyTps, long committed, double seconds, long rssBytes, double p50Millis, double p99Millis) {
    public double ratio() {
      return committedTps / verifyCeilingTps;
    }

    public String json() {
      return String.format(
          Locale.ROOT,
          "{\"committed_tps\": %.1f, \"verify_ceiling_tps\": %.1f, \"ratio\": %.3f, \"batch_verify_tps\": %.1f, \"ratio_to_batch\": %.3f, \"committed\": %d, \"seconds\": %.1f, \"rss_mib\": %d, \"p50_ms\": %.1f, \"p99_ms\": %.1f}",
          committedTps, verifyCeilingTps, ratio(), batchVerifyTps, committedTps / batchVerifyTps, committed, seconds, rssBytes >> 20, p50Millis, p99Millis);
    }
  }

  private SingleNodeBench() {}

  public static Result run(int seconds, double assumedTpsMax, PrintStream out) throws Exception {
    out.printf("measuring the Ed25519 verification ceiling on %d cores...%n", Runtime.getRuntime().availableProcessors());
    double ceilingBefore = VerifyCeiling.measure(3_000);
    out.printf("verification ceiling: %.0f/s%n", ceilingBefore);
    PresignedTransfers load = PresignedTransfers.sign(transfersFor(seconds, assumedTpsMax), out);
    LoadGenerator.Measurement m = measure(load, seconds, out);
    // Measured again once the node is gone, so that a neighbour's load at one moment does not
    // decide the ratio alone; the mean of the two is the ceiling reported.
    double ceilingAfter = VerifyCeiling.measure(3_000);
    out.printf("verification ceiling after the load: %.0f/s%n", ceilingAfter);
    double batched = VerifyCeiling.measureBatched(3_000);
    out.printf("batched verification (%d per batch): %.0f/s%n", VerifyCeiling.BATCH, batched);
    return new Result(m.committedTps(), (ceilingBefore + ceilingAfter) / 2, batched, m.committed(), m.seconds(), m.rssBytesMax(), m.latencyMillis(0.5), m.latencyMillis(0.99));
  }

  /** How many transfers to pre-sign so that the load cannot run out at {@code assumedTpsMax}. */
  static long transfersFor(int seconds, double assumedTpsMax) {
    int warmup = LoadGenerator.Window.warmupSeconds(seconds) + LoadGenerator.Window.SETTLE_SECONDS_MAX;
    return (long) Math.min(PresignedTransfers.MAX, Math.max(20_000, assumedTpsMax * (seconds + warmup)));
  }

  /** One fresh node on the transfers' genesis, loaded as fast as it takes transfers, then stopped and deleted. */
  static LoadGenerator.Measurement measure(PresignedTransfers load, int seconds, PrintStream out) throws Exception {
    try (BenchTarget node = BenchTarget.single(load)) {
      LoadGenerator.Measurement m = node.measure(new LoadGenerator.Window(seconds, 0), out);
      node.printPhases(out);
      if (m.pushedBack() > 0) {
        out.printf("the node pushed back %,d transactions (mempool full); they were sent again%n", m.pushedBack());
      }
      return m;
    }
  }

  static void printPhases(String url, PrintStream out) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (String line : new String(http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray()).body()).lines().toList()) {
      if (line.startsWith("lazaret_block_apply_seconds_sum") || line.startsWith("lazaret_block_apply_seconds_count{phase=\"persist") || line.startsWith("lazaret_tx_busy_total")) {
        out.println("node: " + line);
      }
    }
  }

  static long committedBetween(LazaretClient client, long afterHeight, long fromMillis, long toMillis) {
    long n = 0;
    for (JsonNode header : headers(client, afterHeight, client.health().path("height").asLong())) {
      long t = header.path("timestamp").asLong();
      if (t >= fromMillis && t < toMillis) {
        n += header.path("txCount").asLong();
      }
    }
    return n;
  }

  /**
   * The headers of blocks above {@code afterHeight} up to {@code top}, from the block listing:
   * counting through full blocks would make the node decode and re-hash every transaction of the
   * load it is being measured on.
   */
  static List<JsonNode> headers(LazaretClient client, long afterHeight, long top) {
    List<JsonNode> out = new ArrayList<>();
    long before = top + 1;
    while (before > afterHeight + 1) {
      int limit = (int) Math.min(100, before - afterHeight - 1);
      JsonNode page = client.get("/v1/blocks?before=" + before + "&limit=" + limit).path("blocks");
      if (page.isEmpty()) {
        break;
      }
      page.forEach(out::add);
      before = page.get(page.size() - 1).path("height").asLong();
    }
    return out;
  }

  static JsonNode json(String s) throws IOException {
    return JSON.readTree(s);
  }

  static long rssBytes() {
    return rssBytes(ProcessHandle.current().pid());
  }

  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  static List<String> javaCommand(String heap) {
    // The collector the launcher gives a node (see the lazaret script), with the young generation
    // at most of the heap and fixed survivor spaces, as docs/operations.md advises for a node with
    // a capped heap under sustained load: the collector's own resizing kept the young generation
    // small and promoted the mempool's short-lived transactions (GC 10.3 against 7.7 µs per
    // transaction, 880 against 670 MiB resident, in alternating runs), and a larger young
    // generation copies the data in flight less often (a 384 MiB young generation: GC 5.9–6.6
    // against 8.2–8.5 µs per transaction with 256 MiB of a 512 MiB heap).
    List<String> cmd =
        new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx" + heap, "-Xmn" + NODE_YOUNG, "-XX:SurvivorRatio=3", "-XX:-UseAdaptiveSizePolicy", "-XX:+UseParallelGC"));
    // For profiling the node under load, e.g. LAZARET_BENCH_NODE_OPTS=-XX:StartFlightRecording=filename=node.jfr
    String extra = System.getenv("LAZARET_BENCH_NODE_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.strip().split("\\s+")));
    }
    return cmd;
  }
}
