package org.lazaret.node.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.node.api.ApiModule;
import org.lazaret.storage.LedgerStore;

/** What the trace tests share: HTTP to an in-process node, the fixture document, waiting for jobs. */
final class EpcisHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String url;

  EpcisHttp(String url) {
    this.url = url;
  }

  /** The trace module capturing with the test genesis's demo key, which holds every role. */
  static List<Function<LedgerStore, ApiModule>> traceModule() {
    return List.of(TraceApi.factory(java.util.Optional.of(KeyPair.deterministic("test-demo"))));
  }

  static String resource(String name) {
    try (InputStream in = EpcisHttp.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("test resource missing: " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test supply chain: five events, one of each type. */
  static String supplyChain() {
    return resource("supply-chain.jsonld");
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  HttpResponse<String> get(String pathAndQuery, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + pathAndQuery)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  HttpResponse<String> options(String path) {
    return send(HttpRequest.newBuilder(URI.create(url + path)).method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
  }

  HttpResponse<String> capture(String document) {
    return capture(document, "application/ld+json");
  }

  HttpResponse<String> capture(String document, String contentType) {
    return send(HttpRequest.newBuilder(URI.create(url + "/epcis/capture")).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(document)).build());
  }

  private static HttpResponse<String> send(HttpRequest r) {
    try {
      return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Posts a document that must be accepted; returns its capture ID. */
  String captured(String document) {
    HttpResponse<String> r = capture(document);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    return json(r).path("captureID").asText();
  }

  /** Polls a capture job until it stops running. */
  JsonNode finished(String captureId) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      HttpResponse<String> r = get("/epcis/capture/" + captureId);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode job = json(r);
      if (!job.path("running").asBoolean()) {
        return job;
      }
      assertThat(System.nanoTime()).as("capture job %s still running", captureId).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** The events of a query answer. */
  static JsonNode events(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return json(r).path("epcisBody").path("queryResults").path("resultsBody").path("eventList");
  }

  JsonNode query(String query) {
    return events(get("/epcis/events" + (query.isEmpty() ? "" : "?" + query)));
  }
}
