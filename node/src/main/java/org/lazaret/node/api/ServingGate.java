package org.lazaret.node.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps a node from answering out of a chain it can no longer vouch for (a cluster member whose
 * chain diverged from the majority's): every {@code /v1} resource but the cluster status answers
 * the refusal's problem, and {@code /health} says so with status 503. The cluster status stays up
 * so that operators and peers can see why.
 */
final class ServingGate {
  private final Supplier<Optional<Problem>> refusal;

  ServingGate(Supplier<Optional<Problem>> refusal) {
    this.refusal = refusal;
  }

  void install(Javalin app) {
    app.before("/v1/*", ctx -> {
      if (!ctx.path().equals("/v1/cluster") && !ctx.path().equals("/v1/cluster/self")) {
        refusal.get().ifPresent(p -> {
          throw p;
        });
      }
    });
  }

  /** Marks a health answer when the node refuses: its status becomes the problem's code, and 503. */
  void mark(ObjectNode health, Context ctx) {
    Optional<Problem> refused = refusal.get();
    if (refused.isPresent()) {
      health.put("status", refused.get().code().toLowerCase(Locale.ROOT));
      health.set("problem", refused.get().body());
      ctx.status(503);
    }
  }
}
