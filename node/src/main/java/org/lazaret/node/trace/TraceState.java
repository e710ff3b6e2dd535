package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.contracts.trace.Lots;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.Identifiers;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.LedgerStore;

/**
 * Reads the trace contract's state for the cold-chain, recall, export and authenticity views: state
 * values, the events an identifier's index lists, custody through {@link TraceApi}, and the one
 * way these views read an identifier from a request path. Thread-safe: every method reads the
 * store, which serves consistent values per key.
 */
final class TraceState {
  private final LedgerStore store;
  private final TraceApi custody;

  TraceState(LedgerStore store) {
    this.store = Objects.requireNonNull(store, "store");
    this.custody = new TraceApi(store);
  }

  LedgerStore store() {
    return store;
  }

  Optional<JsonNode> read(String key) {
    return store.stateValue(key).map(b -> CanonicalJson.parse(key, b));
  }

  /** Whether any event names {@code id} (an EPC, a lot or a class). */
  boolean known(String id) {
    return read(TraceContract.epcKey(id)).isPresent();
  }

  /** The event records the index of {@code id} lists, in hash order. */
  List<JsonNode> records(String id) {
    List<JsonNode> out = new ArrayList<>();
    read(TraceContract.epcKey(id)).ifPresent(n -> n.path("events").forEach(h -> read(TraceContract.eventKey(h.asText())).ifPresent(out::add)));
    return out;
  }

  /** The custody timeline of {@code id} as {@link TraceApi} computes it; empty when no event names it. */
  Optional<ObjectNode> custody(String id) {
    try {
      return Optional.of(custody.custody(id));
    } catch (Problem noEvents) {
      return Optional.empty();
    }
  }

  /** The lineage graph of {@code id} as {@link TraceApi} computes it (instance EPCs only). */
  ObjectNode lineage(String id) {
    return custody.lineage(id);
  }

  /**
   * The identifier in a request path: an EPC URN, an EPC pattern or class, or a GS1 Digital Link,
   * as the trace index keys it (EPC URN for GS1 identifiers); a malformed one is a 400 naming it.
   */
  static String identifier(Context ctx) {
    String value = ctx.pathParam("epc");
    try {
      String urn = Identifiers.toUrn(value);
      if (urn.isBlank()) {
        throw Problem.badRequest("epc", "required: an EPC URN or a GS1 Digital Link");
      }
      return urn;
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("epc", "'" + value + "' is a malformed GS1 identifier: " + e.getMessage());
    }
  }

  /** The lot recorded for an item at its creation, if any. */
  Optional<String> lotOfItem(String item) {
    return Lots.lotOfItem(item, this::read);
  }

  static void json(Context ctx, JsonNode node) {
    ctx.contentType("application/json").result(CanonicalJson.encodeToString(node));
  }
}
