package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.EpcisEvent;

/**
 * What the trace read index keeps of one captured event (or one error declaration of it): where
 * the whole event lies in the trace contract's state, its times, and every normalised value an
 * EPCIS query can select it by, field by field. Queries filter on this alone and read the stored
 * event only for the events they return.
 *
 * @param seq the index's sequence number, increasing in commit order (so also in record time)
 * @param hashId the event hash ID: the state record is {@code trace/event/<hashId>}
 * @param declaration -1 for the event as captured, else which of the record's errorDeclarations
 * @param eventTime epoch milliseconds
 * @param recordTime the block time of the commit, epoch milliseconds
 * @param height the block that committed it
 * @param values normalised values per field; a field absent from the map has none
 * @param context the capture's JSON-LD {@code @context} (canonical JSON) when it is not the
 *     default one: the state keeps events without it, and answers need it for extension prefixes
 */
record IndexedEvent(long seq, String hashId, int declaration, long eventTime, long recordTime, long height, Map<Field, List<String>> values, Optional<String> context) {
  /** The fields queries select by; each code is one byte of the index's keys, never reused. */
  enum Field {
    TYPE('y'),
    ACTION('a'),
    BIZ_STEP('s'),
    DISPOSITION('d'),
    READ_POINT('r'),
    BIZ_LOCATION('l'),
    /** epcList and childEPCs: what MATCH_epc selects. */
    EPC('e'),
    PARENT('p'),
    INPUT_EPC('i'),
    OUTPUT_EPC('o'),
    /** quantityList and childQuantityList: what MATCH_epcClass selects. */
    EPC_CLASS('c'),
    INPUT_CLASS('I'),
    OUTPUT_CLASS('O'),
    /** The hash ID, and the eventID the capturing party gave when it differs. */
    EVENT_ID('h'),
    /** "true" when the event carries an errorDeclaration. */
    ERROR_DECLARATION('x'),
    /** {@code type + SEPARATOR + id}; the type is "" when the event gives none. */
    BIZ_TRANSACTION('b'),
    SOURCE('f'),
    DESTINATION('t');

    final byte code;

    Field(char code) {
      this.code = (byte) code;
    }
  }

  /** Joins a type and an id into one value of {@link Field#BIZ_TRANSACTION}, SOURCE or DESTINATION. */
  static final String SEPARATOR = "\u0001";

  IndexedEvent {
    Objects.requireNonNull(hashId, "hashId");
    values = Map.copyOf(values);
    Objects.requireNonNull(context, "context");
    if (declaration < -1) {
      throw new IllegalArgumentException("declaration: -1 or an index, was " + declaration);
    }
  }

  List<String> values(Field f) {
    return values.getOrDefault(f, List.of());
  }

  /** The entry of an event as the contract captured it, with its normalised fields. */
  static IndexedEvent of(long seq, EpcisEvent ev, int declaration, long recordTime, long height, Optional<String> context) {
    EnumMap<Field, List<String>> v = new EnumMap<>(Field.class);
    put(v, Field.TYPE, List.of(ev.type()));
    ev.action().ifPresent(a -> put(v, Field.ACTION, List.of(a)));
    ev.bizStep().ifPresent(a -> put(v, Field.BIZ_STEP, List.of(a)));
    ev.disposition().ifPresent(a -> put(v, Field.DISPOSITION, List.of(a)));
    ev.readPoint().ifPresent(a -> put(v, Field.READ_POINT, List.of(a)));
    ev.bizLocation().ifPresent(a -> put(v, Field.BIZ_LOCATION, List.of(a)));
    List<String> epcs = new ArrayList<>(ev.epcList());
    epcs.addAll(ev.childEpcs());
    put(v, Field.EPC, epcs);
    ev.parentId().ifPresent(p -> put(v, Field.PARENT, List.of(p)));
    put(v, Field.INPUT_EPC, ev.inputEpcs());
    put(v, Field.OUTPUT_EPC, ev.outputEpcs());
    List<String> classes = new ArrayList<>();
    ev.quantityList().forEach(q -> classes.add(q.epcClass()));
    ev.childQuantityList().forEach(q -> classes.add(q.epcClass()));
    put(v, Field.EPC_CLASS, classes);
    put(v, Field.INPUT_CLASS, ev.inputQuantityList().stream().map(EpcisEvent.QuantityElement::epcClass).toList());
    put(v, Field.OUTPUT_CLASS, ev.outputQuantityList().stream().map(EpcisEvent.QuantityElement::epcClass).toList());
    List<String> ids = new ArrayList<>(List.of(ev.hashId()));
    ev.eventId().ifPresent(ids::add);
    put(v, Field.EVENT_ID, ids);
    if (ev.errorDeclaration().isPresent()) {
      put(v, Field.ERROR_DECLARATION, List.of("true"));
    }
    put(v, Field.BIZ_TRANSACTION, ev.bizTransactions().stream().map(b -> b.type().orElse("") + SEPARATOR + b.id()).toList());
    put(v, Field.SOURCE, ev.sources().stream().map(s -> s.type() + SEPARATOR + s.id()).toList());
    put(v, Field.DESTINATION, ev.destinations().stream().map(s -> s.type() + SEPARATOR + s.id()).toList());
    return new IndexedEvent(seq, ev.hashId(), declaration, ev.eventTime().epochMillis(), recordTime, height, v, context);
  }

  /** Values once each, in first-seen order; a NUL would end an index key early, so it is replaced. */
  private static void put(Map<Field, List<String>> v, Field f, List<String> values) {
    if (values.isEmpty()) {
      return;
    }
    LinkedHashSet<String> once = new LinkedHashSet<>();
    values.forEach(x -> once.add(x.replace('\0', '\uFFFD')));
    v.put(f, List.copyOf(once));
  }

  byte[] encode() {
    ObjectNode o = CanonicalJson.object();
    o.put("seq", seq).put("hashId", hashId).put("declaration", declaration).put("eventTime", eventTime).put("recordTime", recordTime).put("height", height);
    context.ifPresent(c -> o.put("context", c));
    ObjectNode fields = o.putObject("values");
    for (Map.Entry<Field, List<String>> e : values.entrySet()) {
      ArrayNode a = fields.putArray(Character.toString((char) e.getKey().code));
      e.getValue().forEach(a::add);
    }
    return CanonicalJson.encode(o);
  }

  static IndexedEvent decode(byte[] bytes) {
    JsonNode o = CanonicalJson.parse("index entry", bytes);
    EnumMap<Field, List<String>> v = new EnumMap<>(Field.class);
    for (Field f : Field.values()) {
      JsonNode a = o.path("values").get(Character.toString((char) f.code));
      if (a != null) {
        List<String> list = new ArrayList<>(a.size());
        a.forEach(x -> list.add(x.textValue()));
        v.put(f, List.copyOf(list));
      }
    }
    return new IndexedEvent(o.path("seq").longValue(), o.path("hashId").textValue(), o.path("declaration").intValue(), o.path("eventTime").longValue(),
        o.path("recordTime").longValue(), o.path("height").longValue(), v, Optional.ofNullable(o.get("context")).map(JsonNode::textValue));
  }
}
