package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Supplier;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.SignedTransaction;
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
  static Hash32 txId(String hex) {
    return Inputs.hash("id", hex);
  }

  /**
   * Signs and submits a call, waits for it, prints its status and returns it; a failure (exit 1)
   * when it was not committed, 3 when the contract reverted it.
   */
  static JsonNode submitAndAwait(LazaretClient client, KeyPair key, String contract, String method, JsonNode args, Duration validFor, Duration timeout) {
    SignedTransaction tx;
    try {
      tx = call(() -> client.sign(key, contract, method, args, validFor));
    } catch (IllegalArgumentException e) {
      throw new Main.Failure(2, e.getMessage());
    }
    Hash32 id = call(() -> client.submit(tx));
    JsonNode s = call(() -> client.await(id, timeout));
    print(s);
    if (!"committed".equals(s.path("status").asText())) {
      throw new Main.Failure(1, "transaction " + id.hex() + " was " + s.path("status").asText() + ": " + s.path("receipt").path("reason").asText());
    }
    if (!s.path("receipt").path("success").asBoolean()) {
      throw new Main.Failure(3, "transaction " + id.hex() + " was committed but reverted: " + s.path("receipt").path("reason").asText());
    }
    return s;
  }

  static void print(JsonNode n) {
    System.out.println(n.toPrettyString());
  }
}
