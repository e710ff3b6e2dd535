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
import java.util.HashMap;
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
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.genesis.Genesis;

/**
 * The single-node throughput benchmark: a fresh node with funded sender accounts, token transfers
 * pre-signed before the clock starts, submitted over the node's HTTP API in binary batches by a
 * few client threads, for a fixed time. Committed throughput is counted from the blocks whose
 * timestamps fall in the window, and set against the Ed25519 verification ceiling measured in the
 * same run.
 */
public final class SingleNodeBench {
  private static final int SENDERS = 4_000;
  private static final int BATCH = 1_000;
  private static final int CLIENTS = 3;

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
    double ceiling = VerifyCeiling.measure(3_000);
    out.printf("verification ceiling: %.0f/s%n", ceiling);

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

    long total = (long) Math.min(2_000_000, Math.max(20_000, assumedTpsMax * seconds));
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
    ConcurrentLinkedQueue<byte[]> batches = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < encoded.length; i += BATCH) {
      int end = Math.min(encoded.length, i + BATCH);
      Writer w = new Writer((end - i) * 260);
      w.u32(end - i);
      for (int j = i; j < end; j++) {
        w.bytes(encoded[j]);
      }
      batches.add(w.toByteArray());
    }

    try (Node node = Node.start(cfg, List.of(), (why, cause) -> {
      throw new IllegalStateException(why, cause);
    })) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI batchUri = URI.create(node.url() + "/v1/transactions/batch");
      long startHeight = node.store().head().orElseThrow().height();
      long t0 = System.currentTimeMillis();
      long end = t0 + seconds * 1000L;
      AtomicLong submitted = new AtomicLong();
      AtomicLong busy = new AtomicLong();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        Thread t = Thread.ofPlatform().name("bench-client-" + c).start(() -> {
          while (System.currentTimeMillis() < end) {
            byte[] b = batches.poll();
            if (b == null) {
              return;
            }
            try {
              HttpResponse<String> r = http.send(HttpRequest.newBuilder(batchUri).header("Content-Type", "application/octet-stream").POST(HttpRequest.BodyPublishers.ofByteArray(b)).build(), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 202) {
                throw new IllegalStateException("batch refused: " + r.statusCode() + " " + r.body());
              }
              int pending = count(r.body(), "\"status\":\"pending\"");
              int busyN = count(r.body(), "\"status\":\"busy\"");
              submitted.addAndGet(pending);
              if (busyN > 0) {
                busy.addAndGet(busyN);
                Thread.sleep(20);
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
      LoadProgress progress = new LoadProgress(node, out, startHeight, t0);
      while (System.currentTimeMillis() < end) {
        Thread.sleep(1000);
        progress.tick(submitted.get());
      }
      for (Thread t : clients) {
        t.join();
      }
      long committed = committedBetween(node, startHeight, t0, end);
      double secs = (end - t0) / 1000.0;
      long rss = rssBytes();
      if (busy.get() > 0) {
        out.printf("the node pushed back %d times (mempool full), as designed%n", busy.get());
      }
      return new Result(committed / secs, ceiling, committed, secs, rss);
    }
  }

  private static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }

  static long committedBetween(Node node, long afterHeight, long fromMillis, long toMillis) {
    long n = 0;
    long top = node.store().head().orElseThrow().height();
    for (long h = afterHeight + 1; h <= top; h++) {
      var header = node.store().block(h).orElseThrow().header();
      if (header.timestampMillis() >= fromMillis && header.timestampMillis() < toMillis) {
        n += header.txCount();
      }
    }
    return n;
  }

  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
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

  /** One progress line a second: committed so far and the rate over the last second. */
  private static final class LoadProgress {
    private final Node node;
    private final PrintStream out;
    private final long startHeight;
    private final long t0;
    private final Map<String, Long> last = new HashMap<>();

    LoadProgress(Node node, PrintStream out, long startHeight, long t0) {
      this.node = node;
      this.out = out;
      this.startHeight = startHeight;
      this.t0 = t0;
    }

    void tick(long submitted) {
      long committed = committedBetween(node, startHeight, t0, Long.MAX_VALUE);
      long prev = last.getOrDefault("c", 0L);
      last.put("c", committed);
      out.printf("%5.1f s  submitted %,d  committed %,d  (%,d/s)%n", (System.currentTimeMillis() - t0) / 1000.0, submitted, committed, committed - prev);
    }
  }

  static JsonNode json(String s) throws IOException {
    return new ObjectMapper().readTree(s);
  }
}
