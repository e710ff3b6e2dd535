package org.lazaret.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lazaret.epcis.EpcisFormatException;
import org.lazaret.epcis.hash.Tree.Group;
import org.lazaret.epcis.hash.Tree.Item;
import org.lazaret.epcis.hash.Tree.Node;

/**
 * Builds the canonical pre-hash string of every event of an EPCIS 2.0 JSON(-LD) document and its
 * event hash ID ({@code ni:///sha-256;<hex>?ver=CBV2.0}), as CBV 2.0 specifies and as the reference
 * implementation's published vectors fix it. Fields named in the canonical property order are
 * written first, in that order, each list sorted; everything else that is not ignored (recordTime,
 * eventID, errorDeclaration, the event type field, comments, fields the document lists under
 * repository-x:ignoreFields) follows as "user extension" text, sorted. Business transactions,
 * sources, destinations and ILMD are written in that second part: that is where the reference puts
 * them, so the hashes only match if we do too (which is also why destinationList precedes
 * sourceList, parentID precedes epcList and certificationInfo is hashed, unlike the README's
 * table). Where the reference fails outright we do something defined instead: a timestamp that
 * rounds into the next second carries, an infinite number stays as written, a timestamp without
 * offset is read as UTC (the reference uses the machine's zone). Stateless and deterministic: the
 * same document always yields the same strings on every node.
 */
public final class PreHashes {
  /** The CBV 2.0 property order; an empty sub-order marks a field with a plain value. */
  private record Field(String name, List<Field> order) {}

  private static final List<Field> QUANTITY =
      List.of(leaf("epcClass"), leaf("quantity"), leaf("uom"));
  private static final List<Field> ORDER =
      List.of(
          leaf("eventTime"),
          leaf("eventTimeZoneOffset"),
          leaf("certificationInfo"),
          leaf("parentID"),
          nested("epcList", leaf("epc")),
          nested("inputEPCList", leaf("epc")),
          nested("childEPCs", leaf("epc")),
          nested("quantityList", quantityElement()),
          nested("childQuantityList", quantityElement()),
          nested("inputQuantityList", quantityElement()),
          nested("outputEPCList", leaf("epc")),
          nested("outputQuantityList", quantityElement()),
          leaf("action"),
          leaf("transformationID"),
          leaf("bizStep"),
          leaf("disposition"),
          nested("persistentDisposition", leaf("set"), leaf("unset")),
          nested("readPoint", leaf("id")),
          nested("bizLocation", leaf("id")),
          nested(
              "sensorElementList",
              nested(
                  "sensorElement",
                  nested(
                      "sensorMetadata",
                      leaves(
                          "time startTime endTime deviceID deviceMetadata "
                              + "rawData dataProcessingMethod bizRules")),
                  nested(
                      "sensorReport",
                      leaves(
                          "type exception deviceID deviceMetadata rawData dataProcessingMethod time"
                              + " microorganism chemicalSubstance value component stringValue"
                              + " booleanValue hexBinaryValue uriValue minValue maxValue meanValue"
                              + " sDev percRank percValue uom coordinateReferenceSystem")))));
  private static final Set<String> NOT_HASHED =
      Set.of("recordTime", "eventID", "type", "errorDeclaration");
  private static final Set<String> UNSORTED_MEMBERS =
      Set.of("bizTransaction", "source", "destination");
  private static final String IGNORE_FIELDS_NAMESPACE = "{https://repository-x.example.com/}";

  private PreHashes() {}

  /** The pre-hash string of each event of {@code document}, in document order. */
  public static List<String> of(JsonNode document) {
    if (!document.isObject()) {
      throw new EpcisFormatException(
          "$", "expected an EPCIS document object, found " + kind(document));
    }
    ObjectNode expanded =
        (ObjectNode) BareVocabulary.expand(withoutEmptyContexts((ObjectNode) document));
    Map<String, String> namespaces = namespaces(expanded.path("@context"));
    Events events = Events.locate(expanded);
    Set<String> ignored = ignoredFields(events.ignoreFieldsHolder(), namespaces);
    List<String> preHashes = new ArrayList<>();
    for (int i = 0; i < events.list().size(); i++) {
      JsonNode event = events.list().get(i);
      String path = events.path() + "[" + i + "]";
      if (!event.isObject()) {
        throw new EpcisFormatException(path, "expected an event object, found " + kind(event));
      }
      if (!event.path("type").isTextual()) {
        throw new EpcisFormatException(path + ".type", "missing, or not a string");
      }
      preHashes.add(preHash(Tree.event(event, namespaces, ignored)));
    }
    return preHashes;
  }

  /** {@code ni:///sha-256;<lower-case hex>?ver=CBV2.0} of one pre-hash string. */
  public static String hashId(String preHash) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(preHash.getBytes(StandardCharsets.UTF_8));
      return "ni:///sha-256;" + HexFormat.of().formatHex(digest) + "?ver=CBV2.0";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  static String preHash(Node event) {
    List<Item> children = event.children;
    String ordered = ordered(children, ORDER);
    List<Item> rest = new ArrayList<>();
    for (Item item : children) {
      if (!(item instanceof Node node && NOT_HASHED.contains(node.name))) {
        rest.add(item);
      }
    }
    return "eventType=" + event.name + ordered + extensions(rest);
  }

  /** Writes the fields of {@code order} found in {@code items}, consuming what it writes. */
  private static String ordered(List<Item> items, List<Field> order) {
    List<Item> gathered = gatherExtensions(items);
    StringBuilder out = new StringBuilder();
    for (Field field : order) {
      List<String> values = new ArrayList<>();
      for (Item item : new ArrayList<>(items)) {
        if (item instanceof Node node && node.name.equals(field.name())) {
          String text = element(node, field.order());
          if (!text.isEmpty()) {
            values.add(text);
          }
          if (node.children.isEmpty()) {
            items.remove(node);
          }
        }
      }
      values.sort(PyText.CODE_POINT_ORDER);
      values.forEach(out::append);
    }
    if (!gathered.isEmpty()) {
      out.append(extensions(gathered));
    }
    return out.toString();
  }

  private static String element(Node node, List<Field> order) {
    String nested = order.isEmpty() ? "" : ordered(node.children, order);
    String text = "";
    if (!node.value.isEmpty()) {
      text = PyText.strip(node.value);
      String lower = node.name.toLowerCase(java.util.Locale.ROOT);
      text =
          lower.contains("time") && !lower.contains("offset")
              ? Timestamps.canonical(text)
              : canonicalValue(text);
      if (!text.isEmpty()) {
        text = "=" + text;
      }
    }
    return text.isEmpty() && nested.isEmpty() ? "" : node.name + text + nested;
  }

  /**
   * Inside readPoint, bizLocation, sensor elements and the like, namespaced fields ("{ns/}name") go
   * after the standard fields of their parent. Not at event level (recognised by eventTime or
   * action among the names), and not when the parent has a single child — both as the reference.
   */
  private static List<Item> gatherExtensions(List<Item> items) {
    List<Item> gathered = new ArrayList<>();
    if (items.size() <= 1) {
      return gathered;
    }
    for (Item item : items) {
      if (item instanceof Node node
          && (node.name.contains("eventTime") || node.name.contains("action"))) {
        return gathered;
      }
    }
    for (Item item : items) {
      if (item instanceof Node node && node.name.contains("{") && node.name.contains("/}")) {
        gathered.add(item);
      }
    }
    items.removeAll(gathered);
    return gathered;
  }

  /** Writes fields outside the property order: name, "=value" if any, then children; sorted. */
  private static String extensions(List<? extends Item> items) {
    List<String> values = new ArrayList<>();
    boolean sort = items.size() > 1;
    for (Item item : items) {
      switch (item) {
        case Group group -> values.add(extensions(group.members()));
        case Node node -> {
          sort &= !UNSORTED_MEMBERS.contains(node.name);
          String text = PyText.strip(node.value);
          values.add(
              node.name
                  + (text.isEmpty() ? "" : "=" + canonicalValue(text))
                  + extensions(node.children));
        }
      }
    }
    if (sort) {
      values.sort(PyText.CODE_POINT_ORDER);
    }
    return String.join("", values);
  }

  /** CBV URNs to Web URIs, numbers without trailing zeros, GS1 identifiers to Digital Link. */
  static String canonicalValue(String text) {
    String value =
        text.replace("urn:epcglobal:cbv:bizstep:", "https://ref.gs1.org/cbv/BizStep-")
            .replace("urn:epcglobal:cbv:disp:", "https://ref.gs1.org/cbv/Disp-")
            .replace("urn:epcglobal:cbv:btt:", "https://ref.gs1.org/cbv/BTT-")
            .replace("urn:epcglobal:cbv:sdt:", "https://ref.gs1.org/cbv/SDT-")
            .replace("urn:epcglobal:cbv:er:", "https://ref.gs1.org/cbv/ER-");
    String numeric = PyText.numeric(value);
    return HashIdentifiers.canonical(numeric).orElse(numeric);
  }

  private static ObjectNode withoutEmptyContexts(ObjectNode document) {
    JsonNode context = document.get("@context");
    if (context == null || !context.isArray()) {
      return document;
    }
    ObjectNode copy = document.deepCopy();
    ArrayNode cleaned = copy.putArray("@context");
    context.forEach(
        entry -> {
          if (!(entry.isObject() && entry.isEmpty())) {
            cleaned.add(entry);
          }
        });
    return copy;
  }

  /** Prefix to "{namespace}" for every prefix the document's own context declares. */
  private static Map<String, String> namespaces(JsonNode context) {
    Map<String, String> namespaces = new LinkedHashMap<>();
    for (JsonNode entry : context.isArray() ? context : List.of(context)) {
      entry
          .fields()
          .forEachRemaining(
              field -> {
                JsonNode iri =
                    field.getValue().isTextual() ? field.getValue() : field.getValue().path("@id");
                if (iri.isTextual()) {
                  namespaces.put(field.getKey(), "{" + iri.textValue() + "}");
                }
              });
    }
    return namespaces;
  }

  /** Field names listed under {prefix}:ignoreFields, where the prefix is repository-x's. */
  private static Set<String> ignoredFields(JsonNode holder, Map<String, String> namespaces) {
    String prefix = "";
    for (Map.Entry<String, String> entry : namespaces.entrySet()) {
      if (entry.getValue().equals(IGNORE_FIELDS_NAMESPACE)) {
        prefix = entry.getKey();
        break;
      }
    }
    Set<String> ignored = new LinkedHashSet<>();
    holder
        .path(prefix + ":ignoreFields")
        .forEach(
            name -> {
              if (name.isTextual()) {
                ignored.add(name.textValue());
              }
            });
    return ignored;
  }

  static String kind(JsonNode node) {
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Field leaf(String name) {
    return new Field(name, List.of());
  }

  private static Field nested(String name, Field... order) {
    return new Field(name, List.of(order));
  }

  private static Field quantityElement() {
    return new Field("quantityElement", QUANTITY);
  }

  private static Field[] leaves(String names) {
    return java.util.Arrays.stream(names.split(" ")).map(PreHashes::leaf).toArray(Field[]::new);
  }
}
