package org.lazaret.node.trace;

import java.util.List;
import java.util.function.Function;
import org.lazaret.node.api.ApiModule;
import org.lazaret.storage.LedgerStore;

/** The trace views beyond capture and EPC queries, as the node starts API modules: one list to register. */
public final class TraceModules {
  private TraceModules() {}

  public static List<Function<LedgerStore, ApiModule>> views() {
    return List.of(LineageApi::new, ColdChainApi::new, RecallApi::new, ExportApi::new, AuthenticityApi::new);
  }
}
