package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.contracts.trace.Lots;
import org.lazaret.contracts.trace.Recall;
import org.lazaret.core.Limits;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.LedgerStore;

/**
 * Recalls and what they reach. {@code GET /v1/recalls} lists recalls, newest first; {@code GET
 * /v1/recalls/{id}} is one recall with everything downstream of its lots; {@code GET
 * /v1/trace/{epc}/recall} says whether an item or lot is recalled (itself, or a lot it came from)
 * and lists what is downstream of it, along the directed walk of {@link TraceGraph}. Affected lots
 * and items are the start and its downstream nodes, and the lots of affected items; containers are listed apart as carriers (to be opened, their other contents not
 * affected); each comes with its current holder ({@link Holders}). The affected set is computed
 * when asked, so goods captured after the recall are included.
 */
public final class RecallApi implements ApiModule {
  private final TraceState state;
  private final TraceGraph graph;
  private final Holders holders;

  public RecallApi(LedgerStore store) {
    this.state = new TraceState(store);
    this.graph = new TraceGraph(state);
    this.holders = new Holders(state, graph);
  }

  @Override
  public void routes(Javalin app) {
    app.get("/v1/recalls", this::list);
    app.get("/v1/recalls/{id}", ctx -> TraceState.json(ctx, recall(id(ctx))));
    app.get("/v1/trace/{epc}/recall", ctx -> TraceState.json(ctx, status(TraceState.identifier(ctx))));
  }

  private static long id(Context ctx) {
    String v = ctx.pathParam("id");
    if (!v.matches("[1-9][0-9]{0,17}")) {
      throw Problem.badRequest("id", "'" + v + "' is not a recall number (1, 2, ...)");
    }
    return Long.parseLong(v);
  }

  private long count() {
    return state.read(Recall.COUNT_KEY).map(n -> n.path("count").asLong()).orElse(0L);
  }

  private void list(Context ctx) {
    long count = count();
    long before = count + 1;
    String b = ctx.queryParam("before");
    if (b != null) {
      if (!b.matches("[0-9]{1,18}")) {
        throw Problem.badRequest("before", "'" + b + "' is not a recall number");
      }
      before = Math.min(before, Long.parseLong(b));
    }
    int limit = limit(ctx);
    ObjectNode o = CanonicalJson.object().put("count", count);
    ArrayNode list = o.putArray("recalls");
    for (long id = before - 1; id >= 1 && list.size() < limit; id--) {
      state.read(Recall.recallKey(id)).ifPresent(r -> list.add(view(r)));
    }
    TraceState.json(ctx, o);
  }

  private static int limit(Context ctx) {
    String l = ctx.queryParam("limit");
    if (l == null) {
      return 50;
    }
    if (!l.matches("[0-9]{1,4}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > Limits.PAGE_SIZE_MAX) {
      throw Problem.badRequest("limit", "must be between 1 and " + Limits.PAGE_SIZE_MAX);
    }
    return Integer.parseInt(l);
  }

  private static ObjectNode view(JsonNode r) {
    ObjectNode v = (ObjectNode) r.deepCopy();
    v.put("timeIso", Instant.ofEpochMilli(r.path("time").asLong()).toString());
    return v;
  }

  ObjectNode recall(long id) {
    JsonNode r = state.read(Recall.recallKey(id)).orElseThrow(() -> Problem.notFound("no recall " + id + "; there are " + count()));
    ObjectNode o = view(r);
    List<TraceGraph.Graph> walks = new ArrayList<>();
    r.path("lots").forEach(l -> walks.add(graph.walk(l.asText())));
    o.set("affected", affected(walks));
    return o;
  }

  private void requireKnown(String id) {
    if (!state.known(id)) {
      throw Problem.notFound("no event on the ledger names " + id);
    }
  }

  ObjectNode status(String id) {
    requireKnown(id);
    TraceGraph.Graph g = graph.walk(id);
    ObjectNode o = CanonicalJson.object().put("epc", id);
    ArrayNode recalls = o.putArray("recalls");
    recallsOf(state, id, g).forEach((recall, lot) -> state.read(Recall.recallKey(recall)).ifPresent(r -> recalls.add(view(r).put("becauseOf", lot))));
    o.put("recalled", !recalls.isEmpty());
    o.set("affected", affected(List.of(g)));
    return o;
  }

  /**
   * Recalls that reach {@code id}: of itself, of its lot, or of a lot upstream; recall number to the
   * recalled lot that makes it so.
   */
  static TreeMap<Long, String> recallsOf(TraceState state, String id, TraceGraph.Graph g) {
    TreeMap<Long, String> out = new TreeMap<>();
    TreeSet<String> candidates = new TreeSet<>();
    for (TraceGraph.Node n : g.nodes()) {
      if (n.role() == TraceGraph.Role.START || n.role() == TraceGraph.Role.UPSTREAM) {
        candidates.add(n.id());
      }
    }
    if (Lots.isItem(id)) {
      state.lotOfItem(id).ifPresent(candidates::add);
    }
    for (String c : candidates) {
      state.read(Recall.recalledKey(c)).ifPresent(r -> out.putIfAbsent(r.path("recall").asLong(), c));
    }
    return out;
  }

  /** The lots, items and carriers of some walks, strongest role kept, each with its holder. */
  private ObjectNode affected(List<TraceGraph.Graph> walks) {
    TreeMap<String, TraceGraph.Node> nodes = new TreeMap<>();
    boolean truncated = false;
    for (TraceGraph.Graph g : walks) {
      truncated |= g.truncated();
      for (TraceGraph.Node n : g.nodes()) {
        nodes.merge(n.id(), n, (a, b) -> a.role().compareTo(b.role()) <= 0 ? a : b);
      }
    }
    ObjectNode o = CanonicalJson.object();
    ArrayNode lots = o.putArray("lots");
    ArrayNode items = o.putArray("items");
    ArrayNode carriers = o.putArray("carriers");
    TreeMap<String, TreeMap<String, Integer>> lotHolders = new TreeMap<>();
    TreeSet<String> partial = new TreeSet<>();
    for (TraceGraph.Node n : nodes.values()) {
      boolean affected = n.role() == TraceGraph.Role.START || n.role() == TraceGraph.Role.DOWNSTREAM;
      if (n.role() == TraceGraph.Role.CARRIER) {
        carriers.add(entry(n));
      } else if (affected && n.kind().equals("item")) {
        ObjectNode e = entry(n);
        Optional<String> lot = state.lotOfItem(n.id());
        lot.ifPresentOrElse(l -> e.put("lot", l), () -> e.putNull("lot"));
        lot.ifPresent(l -> lotHolders.computeIfAbsent(l, k -> new TreeMap<>()).merge(e.path("holder").path("holder").asText("unknown"), 1, Integer::sum));
        if (n.role() == TraceGraph.Role.DOWNSTREAM) {
          lot.ifPresent(partial::add);
        }
        items.add(e);
      }
    }
    TreeMap<String, ObjectNode> lotEntries = new TreeMap<>();
    for (TraceGraph.Node n : nodes.values()) {
      boolean affected = n.role() == TraceGraph.Role.START || n.role() == TraceGraph.Role.DOWNSTREAM;
      if (affected && (n.kind().equals("lot") || n.kind().equals("class"))) {
        lotEntries.put(n.id(), entry(n));
      }
    }
    // a lot some of whose items are affected (they were made from a recalled input) is partly affected
    for (String lot : partial) {
      if (!lotEntries.containsKey(lot)) {
        lotEntries.put(lot, entry(new TraceGraph.Node(lot, "lot", TraceGraph.Role.DOWNSTREAM, -1)).put("role", "partial"));
      }
    }
    for (ObjectNode e : lotEntries.values()) {
      ArrayNode h = e.putArray("itemHolders");
      lotHolders.getOrDefault(e.path("id").asText(), new TreeMap<>()).forEach((holder, count) -> h.addObject().put("holder", holder).put("items", count));
      state.read(Recall.recalledKey(e.path("id").asText())).ifPresentOrElse(r -> e.put("recall", r.path("recall").asLong()), () -> e.putNull("recall"));
      lots.add(e);
    }
    o.put("truncated", truncated);
    return o;
  }

  private ObjectNode entry(TraceGraph.Node n) {
    ObjectNode e = CanonicalJson.object().put("id", n.id()).put("kind", n.kind()).put("role", n.role().word()).put("depth", n.depth());
    holders.of(n.id()).ifPresentOrElse(h -> e.set("holder", h), () -> e.putNull("holder"));
    return e;
  }
}
