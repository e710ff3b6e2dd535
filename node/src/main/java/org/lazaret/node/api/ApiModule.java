package org.lazaret.node.api;

import io.javalin.Javalin;

/**
 * Routes a domain module adds to the node's API (trace, data hub, certificates, ...). A module
 * that writes to the ledger or follows committed blocks also gets the running node's services at
 * {@link #start} and releases what it holds at {@link #close}; the rest only add routes.
 */
@FunctionalInterface
public interface ApiModule {
  void routes(Javalin app);

  /** Called once, after the node has verified its store and before it serves or orders blocks. */
  default void start(NodeServices node) {}

  /** Called once when the node stops: after it stops serving, before its store closes. */
  default void close() {}
}
