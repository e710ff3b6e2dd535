package org.lazaret.node.api;

import io.javalin.Javalin;

/** Routes a domain module adds to the node's API (trace, data hub, certificates, ...). */
@FunctionalInterface
public interface ApiModule {
  void routes(Javalin app);
}
