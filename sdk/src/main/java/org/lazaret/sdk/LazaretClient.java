package org.lazaret.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.lazaret.core.Hex;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * A Java client for one node's HTTP API: submit signed transactions and follow them, read blocks,
 * state and proofs. Errors arrive as {@link ApiException} with the node's problem details; an
 * unreachable node as {@link UncheckedIOException}.
 */
public final class LazaretClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http;

  public LazaretClient(String baseUrl) {
    String b = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    try {
      this.base = URI.create(b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("node: '" + baseUrl + "' is not a URL");
    }
    if (base.getScheme() == null || !base.getScheme().startsWith("http")) {
      throw new IllegalArgumentException("node: '" + baseUrl + "' is not an http(s) URL");
    }
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
  }

  public String baseUrl() {
    return base.toString();
  }

  private HttpResponse<byte[]> send(HttpRequest req) {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    } catch (ConnectException e) {
      throw new UncheckedIOException("cannot connect to the node at " + base, e);
    } catch (IOException e) {
      throw new UncheckedIOException("request to " + req.uri() + " failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted"));
    }
  }

  private byte[] getBytes(String path) {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET().build());
    return check(r);
  }

  private static byte[] check(HttpResponse<byte[]> r) {
    if (r.statusCode() >= 400) {
      JsonNode problem;
      try {
        problem = JSON.readTree(r.body());
      } catch (IOException e) {
        problem = JSON.createObjectNode().put("detail", new String(r.body(), StandardCharsets.UTF_8));
      }
      throw new ApiException(r.statusCode(), problem == null ? JSON.createObjectNode() : problem);
    }
    return r.body();
  }

  public JsonNode get(String path) {
    try {
      return JSON.readTree(getBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode post(String path, JsonNode body) {
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toString().getBytes(StandardCharsets.UTF_8)))
            .build();
    try {
      return JSON.readTree(check(send(req)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Posts an EPCIS 2.0 document to the node's capture interface ({@code POST /epcis/capture});
   * the answer holds its {@code captureID}. A refusal is an {@link ApiException} with the problem.
   */
  public JsonNode captureEpcis(String document) {
    HttpRequest req =
        HttpRequest.newBuilder(base.resolve("/epcis/capture"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/ld+json")
            .POST(HttpRequest.BodyPublishers.ofString(document, StandardCharsets.UTF_8))
            .build();
    try {
      return JSON.readTree(check(send(req)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An EPCIS capture job: {@code running}, {@code success}, {@code errors}. */
  public JsonNode captureJob(String captureId) {
    return get("/epcis/capture/" + URLEncoder.encode(captureId, StandardCharsets.UTF_8));
  }

  public JsonNode health() {
    return get("/health");
  }

  public JsonNode account(PublicKey key) {
    return get("/v1/accounts/" + key.hex());
  }

  /** Builds and signs a transaction with the sender's next nonce as the node sees it. */
  public SignedTransaction sign(KeyPair key, String contract, String method, JsonNode args, Duration validFor) {
    String chain = health().path("chainId").asText();
    long nonce = account(key.publicKey()).path("nextNonce").asLong();
    long expires = System.currentTimeMillis() + validFor.toMillis();
    return Transaction.of(chain, key.publicKey(), nonce, contract, method, args, expires).sign(key);
  }

  public Hash32 submit(SignedTransaction tx) {
    JsonNode r = post("/v1/transactions", JSON.createObjectNode().put("tx", Hex.encode(tx.encode())));
    return Hash32.fromHex("id", r.path("id").asText());
  }

  /** Submits many at once; the node verifies their signatures in parallel. One result each. */
  public JsonNode submitBatch(List<SignedTransaction> txs) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode arr = body.putArray("transactions");
    for (SignedTransaction tx : txs) {
      arr.addObject().put("tx", Hex.encode(tx.encode()));
    }
    return post("/v1/transactions/batch", body).path("results");
  }

  public JsonNode status(Hash32 id) {
    return get("/v1/transactions/" + id.hex());
  }

  /** Polls until the transaction is committed or rejected, or the timeout passes. */
  public JsonNode await(Hash32 id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 10;
    while (true) {
      JsonNode s;
      try {
        s = status(id);
      } catch (ApiException e) {
        if (e.status() != 404 || System.nanoTime() > deadline) {
          throw e;
        }
        s = null;
      }
      if (s != null && !"pending".equals(s.path("status").asText())) {
        return s;
      }
      if (System.nanoTime() > deadline) {
        throw new UncheckedIOException(new IOException("transaction " + id.hex() + " still pending after " + timeout.toSeconds() + " s"));
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UncheckedIOException(new IOException("interrupted"));
      }
      pause = Math.min(200, pause * 2);
    }
  }

  public JsonNode block(long height) {
    return get("/v1/blocks/" + height);
  }

  public JsonNode latestBlock() {
    return get("/v1/blocks/latest");
  }

  public Optional<JsonNode> state(String key) {
    try {
      return Optional.of(get("/v1/state/" + path(key)));
    } catch (ApiException e) {
      if (e.status() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  public byte[] txProof(Hash32 id) {
    return getBytes("/v1/transactions/" + id.hex() + "/proof");
  }

  public byte[] stateProof(String key, Optional<Long> height) {
    return getBytes("/v1/proofs/state/" + path(key) + height.map(h -> "?height=" + h).orElse(""));
  }

  private static String path(String key) {
    StringBuilder sb = new StringBuilder();
    for (String seg : key.split("/", -1)) {
      if (!sb.isEmpty()) {
        sb.append('/');
      }
      sb.append(URLEncoder.encode(seg, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return sb.toString();
  }
}
