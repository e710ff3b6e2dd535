package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.lazaret.sdk.ApiException;
import org.lazaret.sdk.LazaretClient;

/** Calls a node and turns its problems and connection failures into one-line CLI failures. */
final class Remote {
  private Remote() {}

  static LazaretClient client(String url) {
    try {
      return new LazaretClient(url);
    } catch (IllegalArgumentException e) {
      throw new Main.Failure(2, e.getMessage());
    }
  }

  static <T> T call(Supplier<T> s) {
    try {
      return s.get();
    } catch (ApiException e) {
      throw new Main.Failure(1, e.getMessage() + (e.problem().has("field") ? " (field " + e.problem().get("field").asText() + ")" : ""));
    } catch (UncheckedIOException e) {
      throw new Main.Failure(1, e.getMessage());
    }
  }

  /** A transaction id from the command line; a usage error when it is not 32 bytes of hex. */
  static org.lazaret.core.crypto.Hash32 txId(String hex) {
    return Inputs.hash("id", hex);
  }

  static void print(JsonNode n) {
    System.out.println(n.toPrettyString());
  }
}
