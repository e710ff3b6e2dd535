package org.lazaret.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.TestNode;
import org.lazaret.sdk.LazaretClient;

/**
 * The committed-block stream: a reader that starts from a height gets every block from there in
 * order, with transaction outcomes and contract events; a reader that reconnects with
 * Last-Event-ID misses nothing and sees nothing twice.
 */
class EventStreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** Reads {@code count} SSE events (id and data) from the stream. */
  private static List<String[]> read(String url, String lastEventId, int count) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<java.io.InputStream> r = HttpClient.newHttpClient().send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    List<String[]> events = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      String id = null;
      String line;
      while (events.size() < count && (line = in.readLine()) != null) {
        if (line.startsWith("id:")) {
          id = line.substring(3).strip();
        } else if (line.startsWith("data:")) {
          events.add(new String[] {id, line.substring(5).strip()});
        }
      }
    }
    return events;
  }

  @Test
  void readersResumeFromAHeightOrLastEventIdWithoutGapsOrRepeats() throws Exception {
    try (TestNode n = TestNode.start(dir)) {
      LazaretClient c = new LazaretClient(n.url());
      KeyPair to = KeyPair.deterministic("sse-to");
      for (int i = 0; i < 4; i++) {
        c.await(c.submit(c.sign(n.demo, "token", "transfer", CanonicalJson.object().put("to", to.publicKey().hex()).put("amount", 1 + i), Duration.ofMinutes(5))), Duration.ofSeconds(20));
      }
      long head = c.health().path("height").asLong();
      assertThat(head).isGreaterThanOrEqualTo(4);

      List<String[]> all = read(n.url() + "/v1/events?from=0", null, (int) head + 1);
      for (int h = 0; h <= head; h++) {
        assertThat(all.get(h)[0]).isEqualTo(Long.toString(h));
        assertThat(JSON.readTree(all.get(h)[1]).path("height").asLong()).isEqualTo(h);
      }
      JsonNode withTx = JSON.readTree(all.get((int) head)[1]);
      assertThat(withTx.path("transactions").get(0).path("events").get(0).path("name").asText()).isEqualTo("Transferred");
      assertThat(withTx.path("hash").asText()).isEqualTo(c.block(head).path("hash").asText());

      // A reader that saw up to head-2 reconnects: it gets head-1 and head, once each, in order.
      List<String[]> resumed = read(n.url() + "/v1/events?from=0", Long.toString(head - 2), 2);
      assertThat(resumed.get(0)[0]).isEqualTo(Long.toString(head - 1));
      assertThat(resumed.get(1)[0]).isEqualTo(Long.toString(head));

      // A live reader sees the next block as it is committed.
      Thread writer = Thread.ofVirtual().start(() -> c.submit(c.sign(n.demo, "token", "transfer", CanonicalJson.object().put("to", to.publicKey().hex()).put("amount", 9), Duration.ofMinutes(5))));
      List<String[]> live = read(n.url() + "/v1/events", null, 1);
      writer.join();
      assertThat(Long.parseLong(live.get(0)[0])).isEqualTo(head + 1);
      // The live reader's message came from the block the feed kept in hand; it is the message a
      // reader gets from the store, byte for byte.
      var store = n.node.store();
      var block = store.block(head + 1).orElseThrow();
      assertThat(live.get(0)[1]).isEqualTo(CanonicalJson.encodeToString(EventStream.message(block, store.receipts(head + 1, block.transactions().size()))));
    }
  }

  @Test
  void theIdsViewCarriesEachBlockAsTheBlockEndpointGivesIt() throws Exception {
    try (TestNode n = TestNode.start(dir)) {
      LazaretClient c = new LazaretClient(n.url());
      KeyPair to = KeyPair.deterministic("sse-ids-to");
      for (int i = 0; i < 3; i++) {
        c.await(c.submit(c.sign(n.demo, "token", "transfer", CanonicalJson.object().put("to", to.publicKey().hex()).put("amount", 1 + i), Duration.ofMinutes(5))), Duration.ofSeconds(20));
      }
      long head = c.health().path("height").asLong();
      // Old blocks come from the store, the last ones from the feed's ring: both as the endpoint.
      List<String[]> all = read(n.url() + "/v1/events?view=ids&from=0", null, (int) head + 1);
      for (int h = 0; h <= head; h++) {
        assertThat(all.get(h)[0]).isEqualTo(Long.toString(h));
        assertThat(JSON.readTree(all.get(h)[1])).as("block %d", h).isEqualTo(c.block(h));
      }
      assertThat(JSON.readTree(all.get((int) head)[1]).path("transactions").get(0).isTextual()).isTrue();
      // Asked for in both views at once, each reader gets its own view of the same block.
      List<String[]> full = read(n.url() + "/v1/events?view=full&from=" + head, null, 1);
      assertThat(JSON.readTree(full.get(0)[1]).path("transactions").get(0).path("events").isArray()).isTrue();
    }
  }

  @Test
  void anUnknownViewIsRefusedNamingTheParameter() throws Exception {
    try (TestNode n = TestNode.start(dir)) {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(HttpRequest.newBuilder(URI.create(n.url() + "/v1/events?view=receipts")).header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      JsonNode problem = JSON.readTree(r.body());
      assertThat(problem.path("field").asText()).isEqualTo("view");
      assertThat(problem.path("detail").asText()).contains("'ids'").contains("'receipts'");
    }
  }
}
