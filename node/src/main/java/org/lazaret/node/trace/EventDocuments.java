package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.EpcFormat;
import org.lazaret.storage.LedgerStore;

/**
 * Builds the EPCIS query document a query answers with, from the events as the trace contract
 * stored them. The contract keeps fractional numbers as their exact decimal text (its state is
 * canonical JSON, which has no fractions); the fields the EPCIS schema defines as numbers are
 * turned back into numbers here, so that the answer is a valid EPCIS document. Numbers in user
 * extensions stay text: nothing says they were numbers.
 */
final class EventDocuments {
  private static final List<String> QUANTITY_LISTS = List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList");
  private static final List<String> SENSOR_NUMBERS = List.of("value", "minValue", "maxValue", "meanValue", "sDev", "percRank", "percValue");

  private EventDocuments() {}

  /** The events of a page as the standard returns them, each with its eventID and recordTime. */
  static ObjectNode queryDocument(LedgerStore store, List<IndexedEvent> page, EpcFormat format, Instant now) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.set("@context", context(page));
    doc.put("type", "EPCISQueryDocument").put("schemaVersion", "2.0");
    doc.put("creationDate", now.toString());
    ObjectNode results = doc.putObject("epcisBody").putObject("queryResults");
    results.put("queryName", "SimpleEventQuery");
    ArrayNode list = results.putObject("resultsBody").putArray("eventList");
    Map<String, JsonNode> records = new HashMap<>();
    for (IndexedEvent e : page) {
      JsonNode record = records.computeIfAbsent(e.hashId(), h -> read(store, h));
      list.add(event(record, e, format));
    }
    return doc;
  }

  /** The default context, with every other context the page's events were captured under. */
  private static JsonNode context(List<IndexedEvent> page) {
    LinkedHashSet<String> parts = new LinkedHashSet<>();
    for (IndexedEvent e : page) {
      e.context().ifPresent(c -> {
        JsonNode n = CanonicalJson.parse("context", c);
        if (n.isArray()) {
          n.forEach(x -> parts.add(CanonicalJson.encodeToString(x)));
        } else {
          parts.add(CanonicalJson.encodeToString(n));
        }
      });
    }
    String standard = CanonicalJson.encodeToString(JsonNodeFactory.instance.textNode(TraceContract.DEFAULT_CONTEXT));
    parts.remove(standard);
    if (parts.isEmpty()) {
      return JsonNodeFactory.instance.textNode(TraceContract.DEFAULT_CONTEXT);
    }
    ArrayNode all = JsonNodeFactory.instance.arrayNode().add(TraceContract.DEFAULT_CONTEXT);
    parts.forEach(p -> all.add(CanonicalJson.parse("context", p)));
    return all;
  }

  private static JsonNode read(LedgerStore store, String hashId) {
    String key = TraceContract.eventKey(hashId);
    Optional<byte[]> v = store.stateValue(key);
    return CanonicalJson.parse(key, v.orElseThrow(() -> new IllegalStateException("indexed event " + hashId + " is not in the state")));
  }

  static ObjectNode event(JsonNode record, IndexedEvent e, EpcFormat format) {
    JsonNode stored = e.declaration() < 0 ? record.path("event") : record.path("errorDeclarations").path(e.declaration()).path("event");
    if (!stored.isObject()) {
      throw new IllegalStateException("indexed event " + e.hashId() + " (declaration " + e.declaration() + ") is not in its state record");
    }
    ObjectNode ev = (ObjectNode) stored.deepCopy();
    if (!ev.hasNonNull("eventID")) {
      ev.put("eventID", e.hashId());
    }
    ev.put("recordTime", Instant.ofEpochMilli(e.recordTime()).toString());
    for (String q : QUANTITY_LISTS) {
      ev.path(q).forEach(element -> number(element, "quantity"));
    }
    ev.path("sensorElementList").forEach(element -> element.path("sensorReport").forEach(report -> SENSOR_NUMBERS.forEach(f -> number(report, f))));
    format.applyTo(ev);
    return ev;
  }

  private static void number(JsonNode holder, String field) {
    if (holder instanceof ObjectNode o && o.get(field) != null && o.get(field).isTextual()) {
      try {
        o.put(field, new BigDecimal(o.get(field).textValue()));
      } catch (NumberFormatException notANumber) {
        // left as it was stored
      }
    }
  }
}
