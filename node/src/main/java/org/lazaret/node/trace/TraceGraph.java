package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.contracts.trace.Lots;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.Identifiers;

/**
 * The directed lineage of an item, lot or container over the trace state, for recalls, the export
 * and the dashboard. Links come from the events an identifier's index lists: aggregation (parent
 * to child, EPCs and quantity classes), transformation (every input to every output, EPCs and
 * quantity classes) and lot membership (the lot an ILMD gives the items an event creates, to each
 * item). Unlike the undirected {@code GET /v1/trace/{epc}}, the walk keeps direction:
 *
 * <ul>
 *   <li><b>downstream</b>: what came from the start, following every link forward (a lot's items,
 *       a container's contents, a transformation's outputs), transitively;
 *   <li><b>upstream</b>: what the start came from, following transformations and lot membership
 *       backward (an output's inputs, an item's lot, and for a lot what its items were made from);
 *   <li><b>carrier</b>: the containers that held a node of either kind, followed upward only. A
 *       carrier's other contents are not reached through it: a sealed pack is not affected by
 *       sharing a case with a recalled one; it is reached only if a link of its own leads to it.
 * </ul>
 *
 * Bounded like the lineage query: {@link TraceApi#DEPTH_MAX} links from the start and {@link
 * TraceApi#NODES_MAX} nodes, with {@code truncated} set when a bound stopped the walk.
 */
final class TraceGraph {
  /** What a node is to the start; declared strongest first, a node keeps the strongest it reaches. */
  enum Role {
    START,
    DOWNSTREAM,
    UPSTREAM,
    CARRIER;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** One link between two identifiers, established by {@code event} at {@code time}. */
  record Link(String from, String to, String type, String event, long time) {}

  record Node(String id, String kind, Role role, int depth) {}

  record Graph(String start, List<Node> nodes, List<Link> links, boolean truncated) {
    Optional<Node> node(String id) {
      return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }
  }

  private final TraceState state;

  TraceGraph(TraceState state) {
    this.state = state;
  }

  /** The links the events naming {@code id} establish, each once. */
  List<Link> links(String id) {
    TreeMap<String, Link> out = new TreeMap<>();
    for (JsonNode r : state.records(id)) {
      for (Link l : linksOf(r)) {
        if (l.from().equals(id) || l.to().equals(id)) {
          out.putIfAbsent(l.from() + " " + l.to() + " " + l.type(), l);
        }
      }
    }
    return List.copyOf(out.values());
  }

  /** Every link one stored event establishes. */
  static List<Link> linksOf(JsonNode record) {
    JsonNode s = record.path("summary");
    JsonNode event = record.path("event");
    String h = record.path("hashId").asText();
    long t = s.path("eventTime").asLong();
    List<Link> out = new ArrayList<>();
    switch (s.path("type").asText()) {
      case "AggregationEvent" -> {
        if (s.hasNonNull("parentID")) {
          List<String> children = texts(s.path("childEPCs"));
          children.addAll(classes(event.path("childQuantityList")));
          children.forEach(c -> out.add(new Link(s.path("parentID").asText(), c, "aggregation", h, t)));
        }
      }
      case "TransformationEvent" -> {
        List<String> inputs = texts(s.path("inputEPCs"));
        inputs.addAll(classes(event.path("inputQuantityList")));
        List<String> outputs = texts(s.path("outputEPCs"));
        outputs.addAll(classes(event.path("outputQuantityList")));
        inputs.forEach(i -> outputs.forEach(o -> out.add(new Link(i, o, "transformation", h, t))));
      }
      default -> {
        // object and transaction events link nothing
      }
    }
    Lots.createdItemLots(s, event).forEach((item, lot) -> out.add(new Link(lot, item, "lot", h, t)));
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.asText()));
    return out;
  }

  /** The epcClass of each quantity element, normalised; malformed ones skipped. */
  static List<String> classes(JsonNode quantityList) {
    List<String> out = new ArrayList<>();
    quantityList.forEach(q -> classOf(q).ifPresent(out::add));
    return out;
  }

  /** The normalised epcClass of a quantity element; empty when malformed (the schema takes any URI). */
  static Optional<String> classOf(JsonNode quantityElement) {
    try {
      return Optional.of(Identifiers.toUrn(quantityElement.path("epcClass").asText()));
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  /** The walk from {@code start} in both directions, with carriers. */
  Graph walk(String start) {
    TreeMap<String, Role> role = new TreeMap<>();
    TreeMap<String, Integer> depth = new TreeMap<>();
    TreeMap<String, Link> links = new TreeMap<>();
    TreeMap<String, Boolean> parents = new TreeMap<>();
    // items of a lot the walk goes upstream from: what they were made from is upstream of the lot
    TreeSet<String> members = new TreeSet<>();
    ArrayDeque<String> queue = new ArrayDeque<>();
    role.put(start, Role.START);
    depth.put(start, 0);
    queue.add(start);
    boolean truncated = false;
    while (!queue.isEmpty()) {
      String id = queue.poll();
      Role r = role.get(id);
      int d = depth.get(id);
      for (Link l : links(id)) {
        if (l.type().equals("aggregation")) {
          parents.put(l.from(), true);
        }
        Optional<Role> next = step(r, members.contains(id), id, l);
        if (next.isEmpty()) {
          continue;
        }
        String other = l.from().equals(id) ? l.to() : l.from();
        if (l.type().equals("lot") && l.from().equals(id) && (r == Role.START || r == Role.UPSTREAM) && members.add(other) && role.containsKey(other)) {
          queue.add(other);
        }
        Role before = role.get(other);
        if (before == null || next.get().compareTo(before) < 0) {
          if (d >= TraceApi.DEPTH_MAX || (before == null && role.size() >= TraceApi.NODES_MAX)) {
            truncated = true;
            continue;
          }
          role.put(other, next.get());
          depth.put(other, before == null ? d + 1 : Math.min(depth.get(other), d + 1));
          queue.add(other);
        }
        links.putIfAbsent(l.from() + " " + l.to() + " " + l.type(), l);
      }
    }
    List<Node> nodes = new ArrayList<>();
    for (Map.Entry<String, Role> e : role.entrySet()) {
      nodes.add(new Node(e.getKey(), kind(e.getKey(), parents.containsKey(e.getKey())), e.getValue(), depth.get(e.getKey())));
    }
    nodes.sort(Comparator.comparingInt(Node::depth).thenComparing(Node::id));
    List<Link> kept = links.values().stream().filter(l -> role.containsKey(l.from()) && role.containsKey(l.to())).toList();
    return new Graph(start, List.copyOf(nodes), kept, truncated);
  }

  /**
   * The role {@code l} gives the node at its other end, when a node of role {@code r} follows it;
   * {@code member}: the node is an item of a lot the walk goes upstream from.
   */
  private static Optional<Role> step(Role r, boolean member, String id, Link l) {
    boolean forward = l.from().equals(id);
    boolean aggregation = l.type().equals("aggregation");
    if (!forward && aggregation) {
      return Optional.of(Role.CARRIER);
    }
    if (!forward && member && l.type().equals("transformation")) {
      return Optional.of(Role.UPSTREAM);
    }
    return switch (r) {
      case START, DOWNSTREAM -> forward ? Optional.of(Role.DOWNSTREAM) : r == Role.START ? Optional.of(Role.UPSTREAM) : Optional.empty();
      case UPSTREAM -> forward ? Optional.empty() : Optional.of(Role.UPSTREAM);
      case CARRIER -> Optional.empty();
    };
  }

  /** item, lot, container or class: how the dashboard colours a node. */
  static String kind(String id, boolean isParent) {
    if (isParent || id.startsWith("urn:epc:id:sscc:")) {
      return "container";
    }
    if (Lots.isLot(id)) {
      return "lot";
    }
    if (id.startsWith("urn:epc:idpat:") || id.startsWith("urn:epc:class:")) {
      return "class";
    }
    return "item";
  }

  static ObjectNode json(Graph g) {
    ObjectNode o = CanonicalJson.object().put("epc", g.start());
    ArrayNode nodes = o.putArray("nodes");
    for (Node n : g.nodes()) {
      nodes.addObject().put("id", n.id()).put("kind", n.kind()).put("role", n.role().word()).put("depth", n.depth());
    }
    ArrayNode edges = o.putArray("edges");
    for (Link l : g.links()) {
      edges.addObject().put("from", l.from()).put("to", l.to()).put("type", l.type()).put("event", l.event()).put("time", l.time());
    }
    o.put("truncated", g.truncated());
    return o;
  }
}
