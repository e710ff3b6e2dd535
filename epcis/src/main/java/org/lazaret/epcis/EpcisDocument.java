package org.lazaret.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.epcis.hash.Events;
import org.lazaret.epcis.hash.PreHashes;

/**
 * A parsed EPCIS 2.0 JSON/JSON-LD document (EPCISDocument, or EPCISQueryDocument whose events are
 * at epcisBody.queryResults.resultsBody.eventList): its events in document order, each with typed,
 * normalised accessors and its event hash ID. Parsing checks only what the model reads (see {@link
 * EventReader}); use {@link EpcisValidator} for conformance to the GS1 schema. Immutable.
 */
public final class EpcisDocument {
  private final ObjectNode json;
  private final List<EpcisEvent> events;

  private EpcisDocument(ObjectNode json, List<EpcisEvent> events) {
    this.json = json;
    this.events = List.copyOf(events);
  }

  /**
   * Parses a document.
   *
   * @throws EpcisFormatException naming the line/column or JSON path of the first unusable part
   */
  public static EpcisDocument parse(String json) {
    JsonNode root = object(json);
    List<String> hashIds = PreHashes.of(root).stream().map(PreHashes::hashId).toList();
    return read(root, hashIds);
  }

  /**
   * As {@link #parse(String)}, with the events' hash IDs already known, in document order — for
   * a reader of the ledger, which computed them when it captured the document: hashing is most of
   * the cost of parsing.
   *
   * @throws EpcisFormatException as {@link #parse(String)}
   * @throws IllegalArgumentException if {@code hashIds} has not one ID per event
   */
  public static EpcisDocument parse(String json, List<String> hashIds) {
    return read(object(json), List.copyOf(hashIds));
  }

  private static JsonNode object(String json) {
    JsonNode root = Json.read(json);
    if (!root.isObject()) {
      throw new EpcisFormatException("$", "expected an EPCIS document object");
    }
    return root;
  }

  private static EpcisDocument read(JsonNode root, List<String> hashIds) {
    Events located = Events.locate(root);
    if (hashIds.size() != located.list().size()) {
      throw new IllegalArgumentException(
          hashIds.size() + " hash IDs for " + located.list().size() + " events");
    }
    List<EpcisEvent> events = new ArrayList<>();
    for (int i = 0; i < located.list().size(); i++) {
      String path =
          located.path().endsWith("event") ? located.path() : located.path() + "[" + i + "]";
      events.add(EventReader.read(located.list().get(i), path, hashIds.get(i)));
    }
    return new EpcisDocument(((ObjectNode) root).deepCopy(), events);
  }

  /** EPCISDocument or EPCISQueryDocument, as the document says. */
  public Optional<String> documentType() {
    JsonNode type = json.get("type");
    return type != null && type.isTextual() ? Optional.of(type.textValue()) : Optional.empty();
  }

  public List<EpcisEvent> events() {
    return events;
  }

  /** The events as JSON objects, copies, in document order. */
  public List<ObjectNode> eventObjects() {
    return events.stream().map(EpcisEvent::json).toList();
  }

  /** A copy of the whole document. */
  public ObjectNode json() {
    return json.deepCopy();
  }
}
