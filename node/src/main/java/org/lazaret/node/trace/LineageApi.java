package org.lazaret.node.trace;

import io.javalin.Javalin;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.LedgerStore;

/**
 * The views of one item, lot or container that follow its containers and lots: {@code GET
 * /v1/trace/{epc}/lineage}, the directed lineage graph with classes and lot membership ({@link
 * TraceGraph}: upstream, downstream and carriers, each node with its kind), and {@code GET
 * /v1/trace/{epc}/timeline}, its custody through the containers it travelled in, with the current
 * holder ({@link Holders}). {@code GET /v1/trace/{epc}} and {@code /custody} stay the undirected
 * instance-EPC graph and the EPC's own custody.
 */
public final class LineageApi implements ApiModule {
  private final TraceState state;
  private final TraceGraph graph;
  private final Holders holders;

  public LineageApi(LedgerStore store) {
    this.state = new TraceState(store);
    this.graph = new TraceGraph(state);
    this.holders = new Holders(state, graph);
  }

  @Override
  public void routes(Javalin app) {
    app.get("/v1/trace/{epc}/lineage", ctx -> {
      String id = known(TraceState.identifier(ctx));
      TraceState.json(ctx, TraceGraph.json(graph.walk(id)));
    });
    app.get("/v1/trace/{epc}/timeline", ctx -> {
      String id = known(TraceState.identifier(ctx));
      TraceState.json(ctx, holders.timeline(id).orElseThrow(() -> Problem.notFound("no custody is recorded for " + id)));
    });
  }

  private String known(String id) {
    if (!state.known(id)) {
      throw Problem.notFound("no event on the ledger names " + id);
    }
    return id;
  }
}
