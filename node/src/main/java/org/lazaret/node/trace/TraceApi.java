package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.lazaret.contracts.trace.CaptureArgs;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.EpcFormat;
import org.lazaret.epcis.Identifiers;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.NodeServices;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.LedgerStore;

/**
 * Supply-chain trace on the node: the EPCIS 2.0 REST binding ({@code /epcis}: discovery, capture
 * and capture jobs, event queries with every SimpleEventQuery parameter) and the lineage graph of
 * an EPC through aggregation and transformation ({@code GET /v1/trace/{epc}}) with its chain of
 * custody. Event queries read the node-local {@link TraceIndex}, fed by committed blocks; lineage
 * and custody read the trace contract's per-EPC state directly, so they work on any store, also
 * from other modules that construct this class just for them.
 */
public final class TraceApi implements ApiModule {
  public static final int DEPTH_MAX = 10;
  public static final int NODES_MAX = 1_000;
  /** How long a query waits for the read index to reach the head the query started at. */
  static final long INDEX_WAIT_MILLIS = 5_000;
  static final String EPCIS_VERSION = "2.0.0";
  static final String CBV_VERSION = "2.0.0";

  private final LedgerStore store;
  private final Optional<KeyPair> captureKey;
  private volatile Optional<TraceIndex> index = Optional.empty();
  private volatile Optional<CaptureEndpoint> capture = Optional.empty();

  public TraceApi(LedgerStore store) {
    this(store, Optional.empty());
  }

  /** @param captureKey the key {@code POST /epcis/capture} signs with; without one it answers 503 */
  public TraceApi(LedgerStore store, Optional<KeyPair> captureKey) {
    this.store = Objects.requireNonNull(store, "store");
    this.captureKey = Objects.requireNonNull(captureKey, "captureKey");
  }

  /** The module for {@code Node.start}, capturing with {@code captureKey} when given. */
  public static Function<LedgerStore, ApiModule> factory(Optional<KeyPair> captureKey) {
    return store -> new TraceApi(store, captureKey);
  }

  @Override
  public void start(NodeServices node) {
    TraceIndex opened = TraceIndex.open(node.dataDir().resolve("trace-index"), store);
    node.onCommit((block, receipts) -> opened.schedule());
    opened.schedule();
    index = Optional.of(opened);
    capture = Optional.of(new CaptureEndpoint(node, opened, new CaptureJobs(opened.store()), captureKey.map(k -> new CaptureSigner(k, node))));
  }

  @Override
  public void close() {
    index.ifPresent(TraceIndex::close);
  }

  /** The read index, once started. */
  Optional<TraceIndex> index() {
    return index;
  }

  @Override
  public void routes(Javalin app) {
    app.before("/epcis", TraceApi::versions);
    app.before("/epcis/*", TraceApi::versions);
    app.options("/epcis", ctx -> discovery(ctx, "OPTIONS, GET"));
    app.get("/epcis", ctx -> send(ctx, JsonNodeFactory.instance.arrayNode().add("capture").add("events")));
    app.options("/epcis/capture", ctx -> discovery(ctx, "OPTIONS, GET, POST"));
    app.options("/epcis/events", ctx -> discovery(ctx, "OPTIONS, GET"));
    app.post("/epcis/capture", ctx -> capture().capture(ctx));
    app.get("/epcis/capture", ctx -> capture().list(ctx));
    app.get("/epcis/capture/{captureID}", ctx -> capture().job(ctx));
    app.get("/epcis/events", this::events);
    app.get("/v1/trace/{epc}", ctx -> {
      EpcFormat f = format(ctx);
      send(ctx, inFormat(lineage(epc(ctx.pathParam("epc"), "epc")), f));
    });
    app.get("/v1/trace/{epc}/custody", ctx -> {
      EpcFormat f = format(ctx);
      send(ctx, inFormat(custody(epc(ctx.pathParam("epc"), "epc")), f));
    });
  }

  /** Every EPCIS response says which versions of the standard and vocabulary it speaks. */
  private static void versions(Context ctx) {
    ctx.header("GS1-EPCIS-Version", EPCIS_VERSION).header("GS1-CBV-Version", CBV_VERSION);
  }

  private static void discovery(Context ctx, String allow) {
    ctx.header("Allow", allow);
    ctx.header("GS1-EPCIS-Min", EPCIS_VERSION).header("GS1-EPCIS-Max", EPCIS_VERSION);
    ctx.header("GS1-CBV-Min", CBV_VERSION).header("GS1-CBV-Max", CBV_VERSION);
    ctx.header("GS1-Vendor-Version", "lazaret 0.1.0");
    ctx.header("GS1-EPC-Format", "No_Preference, Always_GS1_Digital_Link, Always_EPC_URN, Never_Translates");
    ctx.header("GS1-EPCIS-Capture-Limit", Integer.toString(CaptureArgs.EVENTS_PER_CALL_MAX));
    ctx.header("GS1-EPCIS-Capture-File-Size-Limit", Integer.toString(CaptureEndpoint.BODY_BYTES_MAX));
    ctx.header("GS1-Capture-Error-Behaviour", "rollback");
    ctx.status(204);
  }

  private CaptureEndpoint capture() {
    return capture.orElseThrow(() -> new Problem(503, "NOT_READY", "", "the trace module has not started", true, 1));
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
    EpcFormat format = format(ctx);
    EventQuery query = EventQuery.parse(ctx.queryParamMap());
    TraceIndex idx = index.orElseThrow(() -> new Problem(503, "NOT_READY", "", "the trace index has not started", true, 1));
    long head = store.head().orElseThrow().height();
    if (!idx.awaitHeight(head, INDEX_WAIT_MILLIS)) {
      String why = idx.failure().orElse("the trace index is at block " + idx.indexedHeight() + " of " + head + " and catching up");
      throw new Problem(503, "INDEX_BEHIND", "", why, idx.failure().isEmpty(), 2);
    }
    EventSearch.Page page = EventSearch.run(idx, query);
    page.next().ifPresent(t -> ctx.header("Link", "<" + nextPage(ctx, t) + ">; rel=\"next\""));
    send(ctx, EventDocuments.queryDocument(store, page.events(), format, Instant.now()));
  }

  /** The same query with the next page's token, as the Link header gives it. */
  private static String nextPage(Context ctx, PageToken token) {
    StringBuilder url = new StringBuilder(ctx.path()).append('?');
    for (Map.Entry<String, List<String>> p : new TreeMap<>(ctx.queryParamMap()).entrySet()) {
      if (!p.getKey().equals("nextPageToken")) {
        for (String v : p.getValue()) {
          url.append(enc(p.getKey())).append('=').append(enc(v)).append('&');
        }
      }
    }
    return url.append("nextPageToken=").append(enc(token.encode())).toString();
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The GS1-EPC-Format the client asked for (echoed on the response); No_Preference by default. */
  private static EpcFormat format(Context ctx) {
    String asked = ctx.header("GS1-EPC-Format");
    EpcFormat f = asked == null ? EpcFormat.NO_PREFERENCE
        : EpcFormat.fromHeader(asked).orElseThrow(() -> Problem.badRequest("GS1-EPC-Format",
            "'" + asked + "' is not one of No_Preference, Always_GS1_Digital_Link, Always_EPC_URN, Never_Translates"));
    ctx.header("GS1-EPC-Format", f.headerValue());
    return f;
  }

  /** A lineage or custody answer with its identifiers in the asked format. */
  private static ObjectNode inFormat(ObjectNode answer, EpcFormat f) {
    convert(answer, "epc", f);
    answer.path("nodes").forEach(n -> convert(n, "id", f));
    answer.path("edges").forEach(e -> {
      convert(e, "from", f);
      convert(e, "to", f);
    });
    answer.path("timeline").forEach(t -> {
      convert(t, "bizLocation", f);
      convert(t, "readPoint", f);
      t.path("sources").forEach(x -> convert(x, "id", f));
      t.path("destinations").forEach(x -> convert(x, "id", f));
      convert(t, "owner", f);
    });
    convert(answer, "currentHolder", f);
    return answer;
  }

  private static void convert(JsonNode holder, String field, EpcFormat f) {
    if (holder instanceof ObjectNode o && o.path(field).isTextual()) {
      o.put(field, f.convert(o.get(field).textValue()));
    }
  }

  // ---- lineage ----

  /** Breadth-first through aggregation (parent-child) and transformation (input-output) events. */
  public ObjectNode lineage(String start) {
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
    depth.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> nodes.addObject().put("id", e.getKey()).put("depth", e.getValue()));
    o.set("edges", edgeList);
    o.put("truncated", truncated);
    return o;
  }

  // ---- custody ----

  public ObjectNode custody(String epc) {
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

  static void send(Context ctx, JsonNode node) {
    ctx.contentType("application/json").result(node.toString());
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
}
