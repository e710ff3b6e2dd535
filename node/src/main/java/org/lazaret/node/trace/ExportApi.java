package org.lazaret.node.trace;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import org.lazaret.contracts.trace.Lots;
import org.lazaret.epcis.Identifiers;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.LedgerStore;

/**
 * The regulator export: {@code GET /v1/trace/{lot}/fsma204.csv?sort=COLUMN} answers with every
 * critical tracking event of a lot and its lineage as an RFC 4180 CSV file ({@link Fsma204}),
 * sorted by event time unless {@code sort} names another column ({@code -column} descending). A
 * serialised item is accepted too: its lineage includes its lot.
 */
public final class ExportApi implements ApiModule {
  private final TraceState state;
  private final TraceGraph graph;

  public ExportApi(LedgerStore store) {
    this.state = new TraceState(store);
    this.graph = new TraceGraph(state);
  }

  @Override
  public void routes(Javalin app) {
    app.get("/v1/trace/{epc}/fsma204.csv", this::export);
  }

  private void export(Context ctx) {
    String id = TraceState.identifier(ctx);
    String sort = ctx.queryParam("sort") == null ? "event_time" : ctx.queryParam("sort");
    if (!Fsma204.COLUMNS.contains(sort.startsWith("-") ? sort.substring(1) : sort)) {
      throw Problem.badRequest("sort", "'" + sort + "' is not a column; one of " + String.join(", ", Fsma204.COLUMNS) + ", with '-' first for descending");
    }
    if (!Lots.isLot(id) && !Lots.isItem(id)) {
      throw Problem.badRequest("epc", "'" + id + "' is not a lot or a serialised item: give an LGTIN or SGTIN (EPC URN or Digital Link)");
    }
    if (!state.known(id)) {
      throw Problem.notFound("no event on the ledger names " + id);
    }
    List<Map<String, String>> rows = Fsma204.rows(graph.walk(id), state);
    Fsma204.sort(rows, sort);
    String name = Identifiers.parse(id).map(g -> g.key() + "-" + g.qualifier()).orElse("lot").replaceAll("[^A-Za-z0-9._-]", "_");
    ctx.header("Content-Disposition", "attachment; filename=\"fsma204-" + name + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(Fsma204.csv(rows));
  }
}
