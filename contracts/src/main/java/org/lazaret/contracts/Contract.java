package org.lazaret.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * A built-in contract: a name, the methods it accepts, and deterministic code per method. Domain
 * modules (trace, credentials, records, datasets, claims, payments) implement this and nothing of
 * the node, so each stays a small module testable with an in-memory state.
 */
public interface Contract {
  String name();

  /** Methods a transaction may call; admission refuses others before ordering. */
  Set<String> methods();

  /** Runs {@code method}; throws {@link Revert} to fail the call. */
  void call(String method, JsonNode args, Context ctx);

  /**
   * Checks a call's arguments without reading state, so that admission can refuse a malformed
   * call before it is ordered; throws {@link Revert} with {@code BAD_ARGUMENT}. The call itself
   * checks again: admission is an early answer, not the authority.
   */
  default void check(String method, JsonNode args) {}

  /** Writes this contract's part of the genesis state from the genesis document. */
  default void genesis(JsonNode genesis, Context ctx) {}
}
