package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.contracts.trace.ColdChain;
import org.lazaret.contracts.trace.Lots;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.LedgerStore;

/**
 * The cold chain of a lot, item or container: the breaches the ledger recorded for it ({@code GET
 * /v1/trace/{epc}/breaches}) and every temperature reading it went through, for a chart ({@code
 * GET /v1/trace/{epc}/temperatures}): the Temperature reports of the events of everywhere it was,
 * while it was there ({@link Exposures}), each marked breached when the ledger recorded it in a
 * breach, and outside when it is outside the class's range as it stands now.
 */
public final class ColdChainApi implements ApiModule {
  /** The values of one report, in the order a chart reads them. */
  private static final List<String> FIELDS = List.of("value", "minValue", "maxValue");
  private final TraceState state;
  private final TraceGraph graph;

  public ColdChainApi(LedgerStore store) {
    this.state = new TraceState(store);
    this.graph = new TraceGraph(state);
  }

  @Override
  public void routes(Javalin app) {
    app.get("/v1/trace/{epc}/breaches", ctx -> TraceState.json(ctx, breaches(TraceState.identifier(ctx))));
    app.get("/v1/trace/{epc}/temperatures", ctx -> TraceState.json(ctx, temperatures(TraceState.identifier(ctx))));
  }

  /** 404 unless some event or breach names {@code id}. */
  private void requireKnown(String id) {
    if (!state.known(id) && state.read(ColdChain.breachesKey(id)).isEmpty()) {
      throw Problem.notFound("no event on the ledger names " + id);
    }
  }

  ObjectNode breaches(String id) {
    requireKnown(id);
    ObjectNode o = CanonicalJson.object().put("epc", id);
    ArrayNode list = o.putArray("breaches");
    JsonNode index = state.read(ColdChain.breachesKey(id)).orElse(CanonicalJson.object());
    for (JsonNode key : index.path("breaches")) {
      state.read(key.asText()).ifPresent(b -> list.add(view(b)));
    }
    o.put("more", index.path("more").asLong(0));
    return o;
  }

  /** A stored breach with its range in degrees and its times as ISO instants, for people. */
  private static ObjectNode view(JsonNode b) {
    ObjectNode v = (ObjectNode) b.deepCopy();
    ObjectNode range = (ObjectNode) v.path("range");
    range.put("minCelsius", ColdChain.celsius(range.path("minMilliCelsius").asLong())).put("maxCelsius", ColdChain.celsius(range.path("maxMilliCelsius").asLong()));
    v.put("eventTimeIso", Instant.ofEpochMilli(b.path("eventTime").asLong()).toString());
    for (JsonNode r : v.path("readings")) {
      ((ObjectNode) r).put("timeIso", Instant.ofEpochMilli(r.path("time").asLong()).toString());
    }
    return v;
  }

  ObjectNode temperatures(String id) {
    requireKnown(id);
    Optional<String> cls = Lots.productClass(id);
    Optional<JsonNode> range = cls.flatMap(c -> state.read(ColdChain.rangeKey(c)));
    TreeSet<String> breached = new TreeSet<>();
    for (JsonNode key : state.read(ColdChain.breachesKey(id)).map(n -> n.path("breaches")).orElse(CanonicalJson.object().arrayNode())) {
      state.read(key.asText()).ifPresent(b -> b.path("readings").forEach(r -> breached.add(b.path("event").asText() + " " + r.path("report").asInt() + " " + r.path("field").asText())));
    }
    Exposures.Result where = Exposures.of(id, state, graph);
    TreeMap<String, ObjectNode> readings = new TreeMap<>();
    for (Exposures.Exposure e : where.exposures()) {
      for (JsonNode record : state.records(e.carrier())) {
        for (Readings.Reading r : Readings.of(record)) {
          String key = r.event() + " " + r.report() + " " + r.field();
          if (!e.covers(r.time()) || readings.containsKey(key)) {
            continue;
          }
          ObjectNode o = CanonicalJson.object().put("time", Instant.ofEpochMilli(r.time()).toString()).put("timeMillis", r.time());
          o.put("celsius", r.temperature().celsius().toPlainString()).put("value", r.value().toPlainString()).put("uom", r.uom()).put("field", r.field());
          o.set("readPoint", r.readPoint());
          o.set("bizLocation", r.bizLocation());
          o.put("event", r.event()).put("report", r.report()).put("via", e.carrier().equals(id) ? "" : e.carrier());
          o.put("breached", breached.contains(key));
          o.put("outside", range.map(g -> r.temperature().compareTo(g.path("minMilliCelsius").asLong()) < 0 || r.temperature().compareTo(g.path("maxMilliCelsius").asLong()) > 0).orElse(false));
          readings.put(key, o);
        }
      }
    }
    List<ObjectNode> sorted = new ArrayList<>(readings.values());
    sorted.sort(Comparator.comparingLong((ObjectNode o) -> o.path("timeMillis").asLong()).thenComparing(o -> o.path("event").asText()).thenComparingInt(o -> o.path("report").asInt())
        .thenComparingInt(o -> FIELDS.indexOf(o.path("field").asText())));
    ObjectNode out = CanonicalJson.object().put("epc", id);
    cls.ifPresentOrElse(c -> out.put("class", c), () -> out.putNull("class"));
    range.ifPresentOrElse(
        g -> out.putObject("range").put("minCelsius", ColdChain.celsius(g.path("minMilliCelsius").asLong())).put("maxCelsius", ColdChain.celsius(g.path("maxMilliCelsius").asLong()))
            .put("label", g.path("label").asText()),
        () -> out.putNull("range"));
    ArrayNode list = out.putArray("readings");
    sorted.forEach(list::add);
    out.put("truncated", where.truncated());
    return out;
  }
}
