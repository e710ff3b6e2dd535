package org.lazaret.contracts.trace;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.Revert;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.EpcisDocument;
import org.lazaret.epcis.EpcisEvent;
import org.lazaret.epcis.EpcisFormatException;
import org.lazaret.epcis.EpcisValidator;
import org.lazaret.epcis.Identifiers;
import org.lazaret.epcis.Validation;

/**
 * GS1 EPCIS 2.0 events on the ledger. A member holding {@code trace.capture} captures a list of
 * events; each is identified by its CBV 2.0 event hash ID, so the same event captured twice, in
 * whatever serialisation, is refused ({@code DUPLICATE_EVENT}) and the whole call with it. An
 * event carrying an errorDeclaration has the hash ID of the event it declares in error (the hash
 * leaves errorDeclaration out) and is recorded on that event's record instead.
 *
 * <p>Arguments: {@code events} (1 to {@link #EVENTS_PER_CALL_MAX}), each an event object as in a
 * document's eventList, or a string holding the event's JSON text when it has fractional numbers
 * (canonical JSON, hence transaction arguments, has no fractions); {@code context} (optional, the
 * document's {@code @context}, needed for the hash of extension fields with prefixes); {@code
 * captureId} (optional label). The events are checked against the EPCIS 2.0 schema as one
 * document.
 *
 * <p>State:
 *
 * <ul>
 *   <li>{@code trace/event/<hashId>}: {@code {hashId, event, capturedBy, capturedAt, height, txId,
 *       captureId?, summary, errorDeclarations}}; {@code event} is the event as captured with every
 *       fractional number replaced by its exact decimal string (canonical JSON has no fractions);
 *       {@code summary} holds the normalised fields the API queries;
 *   <li>{@code trace/epc/<urn>}: {@code {"events": [hashIds, sorted]}}, every event naming the EPC
 *       (GS1 identifiers as EPC URNs), at most {@link #EVENTS_PER_EPC_MAX}: a capture that would
 *       exceed it reverts with {@code EPC_FULL}. Lots are indexed the same way: every LGTIN of a
 *       quantity list, and the lot an ILMD assigns to the items an event creates ({@link
 *       Lots#indexedClasses}); queries by instance EPC still match only instance fields.
 * </ul>
 *
 * <p>The other methods and what a capture also records are described where they live: {@code
 * setRange} / {@code removeRange} and breaches in {@link ColdChain}, item lots in {@link Lots},
 * container contents in {@link Containment}, {@code recall} in {@link Recall}.
 */
public final class TraceContract implements Contract {
  public static final String NAME = "trace";
  public static final String CAPTURE = "trace.capture";
  public static final int EVENTS_PER_CALL_MAX = 200;
  public static final int EVENTS_PER_EPC_MAX = 1_000;
  public static final int ERROR_DECLARATIONS_MAX = 16;
  public static final String DEFAULT_CONTEXT = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
  private static final ObjectMapper EXACT = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> methods() {
    return Set.of("capture", ColdChain.SET_RANGE, ColdChain.REMOVE_RANGE, Recall.METHOD);
  }

  public static String eventKey(String hashId) {
    return "trace/event/" + hashId;
  }

  public static String epcKey(String urn) {
    return "trace/epc/" + urn;
  }

  /** The checked arguments: each event's exact JSON text, the context, the optional label. */
  record Capture(List<String> eventTexts, JsonNode context, String captureId) {}

  @Override
  public void check(String method, JsonNode args) {
    Args a = new Args(args);
    switch (method) {
      case "capture" -> capture(a);
      case ColdChain.SET_RANGE -> ColdChain.rangeArgs(a);
      case ColdChain.REMOVE_RANGE -> ColdChain.removeRangeArgs(a);
      case Recall.METHOD -> Recall.args(a);
      default -> throw new IllegalStateException("method list and check disagree: " + method);
    }
  }

  static Capture capture(Args a) {
    a.only("events", "context", "captureId");
    JsonNode events = a.node("events");
    if (!events.isArray() || events.isEmpty() || events.size() > EVENTS_PER_CALL_MAX) {
      throw Args.bad("events", "must be an array of 1 to " + EVENTS_PER_CALL_MAX + " events");
    }
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      String at = "events[" + i + "]";
      if (e.isObject()) {
        texts.add(CanonicalJson.encodeToString(e));
      } else if (e.isTextual()) {
        JsonNode parsed;
        try {
          parsed = EXACT.readTree(e.textValue());
        } catch (JsonProcessingException ex) {
          throw Args.bad(at, "not JSON text: " + ex.getOriginalMessage());
        }
        if (parsed == null || !parsed.isObject()) {
          throw Args.bad(at, "must hold a JSON object");
        }
        try {
          texts.add(EXACT.writeValueAsString(parsed));
        } catch (JsonProcessingException ex) {
          throw new IllegalStateException("a parsed tree failed to serialise", ex);
        }
      } else {
        throw Args.bad(at, "must be an event object or its JSON text");
      }
    }
    JsonNode context = a.has("context") ? a.node("context") : JsonNodeFactory.instance.textNode(DEFAULT_CONTEXT);
    if (!context.isTextual() && !context.isArray()) {
      throw Args.bad("context", "must be the document's @context: a string or an array");
    }
    String captureId = a.has("captureId") ? a.text("captureId", "[\\x21-\\x7e]{1,128}") : "";
    return new Capture(texts, context, captureId);
  }

  @Override
  public void call(String method, JsonNode args, Context ctx) {
    Args a = new Args(args);
    switch (method) {
      case "capture" -> capture(a, ctx);
      case ColdChain.SET_RANGE -> ColdChain.setRange(a, ctx);
      case ColdChain.REMOVE_RANGE -> ColdChain.removeRange(a, ctx);
      case Recall.METHOD -> Recall.recall(a, ctx);
      default -> throw new IllegalStateException("method list and dispatch disagree: " + method);
    }
  }

  private void capture(Args a, Context ctx) {
    Capture c = capture(a);
    String org = ctx.roles().require(CAPTURE);
    String doc = "{\"@context\":" + CanonicalJson.encodeToString(c.context())
        + ",\"type\":\"EPCISDocument\",\"schemaVersion\":\"2.0\",\"creationDate\":\"" + Instant.ofEpochMilli(ctx.timeMillis())
        + "\",\"epcisBody\":{\"eventList\":[" + String.join(",", c.eventTexts()) + "]}}";
    if (EpcisValidator.validate(doc) instanceof Validation.Invalid inv) {
      throw new Revert("INVALID_EVENT", where(inv.path()) + ": " + inv.reason());
    }
    List<EpcisEvent> events;
    try {
      events = EpcisDocument.parse(doc).events();
    } catch (EpcisFormatException | IllegalArgumentException e) {
      throw new Revert("INVALID_EVENT", where(e.getMessage()));
    }
    TreeMap<String, TreeSet<String>> index = new TreeMap<>();
    TreeSet<String> seen = new TreeSet<>();
    List<EpcisEvent> fresh = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      EpcisEvent ev = events.get(i);
      String h = ev.hashId();
      String at = "events[" + i + "]";
      ObjectNode stored = storable(ev.json());
      boolean declaration = ev.errorDeclaration().isPresent();
      if (!seen.add(h + (declaration ? "#declaration" : ""))) {
        throw new Revert("DUPLICATE_EVENT", at + ": event " + h + " appears twice in this capture");
      }
      var existing = ctx.read(eventKey(h));
      if (existing.isPresent() && !declaration) {
        throw new Revert("DUPLICATE_EVENT", at + ": event " + h + " was already captured by '"
            + existing.get().path("capturedBy").asText() + "' at height " + existing.get().path("height").asLong());
      }
      ObjectNode record;
      if (existing.isPresent()) {
        record = (ObjectNode) existing.get().deepCopy();
        ArrayNode decls = (ArrayNode) record.get("errorDeclarations");
        if (decls.size() >= ERROR_DECLARATIONS_MAX) {
          throw new Revert("DECLARATIONS_FULL", at + ": event " + h + " already has " + ERROR_DECLARATIONS_MAX + " error declarations");
        }
        decls.add(declaration(stored, org, ctx));
      } else {
        record = CanonicalJson.object().put("hashId", h);
        record.set("event", stored);
        record.put("capturedBy", org).put("capturedAt", ctx.timeMillis()).put("height", ctx.height()).put("txId", ctx.txId().hex());
        if (!c.captureId().isEmpty()) {
          record.put("captureId", c.captureId());
        }
        record.set("summary", summary(ev, at));
        ArrayNode decls = record.putArray("errorDeclarations");
        if (declaration) {
          decls.add(declaration(stored, org, ctx));
        }
        for (JsonNode epc : record.get("summary").path("epcs")) {
          index.computeIfAbsent(epc.textValue(), k -> new TreeSet<>()).add(h);
        }
        for (String cls : Lots.indexedClasses(ev)) {
          index.computeIfAbsent(cls, k -> new TreeSet<>()).add(h);
        }
        if (!declaration) {
          fresh.add(ev);
        }
      }
      ctx.write(eventKey(h), record);
      ObjectNode data = CanonicalJson.object().put("hashId", h).put("type", ev.type()).put("eventTime", ev.eventTime().epochMillis())
          .put("errorDeclaration", declaration);
      if (!c.captureId().isEmpty()) {
        data.put("captureId", c.captureId());
      }
      ctx.emit(declaration && existing.isPresent() ? "ErrorDeclared" : "EventCaptured", data);
    }
    for (Map.Entry<String, TreeSet<String>> e : index.entrySet()) {
      TreeSet<String> ids = new TreeSet<>(e.getValue());
      ctx.read(epcKey(e.getKey())).ifPresent(n -> n.path("events").forEach(x -> ids.add(x.textValue())));
      if (ids.size() > EVENTS_PER_EPC_MAX) {
        throw new Revert("EPC_FULL", "events: " + e.getKey() + " would be named by more than " + EVENTS_PER_EPC_MAX + " events");
      }
      ArrayNode list = CanonicalJson.object().putArray("events");
      ids.forEach(list::add);
      ctx.write(epcKey(e.getKey()), CanonicalJson.object().set("events", list));
    }
    afterCapture(fresh, org, ctx);
  }

  /**
   * The cold-chain hook: items' lots and containers' contents first, for every new event in event
   * time order, so that a reading is judged against what the containers held whatever the order of
   * the events in the document; then each event's sensor reports.
   */
  private static void afterCapture(List<EpcisEvent> fresh, String org, Context ctx) {
    List<EpcisEvent> byTime = new ArrayList<>(fresh);
    byTime.sort(Comparator.comparingLong((EpcisEvent ev) -> ev.eventTime().epochMillis()));
    for (EpcisEvent ev : byTime) {
      Lots.recordCreatedItems(ev, ctx);
      Containment.apply(ev, ctx);
    }
    for (EpcisEvent ev : fresh) {
      ColdChain.evaluate(ev, org, ctx);
    }
  }

  /** Names the argument for a path inside the built document ({@code $.epcisBody.eventList[2].x}). */
  private static String where(String path) {
    return path.replace("$.epcisBody.eventList", "events");
  }

  private static ObjectNode declaration(ObjectNode storedEvent, String org, Context ctx) {
    ObjectNode d = CanonicalJson.object();
    d.set("event", storedEvent);
    d.put("org", org).put("time", ctx.timeMillis()).put("txId", ctx.txId().hex());
    return d;
  }

  /** The normalised fields the read side queries, so it never re-parses stored events. */
  private static ObjectNode summary(EpcisEvent ev, String at) {
    ObjectNode s = CanonicalJson.object();
    s.put("type", ev.type()).put("eventTime", ev.eventTime().epochMillis());
    ev.eventId().ifPresent(id -> s.put("eventID", id));
    ev.action().ifPresent(v -> s.put("action", v));
    ev.bizStep().ifPresent(v -> s.put("bizStep", v));
    ev.disposition().ifPresent(v -> s.put("disposition", v));
    ev.readPoint().ifPresent(v -> s.put("readPoint", v));
    ev.bizLocation().ifPresent(v -> s.put("bizLocation", v));
    list(s, "epcList", ev.epcList(), at);
    ev.parentId().ifPresent(p -> s.put("parentID", urn(p, at)));
    list(s, "childEPCs", ev.childEpcs(), at);
    list(s, "inputEPCs", ev.inputEpcs(), at);
    list(s, "outputEPCs", ev.outputEpcs(), at);
    list(s, "epcs", ev.allEpcs(), at);
    ArrayNode src = s.putArray("sources");
    ev.sources().forEach(x -> src.addObject().put("type", x.type()).put("id", x.id()));
    ArrayNode dst = s.putArray("destinations");
    ev.destinations().forEach(x -> dst.addObject().put("type", x.type()).put("id", x.id()));
    return s;
  }

  private static void list(ObjectNode s, String field, List<String> epcs, String at) {
    ArrayNode a = s.putArray(field);
    TreeSet<String> once = new TreeSet<>();
    for (String e : epcs) {
      String u = urn(e, at);
      if (once.add(u)) {
        a.add(u);
      }
    }
  }

  private static String urn(String id, String at) {
    try {
      return Identifiers.toUrn(id);
    } catch (IllegalArgumentException e) {
      throw new Revert("INVALID_EVENT", at + ": " + id + " is a malformed GS1 identifier: " + e.getMessage());
    }
  }

  /**
   * A canonical copy: integral numbers stay numbers; every fractional number becomes its exact
   * decimal string ({@code 200.5} -> {@code "200.5"}), since canonical JSON refuses fractions.
   */
  static ObjectNode storable(JsonNode event) {
    return (ObjectNode) exact(event);
  }

  private static JsonNode exact(JsonNode n) {
    if (n.isObject()) {
      ObjectNode o = CanonicalJson.object();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        o.set(e.getKey(), exact(e.getValue()));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> a.add(exact(x)));
      return a;
    }
    if (n.isNumber() && !n.isIntegralNumber()) {
      BigDecimal d = n.decimalValue();
      return JsonNodeFactory.instance.textNode(d.toPlainString());
    }
    return n;
  }
}
