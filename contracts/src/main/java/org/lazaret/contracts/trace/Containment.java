package org.lazaret.contracts.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Revert;
import org.lazaret.core.Invariants;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.EpcisEvent;
import org.lazaret.epcis.EpcisEvent.QuantityElement;
import org.lazaret.epcis.Identifiers;

/**
 * What each container (a pallet or case: the parentID of aggregation events) held over time, so
 * that a sensor reading on a pallet reaches the lots inside it and a lot's readings include the
 * pallet's. AggregationEvent ADD opens an interval [eventTime, …) for each child; DELETE closes
 * the open intervals of the children it names (of every child when it names none); OBSERVE
 * changes nothing. Intervals follow event time, not capture order, but a DELETE captured before
 * the ADD it ends (in an earlier transaction) finds nothing to close: that child then reads as
 * still inside.
 *
 * <p>State, both directions: {@code trace/contents/<parent>} and {@code trace/within/<child>},
 * each {@code {"entries": [{child|parent, from, until?, event}]}} in capture order, at most
 * {@link #ENTRIES_MAX}; when full, the oldest closed interval makes room, and a container whose
 * every interval is open refuses more ({@code CONTAINER_FULL}).
 */
public final class Containment {
  public static final int ENTRIES_MAX = 1_000;
  /** Nesting followed from a container down (pallet, case, inner pack, item) or up. */
  public static final int DEPTH_MAX = 4;

  private Containment() {}

  public static String contentsKey(String parent) {
    return "trace/contents/" + parent;
  }

  public static String withinKey(String child) {
    return "trace/within/" + child;
  }

  /** Applies an aggregation event's ADD or DELETE to both directions of the containment state. */
  static void apply(EpcisEvent ev, Context ctx) {
    if (!"AggregationEvent".equals(ev.type()) || ev.parentId().isEmpty()) {
      return;
    }
    String parent = Identifiers.toUrn(ev.parentId().get());
    long t = ev.eventTime().epochMillis();
    LinkedHashSet<String> children = new LinkedHashSet<>();
    ev.childEpcs().forEach(c -> children.add(Identifiers.toUrn(c)));
    for (QuantityElement q : ev.childQuantityList()) {
      children.add(Identifiers.toUrn(q.epcClass()));
    }
    switch (ev.action().orElse("")) {
      case "ADD" -> {
        for (String child : children) {
          if (open(ctx, contentsKey(parent), "child", child, t)) {
            append(ctx, contentsKey(parent), entry("child", child, t, ev.hashId()));
            append(ctx, withinKey(child), entry("parent", parent, t, ev.hashId()));
          }
        }
      }
      case "DELETE" -> {
        for (String child : close(ctx, contentsKey(parent), "child", children, t)) {
          List<String> closed = close(ctx, withinKey(child), "parent", Set.of(parent), t);
          Invariants.check(!closed.isEmpty(), "%s left %s but was not within it", child, parent);
        }
      }
      default -> {
        // OBSERVE confirms what is there; it changes nothing
      }
    }
  }

  private static ObjectNode entry(String role, String id, long from, String event) {
    return CanonicalJson.object().put(role, id).put("from", from).put("event", event);
  }

  /** True unless {@code id} already has an interval open at {@code t} under {@code key}. */
  private static boolean open(Context ctx, String key, String role, String id, long t) {
    for (JsonNode e : ctx.read(key).map(n -> n.path("entries")).orElse(CanonicalJson.object().arrayNode())) {
      if (e.path(role).asText().equals(id) && covers(e, t)) {
        return false;
      }
    }
    return true;
  }

  private static void append(Context ctx, String key, ObjectNode entry) {
    ObjectNode value = ctx.read(key).map(n -> (ObjectNode) n.deepCopy()).orElseGet(() -> {
      ObjectNode o = CanonicalJson.object();
      o.putArray("entries");
      return o;
    });
    ArrayNode entries = (ArrayNode) value.get("entries");
    if (entries.size() >= ENTRIES_MAX) {
      int oldestClosed = -1;
      for (int i = 0; i < entries.size() && oldestClosed < 0; i++) {
        if (entries.get(i).has("until")) {
          oldestClosed = i;
        }
      }
      if (oldestClosed < 0) {
        throw new Revert("CONTAINER_FULL", key + " already has " + ENTRIES_MAX + " open intervals");
      }
      entries.remove(oldestClosed);
    }
    entries.add(entry);
    Invariants.check(entries.size() <= ENTRIES_MAX, "%s grew past %s entries", key, ENTRIES_MAX);
    ctx.write(key, value);
  }

  /** Closes at {@code t} the open intervals of {@code ids} (all when empty); returns the ids closed. */
  private static List<String> close(Context ctx, String key, String role, Set<String> ids, long t) {
    List<String> closed = new ArrayList<>();
    Optional<JsonNode> value = ctx.read(key);
    if (value.isEmpty()) {
      return closed;
    }
    ObjectNode copy = (ObjectNode) value.get().deepCopy();
    for (JsonNode e : copy.path("entries")) {
      String id = e.path(role).asText();
      if (!e.has("until") && e.path("from").asLong() <= t && (ids.isEmpty() || ids.contains(id))) {
        ((ObjectNode) e).put("until", t);
        closed.add(id);
      }
    }
    if (!closed.isEmpty()) {
      ctx.write(key, copy);
    }
    return closed;
  }

  private static boolean covers(JsonNode entry, long t) {
    return entry.path("from").asLong() <= t && (!entry.has("until") || t < entry.path("until").asLong());
  }

  /**
   * The children of {@code parent} at time {@code t}, in capture order; {@code read} gives state
   * values (a contract context or a node's store).
   */
  public static List<String> contentsAt(String parent, long t, Function<String, Optional<JsonNode>> read) {
    return at(contentsKey(parent), "child", t, read);
  }

  /** The containers that held {@code child} at time {@code t}. */
  public static List<String> containersAt(String child, long t, Function<String, Optional<JsonNode>> read) {
    return at(withinKey(child), "parent", t, read);
  }

  private static List<String> at(String key, String role, long t, Function<String, Optional<JsonNode>> read) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : read.apply(key).map(n -> n.path("entries")).orElse(CanonicalJson.object().arrayNode())) {
      if (covers(e, t) && !out.contains(e.path(role).asText())) {
        out.add(e.path(role).asText());
      }
    }
    return out;
  }

  /** One interval of containment as stored: the other party, from, and until when closed. */
  public record Interval(String other, long from, Optional<Long> until, String event) {}

  /** Every interval in which {@code child} was inside a container, in capture order. */
  public static List<Interval> containers(String child, Function<String, Optional<JsonNode>> read) {
    return intervals(withinKey(child), "parent", read);
  }

  /** Every interval in which {@code parent} held a child, in capture order. */
  public static List<Interval> contents(String parent, Function<String, Optional<JsonNode>> read) {
    return intervals(contentsKey(parent), "child", read);
  }

  private static List<Interval> intervals(String key, String role, Function<String, Optional<JsonNode>> read) {
    List<Interval> out = new ArrayList<>();
    for (JsonNode e : read.apply(key).map(n -> n.path("entries")).orElse(CanonicalJson.object().arrayNode())) {
      Optional<Long> until = e.has("until") ? Optional.of(e.path("until").asLong()) : Optional.empty();
      out.add(new Interval(e.path(role).asText(), e.path("from").asLong(), until, e.path("event").asText()));
    }
    return out;
  }
}
