package org.lazaret.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An event as the pre-hash algorithm sees it: a tree of (name, value, children) in which the JSON
 * shapes that differ from the EPCIS XML binding are already brought to the XML shape (list elements
 * named "epc", "quantityElement", "sensorElement"; one "childEPCs" element holding its "epc"
 * children), names carry their namespace in braces ({https://ns.example.com/epcis/}field), and
 * every JSON scalar is text. Children of an object are sorted (so JSON key order does not matter)
 * except inside business transactions, sources and destinations, whose two fields keep their order
 * and become a {@link Group}. The writer consumes children as it emits them, so nodes are mutable;
 * a tree is built for one event and thrown away.
 */
final class Tree {
  private static final Set<String> UNORDERED_KEYS =
      Set.of("bizTransaction", "source", "destination");
  private static final Set<String> PAIRED_LISTS =
      Set.of("sourceList", "destinationList", "bizTransactionList");
  private static final Set<String> COMMENTS = Set.of("#text", "rdfs:comment", "comment");

  private Tree() {}

  /** A child of a node: either a node or a group of nodes emitted together. */
  sealed interface Item permits Node, Group {}

  /** A named element; {@code value} is empty for elements that only have children. */
  static final class Node implements Item, Comparable<Node> {
    final String name;
    final String value;
    final List<Item> children;

    Node(String name, String value, List<Item> children) {
      this.name = name;
      this.value = value;
      this.children = children;
    }

    @Override
    public int compareTo(Node other) {
      int byName = PyText.compareCodePoints(name, other.name);
      if (byName != 0) {
        return byName;
      }
      int byValue = PyText.compareCodePoints(value, other.value);
      if (byValue != 0) {
        return byValue;
      }
      for (int i = 0; i < Math.min(children.size(), other.children.size()); i++) {
        int byChild = compareItems(children.get(i), other.children.get(i));
        if (byChild != 0) {
          return byChild;
        }
      }
      return Integer.compare(children.size(), other.children.size());
    }

    private static int compareItems(Item a, Item b) {
      // Groups only appear after sorting, so two plain nodes are the only case that arises.
      return a instanceof Node x && b instanceof Node y ? x.compareTo(y) : 0;
    }
  }

  /** The (at most two) fields of one business transaction, source or destination, in JSON order. */
  record Group(List<Node> members) implements Item {}

  /** Converts one event object; keys in {@code ignored} are skipped at its top level only. */
  static Node event(JsonNode event, Map<String, String> namespaces, Set<String> ignored) {
    return correct(convert(event, new LinkedHashMap<>(namespaces), ignored));
  }

  private static Node convert(JsonNode json, Map<String, String> namespaces, Set<String> ignored) {
    if (json.isArray()) {
      List<Item> children = new ArrayList<>();
      json.forEach(element -> children.add(convert(element, namespaces, Set.of())));
      boolean keepOrder = false;
      for (JsonNode element : json) {
        keepOrder |= element.isTextual() && UNORDERED_KEYS.contains(element.textValue());
      }
      if (!keepOrder) {
        sort(children);
      }
      return new Node("", "", children);
    }
    if (!json.isObject()) {
      return new Node("", PyText.scalar(valueWithNamespace(json, namespaces)), new ArrayList<>());
    }
    String name = json.path("type").isTextual() ? json.get("type").textValue() : "";
    String value = json.has("#text") ? PyText.scalar(json.get("#text")) : "";
    List<Item> children = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = field.getKey();
      if (COMMENTS.contains(key) || ignored.contains(key)) {
        continue;
      }
      if (key.startsWith("@xmlns")) {
        namespaces.put(
            key.length() > 7 ? key.substring(7) : "", "{" + PyText.scalar(field.getValue()) + "}");
        name = keyWithNamespace(name, namespaces);
        continue;
      }
      Node child = convert(field.getValue(), namespaces, Set.of());
      String childName = keyWithNamespace(key, namespaces);
      if (field.getValue().isArray()) {
        for (Item element : child.children) {
          Node node = (Node) element;
          children.add(new Node(childName, node.value, node.children));
        }
      } else {
        children.add(new Node(childName, child.value, child.children));
      }
    }
    boolean keepOrder = false;
    for (String key : UNORDERED_KEYS) {
      keepOrder |= json.has(key);
    }
    if (!keepOrder) {
      sort(children);
    }
    return new Node(name, value, children);
  }

  /** "prefix:local" becomes "{namespace}local" when the document's context declares the prefix. */
  static String keyWithNamespace(String key, Map<String, String> namespaces) {
    int colon = key.indexOf(':');
    if (colon >= 0 && namespaces.containsKey(key.substring(0, colon))) {
      return namespaces.get(key.substring(0, colon)) + key.substring(colon + 1);
    }
    return key;
  }

  private static JsonNode valueWithNamespace(JsonNode json, Map<String, String> namespaces) {
    if (!json.isTextual()) {
      return json;
    }
    String text = json.textValue();
    int colon = text.indexOf(':');
    if (colon >= 0 && namespaces.containsKey(text.substring(0, colon))) {
      String namespace = namespaces.get(text.substring(0, colon)).replace("{", "").replace("}", "");
      return com.fasterxml.jackson.databind.node.TextNode.valueOf(
          namespace + text.substring(colon + 1));
    }
    return json;
  }

  /** Brings JSON list shapes to the XML element shapes the property order is written for. */
  private static Node correct(Node node) {
    List<Item> children = new ArrayList<>(node.children);
    Map<String, List<Node>> lists = new LinkedHashMap<>();
    for (Iterator<Item> it = children.iterator(); it.hasNext(); ) {
      if (it.next() instanceof Node child && child.name.endsWith("List")) {
        String element = child.name.substring(0, child.name.length() - 4);
        lists
            .computeIfAbsent(child.name, k -> new ArrayList<>())
            .add(new Node(element, child.value, child.children));
        it.remove();
      }
    }
    lists.forEach(
        (name, elements) -> {
          List<Item> items = new ArrayList<>();
          for (Node element : elements) {
            items.add(PAIRED_LISTS.contains(name) ? pair(element) : element);
          }
          children.add(new Node(name, "", items));
        });
    List<Item> childEpcs = new ArrayList<>();
    for (Iterator<Item> it = children.iterator(); it.hasNext(); ) {
      if (it.next() instanceof Node child && child.name.equals("childEPCs")) {
        childEpcs.add(new Node("epc", child.value, new ArrayList<>()));
        it.remove();
      }
    }
    if (!childEpcs.isEmpty()) {
      children.add(new Node("childEPCs", "", childEpcs));
    }
    List<Item> corrected = new ArrayList<>();
    for (Item item : children) {
      corrected.add(
          item instanceof Node child && !PAIRED_LISTS.contains(child.name) ? correct(child) : item);
    }
    return new Node(renamed(node), node.value, corrected);
  }

  private static Group pair(Node element) {
    List<Node> members = new ArrayList<>();
    for (Item item : element.children.subList(0, Math.min(2, element.children.size()))) {
      members.add((Node) item);
    }
    return new Group(members);
  }

  private static String renamed(Node node) {
    return switch (node.name) {
      case "inputEPC", "outputEPC" -> "epc";
      case "inputQuantity", "outputQuantity", "childQuantity" -> "quantityElement";
      case "quantity" -> node.children.isEmpty() ? "quantity" : "quantityElement";
      default -> node.name;
    };
  }

  private static void sort(List<Item> items) {
    items.sort((a, b) -> ((Node) a).compareTo((Node) b));
  }
}
