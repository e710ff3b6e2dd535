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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.sdk.LazaretClient;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.genesis.Genesis;

/**
 * The single-node throughput benchmark: a fresh node with funded sender accounts, token transfers
 * pre-signed before the clock starts, submitted over the node's HTTP API in binary batches by a
 * few client threads, to a node running in its own JVM. After a warm-up, committed throughput is
 * counted from the blocks whose timestamps fall in the measured window and set against the Ed25519
 * verification ceiling measured in the same run; the node's resident memory is sampled throughout.
 */
public final class SingleNodeBench {
  private static final int SENDERS = 4_000;
  private static final int BATCH = 1_000;
  private static final int CLIENTS = 3;
  /** The node's heap in the benchmark; resident memory is reported against a 1 GiB target. */
  static final String NODE_HEAP = "512m";

  public record Result(double committedTps, double verifyCeilingTps, long committed, double seconds, long rssBytes) {
    public double ratio() {
      return committedTps / verifyCeilingTps;
    }

    public String json() {
      return String.format(
          Locale.ROOT, "{\"committed_tps\": %.1f, \"verify_ceiling_tps\": %.1f, \"ratio\": %.3f, \"committed\": %d, \"seconds\": %.1f, \"rss_mib\": %d}",
          committedTps, verifyCeilingTps, ratio(), committed, seconds, rssBytes >> 20);
    }
  }

  private SingleNodeBench() {}

  public static Result run(int seconds, double assumedTpsMax, PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("lazaret-bench");
    try {
      return run(dir, seconds, assumedTpsMax, out);
    } finally {
      deleteTree(dir);
    }
  }

  private static Result run(Path dir, int seconds, double assumedTpsMax, PrintStream out) throws Exception {
    out.printf("measuring the Ed25519 verification ceiling on %d cores...%n", Runtime.getRuntime().availableProcessors());
    double ceilingBefore = VerifyCeiling.measure(3_000);
    out.printf("verification ceiling: %.0f/s%n", ceilingBefore);

    List<KeyPair> senders = IntStream.range(0, SENDERS).parallel().mapToObj(i -> KeyPair.deterministic("bench-sender-" + i)).toList();
    KeyPair demo = KeyPair.deterministic("bench-demo");
    var doc = Genesis.demo("bench", System.currentTimeMillis(), demo.publicKey(), Map.of()).document();
    var balances = ((com.fasterxml.jackson.databind.node.ObjectNode) doc).putArray("balances");
    balances.addObject().put("key", demo.publicKey().hex()).put("amount", 1_000_000);
    for (KeyPair s : senders) {
      balances.addObject().put("key", s.publicKey().hex()).put("amount", 1_000_000_000L);
    }
    NodeConfig cfg = NodeConfig.defaults(dir, 0);
    Files.writeString(cfg.genesisFile(), doc.toString());

    // The node's JIT compiler takes a good part of a core for its first fifteen seconds under
    // this load (JFR's compiler statistics flatten after that); the figure wanted is the steady
    // state, so the warm-up lasts until compilation has settled.
    int warmupSeconds = Math.max(15, seconds / 4);
    long total = (long) Math.min(2_000_000, Math.max(20_000, assumedTpsMax * (seconds + warmupSeconds)));
    int perSender = (int) Math.ceil((double) total / SENDERS);
    out.printf("pre-signing %d transfers from %d senders...%n", (long) perSender * SENDERS, SENDERS);
    long expires = System.currentTimeMillis() + 3_600_000L;
    List<PublicKey> targets = senders.stream().map(KeyPair::publicKey).toList();
    // Round-robin over senders so each batch holds consecutive nonces of many senders.
    byte[][] encoded = new byte[perSender * SENDERS][];
    IntStream.range(0, SENDERS).parallel().forEach(s -> {
      KeyPair k = senders.get(s);
      for (int n = 0; n < perSender; n++) {
        PublicKey to = targets.get((s + 1 + n) % SENDERS);
        SignedTransaction tx = Transaction.of("bench", k.publicKey(), n, "token", "transfer", CanonicalJson.object().put("to", to.hex()).put("amount", 1 + (n % 7)), expires).sign(k);
        encoded[n * SENDERS + s] = tx.encode();
      }
    });
    ConcurrentLinkedQueue<byte[]> transactions = new ConcurrentLinkedQueue<>(java.util.Arrays.asList(encoded));

    Process node = startNode(dir);
    try {
      String url = awaitApi(node);
      LazaretClient client = new LazaretClient(url);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI batchUri = URI.create(url + "/v1/transactions/batch");
      out.printf("warming up for %d s, then measuring for %d s%n", warmupSeconds, seconds);
      long startHeight = client.health().path("height").asLong();
      long t0 = System.currentTimeMillis() + warmupSeconds * 1000L;
      long end = t0 + seconds * 1000L;
      AtomicLong submitted = new AtomicLong();
      AtomicLong busy = new AtomicLong();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Thread t = Thread.ofPlatform().name("bench-client-" + c).start(() -> {
          // Transactions the node answered "busy" (or refused for a gap left by a busy one) are
          // sent again, in order, as a real client would after Retry-After.
          List<byte[]> retry = new ArrayList<>();
          while (System.currentTimeMillis() < end) {
            List<byte[]> batch = new ArrayList<>(retry);
            retry.clear();
            while (batch.size() < BATCH) {
              byte[] next = transactions.poll();
              if (next == null) {
                break;
              }
              batch.add(next);
            }
            if (batch.isEmpty()) {
              return;
            }
            Writer w = new Writer(batch.size() * 260);
            w.u32(batch.size());
            batch.forEach(w::bytes);
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(batchUri).header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(w.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 202) {
                throw new IllegalStateException("batch refused: " + r.statusCode() + " " + r.body());
              }
              JsonNode results = json(r.body()).path("results");
              int pushedBack = 0;
              for (int i = 0; i < results.size(); i++) {
                String status = results.get(i).path("status").asText();
                if (status.equals("pending")) {
                  submitted.incrementAndGet();
                } else if (status.equals("busy") || results.get(i).path("error").path("code").asText().equals("NONCE_GAP")) {
                  retry.add(batch.get(i));
                  pushedBack++;
                }
              }
              if (pushedBack > 0) {
                busy.addAndGet(pushedBack);
                Thread.sleep(50);
              }
            } catch (IOException e) {
              throw new IllegalStateException(e);
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        clients.add(t);
      }
      long rss = 0;
      long lastHeight = startHeight;
      long lastCommitted = 0;
      long tickStart = System.currentTimeMillis();
      while (System.currentTimeMillis() < end) {
        Thread.sleep(1000);
        rss = Math.max(rss, rssBytes(node.pid()));
        long height = client.health().path("height").asLong();
        long committedNow = lastCommitted;
        for (JsonNode b : headers(client, lastHeight, height)) {
          committedNow += b.path("txCount").asLong();
        }
        out.printf("%5.1f s  submitted %,d  committed %,d  (%,d/s)  node RSS %d MiB%n", (System.currentTimeMillis() - tickStart) / 1000.0, submitted.get(), committedNow, committedNow - lastCommitted, rss >> 20);
        lastHeight = height;
        lastCommitted = committedNow;
      }
      for (Thread t : clients) {
        t.join();
      }
      long committed = committedBetween(client, startHeight, t0, end);
      for (String line : new String(http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofByteArray()).body()).lines().toList()) {
        if (line.startsWith("lazaret_block_apply_seconds_sum") || line.startsWith("lazaret_block_apply_seconds_count{phase=\"persist") || line.startsWith("lazaret_tx_busy_total")) {
          out.println("node: " + line);
        }
      }
      double secs = (end - t0) / 1000.0;
      if (busy.get() > 0) {
        out.printf("the node pushed back %,d transactions (mempool full); they were sent again%n", busy.get());
      }
      node.destroy();
      node.waitFor();
      // Measured again once the node is gone, so that a neighbour's load at one moment does not
      // decide the ratio alone; the mean of the two is the ceiling reported.
      double ceilingAfter = VerifyCeiling.measure(3_000);
      out.printf("verification ceiling after the load: %.0f/s%n", ceilingAfter);
      return new Result(committed / secs, (ceilingBefore + ceilingAfter) / 2, committed, secs, rss);
    } finally {
      node.destroy();
      node.waitFor();
    }
  }

  /** The node JVM: the same class path, a bounded heap, its output to a log beside the data. */
  private static Process startNode(Path dir) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    // The collector the launcher gives a node (see the lazaret script).
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + NODE_HEAP, "-XX:+UseParallelGC"));
    // For profiling the node under load, e.g. LAZARET_BENCH_NODE_OPTS=-XX:StartFlightRecording=filename=node.jfr
    String extra = System.getenv("LAZARET_BENCH_NODE_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.strip().split("\\s+")));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BenchNode.class.getName(), dir.toString(), "0"));
    return new ProcessBuilder(cmd)
        .redirectError(dir.resolve("node.log").toFile())
        .start();
  }

  private static String awaitApi(Process node) throws IOException {
    var in = new java.io.BufferedReader(new java.io.InputStreamReader(node.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("API: ")) {
        return line.substring(5).strip();
      }
    }
    throw new IOException("the node process ended before serving (exit " + node.exitValue() + ")");
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
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

  static JsonNode json(String s) throws IOException {
    return new ObjectMapper().readTree(s);
  }
}
