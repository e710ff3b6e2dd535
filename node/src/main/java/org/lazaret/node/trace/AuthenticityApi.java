package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lazaret.contracts.trace.Lots;
import org.lazaret.contracts.trace.Recall;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.qr.QrCodes;
import org.lazaret.epcis.Identifiers;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.LedgerStore;

/**
 * Is this pack genuine? {@code GET /v1/trace/{sgtin}/authenticity} (SGTIN as EPC URN or GS1
 * Digital Link) answers {@code genuine} when the ledger holds events for the serial and no recall
 * reaches it, {@code recalled} when a recall of its lot (or of a lot it was made from) does, and
 * {@code unknown} when no event names it: a serial nobody recorded, perhaps a copy. The answer
 * carries the item's history and state proofs against one block's state root, in the node's proof
 * format: of the item's index entry (or of its absence, for an unknown serial), of each event
 * record, and of the recall record that reaches it, so a holder checks the answer offline with
 * {@code lazaret proof verify}. {@code GET /v1/trace/{sgtin}/qr.png} is a QR code of the item's
 * verification page on the dashboard, for printing on the pack.
 */
public final class AuthenticityApi implements ApiModule {
  /** Event records proven in one answer; an item's history beyond it is listed but not proven. */
  static final int EVENT_PROOFS_MAX = 32;
  static final int QR_PIXELS = 400;

  private final TraceState state;
  private final TraceGraph graph;
  private final Holders holders;

  public AuthenticityApi(LedgerStore store) {
    this.state = new TraceState(store);
    this.graph = new TraceGraph(state);
    this.holders = new Holders(state, graph);
  }

  @Override
  public void routes(Javalin app) {
    app.get("/v1/trace/{epc}/authenticity", ctx -> TraceState.json(ctx, authenticity(item(ctx))));
    app.get("/v1/trace/{epc}/qr.png", this::qr);
  }

  private static String item(Context ctx) {
    String id = TraceState.identifier(ctx);
    if (!Lots.isItem(id)) {
      throw Problem.badRequest("epc", "'" + ctx.pathParam("epc") + "' is not a serialised item: give an SGTIN (urn:epc:id:sgtin:... or a Digital Link with /01/.../21/...)");
    }
    return id;
  }

  /** The dashboard page that verifies {@code item}, under the origin the request came to. */
  static String verifyUrl(Context ctx, String item) {
    return ctx.scheme() + "://" + ctx.host() + "/#/verify/" + URLEncoder.encode(Identifiers.toDigitalLink(item), StandardCharsets.UTF_8);
  }

  ObjectNode authenticity(String item) {
    StateProofs proofs = StateProofs.atHead(state.store());
    String indexKey = TraceContract.epcKey(item);
    ObjectNode o = CanonicalJson.object().put("epc", item).put("digitalLink", Identifiers.toDigitalLink(item)).put("qr", "/v1/trace/" + item + "/qr.png");
    ObjectNode proof = proofs.anchor();
    proof.set("index", proofs.proof(indexKey));
    proof.put("indexUrl", proofs.url(indexKey));
    ArrayNode eventProofs = proof.putArray("events");
    ArrayNode history = o.putArray("history");
    Optional<JsonNode> index = proofs.value(indexKey).map(b -> CanonicalJson.parse(indexKey, b));
    if (index.isEmpty()) {
      o.put("status", "unknown").put("message", "No event on the ledger names this serial number: it was never recorded, or the pack is not genuine.");
      o.putNull("lot").putNull("holder");
      o.putArray("recalls");
      o.set("proof", proof);
      return o;
    }
    Optional<ObjectNode> custody = state.custody(item);
    custody.ifPresent(c -> c.path("timeline").forEach(history::add));
    for (JsonNode h : index.get().path("events")) {
      if (eventProofs.size() < EVENT_PROOFS_MAX) {
        eventProofs.add(proofs.proof(TraceContract.eventKey(h.asText())));
      }
    }
    Optional<String> lot = state.lotOfItem(item);
    lot.ifPresentOrElse(l -> o.put("lot", l), () -> o.putNull("lot"));
    lot.ifPresent(l -> proof.set("lot", proofs.proof(Lots.itemKey(item))));
    holders.of(item).ifPresentOrElse(h -> o.set("holder", h), () -> o.putNull("holder"));
    TreeMap<Long, String> recalls = RecallApi.recallsOf(state, item, graph.walk(item));
    ArrayNode list = o.putArray("recalls");
    ArrayNode recallProofs = proof.putArray("recalls");
    for (Map.Entry<Long, String> r : recalls.entrySet()) {
      state.read(Recall.recallKey(r.getKey())).ifPresent(rec -> list.add(((ObjectNode) rec.deepCopy()).put("becauseOf", r.getValue())));
      recallProofs.add(proofs.proof(Recall.recalledKey(r.getValue())));
    }
    if (recalls.isEmpty()) {
      o.put("status", "genuine").put("message", "This serial number is on the ledger with " + index.get().path("events").size() + " events and no recall reaches it.");
    } else {
      o.put("status", "recalled").put("message", "RECALLED: lot " + recalls.firstEntry().getValue() + " was recalled (recall " + recalls.firstKey() + "): do not use.");
    }
    o.put("commissioned", history.findValues("bizStep").stream().anyMatch(s -> "commissioning".equals(s.asText(""))));
    o.set("proof", proof);
    return o;
  }

  private void qr(Context ctx) {
    String item = item(ctx);
    if (!state.known(item)) {
      throw Problem.notFound("no event on the ledger names " + item + "; a QR code is made only for a recorded item");
    }
    ctx.contentType("image/png").result(QrCodes.render(verifyUrl(ctx, item), QR_PIXELS));
  }
}
