package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.lazaret.core.json.CanonicalJson;

/**
 * Who held an item, lot or container, when and where, and who holds it now. Shipping and receiving
 * are usually recorded on the pallet, not on each pack inside, so the custody of a pack alone stops
 * at packing: its timeline here merges the custody timelines ({@link TraceApi#custody}) of
 * everywhere it was, while it was there ({@link Exposures}), each entry saying through which
 * container ({@code via}). The holder is the owning party of the latest transfer (an event with an
 * owning_party destination): an event that transfers nothing, such as an inspection or unpacking,
 * leaves the goods with whoever had them; with no transfer at all, the last entry's owner as
 * custody computed it.
 */
final class Holders {
  private final TraceState state;
  private final TraceGraph graph;

  Holders(TraceState state, TraceGraph graph) {
    this.state = state;
    this.graph = graph;
  }

  /** {@code {epc, timeline, currentHolder, truncated}}; empty when nothing names {@code id}. */
  Optional<ObjectNode> timeline(String id) {
    Exposures.Result where = Exposures.of(id, state, graph);
    TreeMap<String, ObjectNode> entries = new TreeMap<>();
    TreeMap<String, Optional<ObjectNode>> custody = new TreeMap<>();
    for (Exposures.Exposure e : where.exposures()) {
      Optional<ObjectNode> c = custody.computeIfAbsent(e.carrier(), state::custody);
      if (c.isEmpty()) {
        continue;
      }
      for (JsonNode t : c.get().path("timeline")) {
        long at = Instant.parse(t.path("time").asText()).toEpochMilli();
        String key = t.path("eventID").asText();
        if (e.covers(at) && !entries.containsKey(key)) {
          entries.put(key, ((ObjectNode) t.deepCopy()).put("via", e.carrier().equals(id) ? "" : e.carrier()).put("timeMillis", at));
        }
      }
    }
    if (entries.isEmpty()) {
      return Optional.empty();
    }
    List<ObjectNode> sorted = new ArrayList<>(entries.values());
    sorted.sort(Comparator.comparingLong((ObjectNode t) -> t.path("timeMillis").asLong()).thenComparing(t -> t.path("eventID").asText()));
    ObjectNode o = CanonicalJson.object().put("epc", id);
    ArrayNode list = o.putArray("timeline");
    sorted.forEach(list::add);
    o.set("currentHolder", holder(sorted));
    o.put("truncated", where.truncated());
    return Optional.of(o);
  }

  /** The current holder: {@code {holder, since, bizLocation, via}}; empty when nothing names {@code id}. */
  Optional<ObjectNode> of(String id) {
    return timeline(id).map(t -> (ObjectNode) t.get("currentHolder"));
  }

  private static ObjectNode holder(List<ObjectNode> timeline) {
    ObjectNode last = timeline.get(timeline.size() - 1);
    String holder = "";
    String since = last.path("time").asText();
    String via = last.path("via").asText();
    for (int i = timeline.size() - 1; i >= 0 && holder.isEmpty(); i--) {
      for (JsonNode d : timeline.get(i).path("destinations")) {
        if ("owning_party".equals(d.path("type").asText())) {
          holder = d.path("id").asText();
          since = timeline.get(i).path("time").asText();
          via = timeline.get(i).path("via").asText();
        }
      }
    }
    JsonNode location = last.path("bizLocation");
    for (int i = timeline.size() - 1; i >= 0 && location.isNull(); i--) {
      location = timeline.get(i).path("bizLocation");
    }
    ObjectNode h = CanonicalJson.object().put("holder", holder.isEmpty() ? last.path("owner").asText() : holder).put("since", since);
    h.set("bizLocation", location);
    return h.put("via", via);
  }
}
