package org.lazaret.contracts.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.reverted;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Receipt;
import org.lazaret.epcis.EventHash;

class TraceContractTest {
  private static final ObjectMapper EXACT = new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final KeyPair capturer = TestChain.key("capturer");
  private final KeyPair outsider = TestChain.key("outsider");
  private final TestChain chain = TestChain.genesis().org("lab", capturer, "trace.capture").org("other", outsider).start(new TraceContract());

  static String text(String name) {
    try (InputStream in = TraceContractTest.class.getResourceAsStream("/epcis-examples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Capture arguments as the CLI builds them: objects, or JSON text for events with fractions. */
  static ObjectNode args(String document) {
    try {
      JsonNode doc = EXACT.readTree(document);
      ObjectNode a = CanonicalJson.object();
      ArrayNode events = a.putArray("events");
      for (JsonNode e : doc.path("epcisBody").path("eventList")) {
        try {
          events.add(CanonicalJson.parse("event", e.toString()));
        } catch (IllegalArgumentException fraction) {
          events.add(e.toString());
        }
      }
      a.set("context", doc.get("@context"));
      return a;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void captureStoresEventsUnderTheirHashIdsAndIndexesEveryEpc() {
    String doc = text("Example_9.6.3-AggregationEvent.jsonld");
    String hash = EventHash.hashIds(doc).get(0);
    Receipt r = chain.call(capturer, "trace", "capture", args(doc).put("captureId", "batch-1"));
    assertThat(TestChain.eventNames(r)).containsExactly("trace.EventCaptured");
    JsonNode stored = chain.read(TraceContract.eventKey(hash)).orElseThrow();
    assertThat(stored.path("capturedBy").asText()).isEqualTo("lab");
    assertThat(stored.path("captureId").asText()).isEqualTo("batch-1");
    assertThat(stored.path("capturedAt").asLong()).isEqualTo(TestChain.GENESIS_TIME + TestChain.BLOCK_INTERVAL_MILLIS);
    // the fractional quantity is kept exactly, as a decimal string
    assertThat(stored.path("event").path("childQuantityList").get(1).path("quantity").asText()).isEqualTo("200.5");
    assertThat(stored.path("summary").path("parentID").asText()).isEqualTo("urn:epc:id:sscc:0614141.1234567890");
    for (String epc : List.of("urn:epc:id:sscc:0614141.1234567890", "urn:epc:id:sgtin:0614141.107346.2017", "urn:epc:id:sgtin:0614141.107346.2018")) {
      assertThat(chain.read(TraceContract.epcKey(epc)).orElseThrow().path("events")).extracting(JsonNode::asText).containsExactly(hash);
    }
  }

  @Test
  void theSameEventCapturedAgainIsRefusedAndTheWholeCallWithIt() {
    String agg = text("Example_9.6.3-AggregationEvent.jsonld");
    applied(chain.call(capturer, "trace", "capture", args(agg)));
    String obj = text("Example_9.6.2-ObjectEvent.jsonld");
    ObjectNode both = args(obj);
    ((ArrayNode) both.get("events")).add(args(agg).get("events").get(0));
    var before = chain.snapshot();
    String reason = reverted(chain.call(capturer, "trace", "capture", both), "DUPLICATE_EVENT");
    assertThat(reason).contains("events[1]").contains(EventHash.hashIds(agg).get(0));
    // the new object event was not kept either (only nonces and fees may differ)
    assertThat(chain.read(TraceContract.eventKey(EventHash.hashIds(obj).get(0)))).isEmpty();
    assertThat(chain.snapshot().keySet().stream().filter(k -> k.startsWith("trace/")).toList())
        .isEqualTo(before.keySet().stream().filter(k -> k.startsWith("trace/")).toList());
  }

  @Test
  void captureRequiresTheRole() {
    String doc = text("Example_9.6.2-ObjectEvent.jsonld");
    reverted(chain.call(outsider, "trace", "capture", args(doc)), "UNAUTHORIZED");
    assertThat(chain.read(TraceContract.eventKey(EventHash.hashIds(doc).get(0)))).isEmpty();
  }

  @Test
  void anErrorDeclarationIsAcceptedAndLinkedToTheOriginalEvent() {
    String doc = text("ErrorDeclarationAndCorrectiveEvent.jsonld");
    ObjectNode a = args(doc);
    ObjectNode declared = (ObjectNode) a.get("events").get(0);
    ObjectNode original = declared.deepCopy();
    original.remove("errorDeclaration");
    ObjectNode first = CanonicalJson.object();
    first.putArray("events").add(original);
    first.set("context", a.get("context"));
    applied(chain.call(capturer, "trace", "capture", first));
    // the same event again, now declared in error, plus its corrective event
    List<String> hashes = EventHash.hashIds(doc);
    Receipt r = chain.call(capturer, "trace", "capture", a);
    assertThat(TestChain.eventNames(r)).containsExactly("trace.ErrorDeclared", "trace.EventCaptured");
    JsonNode stored = chain.read(TraceContract.eventKey(hashes.get(0))).orElseThrow();
    assertThat(stored.path("event").has("errorDeclaration")).isFalse();
    assertThat(stored.path("errorDeclarations")).hasSize(1);
    JsonNode d = stored.path("errorDeclarations").get(0);
    assertThat(d.path("org").asText()).isEqualTo("lab");
    assertThat(d.path("event").path("errorDeclaration").path("reason").asText()).isEqualTo("incorrect_data");
    assertThat(chain.read(TraceContract.eventKey(hashes.get(1)))).isPresent();
    // the declaration itself is not accepted twice
    ObjectNode again = CanonicalJson.object();
    again.putArray("events").add(declared);
    again.set("context", a.get("context"));
    applied(chain.call(capturer, "trace", "capture", again));
    assertThat(chain.read(TraceContract.eventKey(hashes.get(0))).orElseThrow().path("errorDeclarations")).hasSize(2);
  }

  @Test
  void anInvalidEventIsRefusedNamingIt() {
    ObjectNode a = CanonicalJson.object();
    a.putArray("events").addObject().put("type", "ObjectEvent").put("action", "ADD");
    String reason = reverted(chain.call(capturer, "trace", "capture", a), "INVALID_EVENT");
    assertThat(reason).startsWith("events[0]");
    ObjectNode b = CanonicalJson.object();
    b.putArray("events").add(JsonNodeFactory.instance.numberNode(3));
    assertThat(reverted(chain.call(capturer, "trace", "capture", b), "BAD_ARGUMENT")).startsWith("events[0]");
  }
}
