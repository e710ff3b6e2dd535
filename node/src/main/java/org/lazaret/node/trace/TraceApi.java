package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.Identifiers;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.LedgerStore;

/**
 * The read side of supply-chain trace over the trace contract's state: the EPCIS 2.0 query
 * interface for events by EPC ({@code GET /epcis/events}), the lineage graph of an EPC through
 * aggregation and transformation ({@code GET /v1/trace/{epc}}) and its chain of custody. Every
 * query starts from the per-EPC index, so none scans the state. Capture goes through signed
 * {@code trace.capture} transactions ({@code lazaret epcis capture}).
 */
public final class TraceApi implements ApiModule {
  public static final int DEPTH_MAX = 10;
  public static final int NODES_MAX = 1_000;
  private static final String BIZSTEP_URN = "urn:epcglobal:cbv:bizstep:";
  private static final String BIZSTEP_URI = "https://ref.gs1.org/cbv/BizStep-";

  private final LedgerStore store;

  public TraceApi(LedgerStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  @Override
  public void routes(Javalin app) {
    app.get("/epcis/events", this::events);
    app.get("/v1/trace/{epc}", ctx -> send(ctx, lineage(epc(ctx.pathParam("epc"), "epc"))));
    app.get("/v1/trace/{epc}/custody", ctx -> send(ctx, custody(epc(ctx.pathParam("epc"), "epc"))));
  }

  private Optional<JsonNode> read(String key) {
    return store.stateValue(key).map(b -> CanonicalJson.parse(key, b));
  }

  private List<JsonNode> recordsOf(String urn) {
    List<JsonNode> out = new ArrayList<>();
    read(TraceContract.epcKey(urn)).ifPresent(n -> n.path("events").forEach(h -> read(TraceContract.eventKey(h.asText())).ifPresent(out::add)));
    return out;
  }

  // ---- EPCIS query ----

  private void events(Context ctx) {
    Optional<String> matchEpc = optional(ctx, "MATCH_epc");
    Optional<String> anyEpc = optional(ctx, "MATCH_anyEPC");
    if (matchEpc.isEmpty() && anyEpc.isEmpty()) {
      throw Problem.badRequest("MATCH_epc", "required (or MATCH_anyEPC): queries start from the per-EPC index and never scan every event");
    }
    TreeSet<String> epcs = new TreeSet<>();
    TreeSet<String> direct = new TreeSet<>();
    matchEpc.ifPresent(v -> list(v).forEach(e -> { String u = epc(e, "MATCH_epc"); epcs.add(u); direct.add(u); }));
    anyEpc.ifPresent(v -> list(v).forEach(e -> epcs.add(epc(e, "MATCH_anyEPC"))));
    TreeSet<String> any = new TreeSet<>(epcs);
    any.removeAll(direct);
    Predicate<JsonNode> p = r -> true;
    if (matchEpc.isPresent()) {
      p = r -> {
        JsonNode s = r.path("summary");
        for (String f : new String[] {"epcList", "childEPCs"}) {
          for (JsonNode e : s.path(f)) {
            if (direct.contains(e.asText())) {
              return true;
            }
          }
        }
        for (JsonNode e : s.path("epcs")) {
          if (any.contains(e.asText())) {
            return true;
          }
        }
        return false;
      };
    }
    Optional<TreeSet<String>> steps = optional(ctx, "EQ_bizStep").map(v -> new TreeSet<>(list(v).stream().map(TraceApi::bizStep).toList()));
    Optional<TreeSet<String>> types = optional(ctx, "eventType").map(v -> new TreeSet<>(list(v)));
    Optional<TreeSet<String>> ids = optional(ctx, "EQ_eventID").map(v -> new TreeSet<>(list(v)));
    long ge = optional(ctx, "GE_eventTime").map(v -> time("GE_eventTime", v)).orElse(Long.MIN_VALUE);
    long lt = optional(ctx, "LT_eventTime").map(v -> time("LT_eventTime", v)).orElse(Long.MAX_VALUE);
    TreeMap<String, JsonNode> found = new TreeMap<>();
    for (String e : epcs) {
      for (JsonNode r : recordsOf(e)) {
        found.put(r.path("hashId").asText(), r);
      }
    }
    List<JsonNode> hits = new ArrayList<>();
    for (JsonNode r : found.values()) {
      JsonNode s = r.path("summary");
      long t = s.path("eventTime").asLong();
      if (!p.test(r) || t < ge || t >= lt) {
        continue;
      }
      if (steps.isPresent() && !steps.get().contains(bizStep(s.path("bizStep").asText("")))) {
        continue;
      }
      if (types.isPresent() && !types.get().contains(s.path("type").asText())) {
        continue;
      }
      if (ids.isPresent() && !ids.get().contains(r.path("hashId").asText()) && !ids.get().contains(s.path("eventID").asText(""))) {
        continue;
      }
      hits.add(r);
    }
    hits.sort(Comparator.comparingLong((JsonNode r) -> r.path("summary").path("eventTime").asLong()).thenComparing(r -> r.path("hashId").asText()));
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("@context", TraceContract.DEFAULT_CONTEXT).put("type", "EPCISQueryDocument").put("schemaVersion", "2.0");
    doc.put("creationDate", Instant.now().toString());
    ObjectNode results = doc.putObject("epcisBody").putObject("queryResults");
    results.put("queryName", "SimpleEventQuery");
    ArrayNode list = results.putObject("resultsBody").putArray("eventList");
    for (JsonNode r : hits) {
      ObjectNode ev = (ObjectNode) r.path("event").deepCopy();
      if (!ev.hasNonNull("eventID")) {
        ev.put("eventID", r.path("hashId").asText());
      }
      if (!r.path("errorDeclarations").isEmpty()) {
        JsonNode last = r.path("errorDeclarations").get(r.path("errorDeclarations").size() - 1);
        ev.set("errorDeclaration", last.path("event").path("errorDeclaration"));
      }
      list.add(ev);
    }
    send(ctx, doc);
  }

  // ---- lineage ----

  /** Breadth-first through aggregation (parent-child) and transformation (input-output) events. */
  ObjectNode lineage(String start) {
    TreeMap<String, Integer> depth = new TreeMap<>();
    TreeSet<String> edges = new TreeSet<>();
    ArrayNode edgeList = JsonNodeFactory.instance.arrayNode();
    ArrayDeque<String> queue = new ArrayDeque<>();
    depth.put(start, 0);
    queue.add(start);
    boolean truncated = false;
    while (!queue.isEmpty()) {
      String epc = queue.poll();
      int d = depth.get(epc);
      for (JsonNode r : recordsOf(epc)) {
        JsonNode s = r.path("summary");
        String type = s.path("type").asText();
        List<String[]> links = new ArrayList<>();
        if ("AggregationEvent".equals(type) && s.hasNonNull("parentID")) {
          s.path("childEPCs").forEach(c -> links.add(new String[] {s.path("parentID").asText(), c.asText(), "aggregation"}));
        } else if ("TransformationEvent".equals(type)) {
          s.path("inputEPCs").forEach(i -> s.path("outputEPCs").forEach(o -> links.add(new String[] {i.asText(), o.asText(), "transformation"})));
        }
        for (String[] l : links) {
          if (!l[0].equals(epc) && !l[1].equals(epc)) {
            continue;
          }
          String other = l[0].equals(epc) ? l[1] : l[0];
          if (!depth.containsKey(other)) {
            if (d >= DEPTH_MAX || depth.size() >= NODES_MAX) {
              truncated = true;
              continue;
            }
            depth.put(other, d + 1);
            queue.add(other);
          }
          if (edges.add(l[0] + " " + l[1] + " " + l[2] + " " + r.path("hashId").asText())) {
            edgeList.addObject().put("from", l[0]).put("to", l[1]).put("type", l[2]).put("event", r.path("hashId").asText());
          }
        }
      }
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("epc", start);
    ArrayNode nodes = o.putArray("nodes");
    depth.entrySet().stream().sorted(java.util.Map.Entry.<String, Integer>comparingByValue().thenComparing(java.util.Map.Entry.comparingByKey()))
        .forEach(e -> nodes.addObject().put("id", e.getKey()).put("depth", e.getValue()));
    o.set("edges", edgeList);
    o.put("truncated", truncated);
    return o;
  }

  // ---- custody ----

  ObjectNode custody(String epc) {
    List<JsonNode> records = recordsOf(epc);
    if (records.isEmpty()) {
      throw Problem.notFound("no event names " + epc);
    }
    records.sort(Comparator.comparingLong((JsonNode r) -> r.path("summary").path("eventTime").asLong()).thenComparing(r -> r.path("hashId").asText()));
    ObjectNode o = JsonNodeFactory.instance.objectNode().put("epc", epc);
    ArrayNode timeline = o.putArray("timeline");
    String holder = "";
    for (JsonNode r : records) {
      JsonNode s = r.path("summary");
      ObjectNode t = timeline.addObject();
      t.put("time", Instant.ofEpochMilli(s.path("eventTime").asLong()).toString()).put("eventID", r.path("hashId").asText()).put("type", s.path("type").asText());
      for (String f : new String[] {"bizStep", "bizLocation", "readPoint"}) {
        if (s.hasNonNull(f)) {
          t.put(f, s.get(f).asText());
        } else {
          t.putNull(f);
        }
      }
      t.set("sources", s.path("sources"));
      t.set("destinations", s.path("destinations"));
      String owner = "org:" + r.path("capturedBy").asText();
      for (JsonNode d : s.path("destinations")) {
        if ("owning_party".equals(d.path("type").asText())) {
          owner = d.path("id").asText();
        }
      }
      t.put("owner", owner).put("capturedBy", r.path("capturedBy").asText());
      holder = owner;
    }
    o.put("currentHolder", holder);
    return o;
  }

  // ---- parameters ----

  private static void send(Context ctx, JsonNode node) {
    ctx.contentType("application/json").result(node.toString());
  }

  private static Optional<String> optional(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  private static List<String> list(String v) {
    return List.of(v.split(",")).stream().map(String::strip).filter(x -> !x.isEmpty()).toList();
  }

  /** An EPC URN or GS1 Digital Link, as the index keys it (EPC URN for GS1 identifiers). */
  private static String epc(String value, String field) {
    if (value.contains("*")) {
      throw Problem.badRequest(field, "patterns are not supported; give an instance EPC");
    }
    try {
      return Identifiers.toUrn(value);
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest(field, "'" + value + "' is a malformed GS1 identifier: " + e.getMessage());
    }
  }

  private static String bizStep(String v) {
    if (v.startsWith(BIZSTEP_URN)) {
      return v.substring(BIZSTEP_URN.length());
    }
    if (v.startsWith(BIZSTEP_URI)) {
      return v.substring(BIZSTEP_URI.length());
    }
    return v;
  }

  private static long time(String field, String v) {
    try {
      return OffsetDateTime.parse(v).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(field, "'" + v + "' is not an ISO 8601 time with offset (2024-01-31T12:00:00Z)");
    }
  }
}
