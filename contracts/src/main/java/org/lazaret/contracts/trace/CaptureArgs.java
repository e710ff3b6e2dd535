package org.lazaret.contracts.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Revert;
import org.lazaret.core.Limits;
import org.lazaret.core.json.CanonicalJson;

/**
 * The arguments of a {@code trace.capture} call made from an EPCIS document, and the document the
 * contract validates for given arguments. The CLI and the node's capture endpoint build calls
 * with it, and the node's read index rebuilds each committed capture the way the contract saw it,
 * so the three agree on what a capture holds and on every event's hash ID.
 */
public final class CaptureArgs {
  /**
   * Most events one call can capture: the contract's own bound, and one receipt event per captured
   * event must fit in a receipt.
   */
  public static final int EVENTS_PER_CALL_MAX = Math.min(TraceContract.EVENTS_PER_CALL_MAX, Limits.RECEIPT_EVENT_COUNT_MAX);

  /**
   * Reads numbers as written (decimals exact, trailing zeros kept). A key given twice keeps its
   * last value, as the schema check and the event hash read it (a GS1 example does this).
   */
  private static final ObjectMapper DECIMALS = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
      .build();

  private CaptureArgs() {}

  /**
   * The events of a document (its eventList, its single event, or a query document's results) as
   * call arguments: each its JSON text, keys in the document's order. Not canonical objects: the
   * CBV 2.0 event hash, as its reference implementation computes it, depends on the key order
   * inside business transactions, sources and destinations, so sorting the keys would give the
   * ledger other hash IDs than the document's own. Text also carries fractional numbers exactly.
   */
  public static List<JsonNode> events(JsonNode document) {
    JsonNode body = document.path("epcisBody");
    List<JsonNode> events = new ArrayList<>();
    body.path("eventList").forEach(events::add);
    if (events.isEmpty() && body.has("event")) {
      events.add(body.get("event"));
    }
    if (events.isEmpty()) {
      body.path("queryResults").path("resultsBody").path("eventList").forEach(events::add);
    }
    List<JsonNode> out = new ArrayList<>(events.size());
    for (JsonNode e : events) {
      out.add(JsonNodeFactory.instance.textNode(e.toString()));
    }
    return out;
  }

  /** The document's {@code @context} as a call argument, if it has one. */
  public static Optional<JsonNode> context(JsonNode document) {
    return document.has("@context") ? Optional.of(CanonicalJson.parse("@context", document.get("@context").toString())) : Optional.empty();
  }

  /** One call capturing {@code events} with the document's context. */
  public static ObjectNode call(List<JsonNode> events, Optional<JsonNode> context) {
    ObjectNode call = CanonicalJson.object();
    ArrayNode list = call.putArray("events");
    events.forEach(list::add);
    context.ifPresent(c -> call.set("context", c));
    return call;
  }

  /**
   * One call capturing every event of a document.
   *
   * @throws IllegalArgumentException if the text is not JSON or holds no events
   */
  public static ObjectNode of(String documentJson) {
    JsonNode document;
    try {
      document = DECIMALS.readTree(documentJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (document == null || !document.isObject()) {
      throw new IllegalArgumentException("not an EPCIS document object");
    }
    List<JsonNode> events = events(document);
    if (events.isEmpty()) {
      throw new IllegalArgumentException("the document has no events to capture");
    }
    return call(events, context(document));
  }

  /**
   * The EPCIS document the contract validates, parses and hashes for these arguments, created at
   * {@code creationMillis} (the block time; it does not enter any event hash).
   *
   * @throws IllegalArgumentException naming the argument when the arguments are malformed
   */
  public static String document(JsonNode args, long creationMillis) {
    TraceContract.Capture c;
    try {
      c = TraceContract.capture(new Args(args));
    } catch (Revert r) {
      throw new IllegalArgumentException(r.reason(), r);
    }
    // The same text TraceContract.call builds; see there.
    return "{\"@context\":" + CanonicalJson.encodeToString(c.context())
        + ",\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"" + Instant.ofEpochMilli(creationMillis)
        + "\",\"epcisBody\":{\"eventList\":[" + String.join(",", c.eventTexts()) + "]}}";
  }
}
