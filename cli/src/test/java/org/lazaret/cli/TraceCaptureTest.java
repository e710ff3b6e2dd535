package org.lazaret.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.node.Node;
import org.lazaret.node.trace.TraceApi;

/** Supply-chain trace end to end: capture a GS1 example with the CLI, read it back over HTTP. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceCaptureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHILD = "urn:epc:id:sgtin:0614141.107346.2017";
  private static final String PARENT = "urn:epc:id:sscc:0614141.1234567890";
  @TempDir static Path dir;
  Node node;
  String url;
  Path demoKey;
  Path document;

  @BeforeAll
  void start() throws Exception {
    Cli.TestChain chain = Cli.start(dir, "trace-demo", "trace-chain", 1_700_000_000_000L, List.of(TraceApi::new));
    node = chain.node();
    demoKey = chain.demoKey();
    url = node.url();
    document = dir.resolve("aggregation.jsonld");
    // The example without its illustrative eventID (which is not its hash ID), so that the
    // query answers with the hash ID as the eventID.
    try (InputStream in = getClass().getResourceAsStream("/epcis-examples/Example_9.6.3-AggregationEvent.jsonld")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String stripped = text.replaceFirst("\\s*\"eventID\": \"[^\"]*\",", "");
      assertThat(stripped).isNotEqualTo(text);
      Files.writeString(document, stripped);
    }
  }

  @AfterAll
  void stop() {
    node.close();
  }

  HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void captureQueryDuplicateAndLineage() throws Exception {
    Cli.Run hash = Cli.run("epcis", "hash", document.toString());
    assertThat(hash.code()).isZero();
    List<String> ids = hash.out().lines().toList();
    assertThat(ids).hasSize(1);

    Cli.Run cap = Cli.run("epcis", "capture", "--node", url, "--key", demoKey.toString(), document.toString());
    assertThat(cap.code()).as(cap.err()).isZero();
    assertThat(cap.out().lines().toList()).isEqualTo(ids);

    HttpResponse<String> r = get("/epcis/events?MATCH_epc=" + q(CHILD));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    assertThat(doc.path("type").asText()).isEqualTo("EPCISQueryDocument");
    JsonNode events = doc.path("epcisBody").path("queryResults").path("resultsBody").path("eventList");
    assertThat(events).hasSize(1);
    assertThat(events.get(0).path("eventID").asText()).isEqualTo(ids.get(0));
    assertThat(events.get(0).path("childQuantityList").get(1).path("quantity").asText()).isEqualTo("200.5");
    // a filter that excludes it, and the parent named through its GS1 Digital Link
    JsonNode byId = JSON.readTree(get("/epcis/events?MATCH_epc=" + q(CHILD) + "&EQ_eventID=" + q(ids.get(0)) + "&eventType=AggregationEvent").body());
    assertThat(byId.path("epcisBody").path("queryResults").path("resultsBody").path("eventList")).hasSize(1);
    JsonNode none = JSON.readTree(get("/epcis/events?MATCH_anyEPC=" + q(CHILD) + "&EQ_bizStep=shipping").body());
    assertThat(none.path("epcisBody").path("queryResults").path("resultsBody").path("eventList")).isEmpty();
    JsonNode byLink = JSON.readTree(get("/epcis/events?MATCH_anyEPC=" + q(org.lazaret.epcis.Identifiers.toDigitalLink(PARENT)) + "&GE_eventTime=" + q("2013-06-08T00:00:00Z")).body());
    assertThat(byLink.path("epcisBody").path("queryResults").path("resultsBody").path("eventList")).hasSize(1);
    JsonNode byStep = JSON.readTree(get("/epcis/events?EQ_bizStep=receiving").body());
    assertThat(byStep.path("epcisBody").path("queryResults").path("resultsBody").path("eventList")).as("a query without an EPC").hasSize(1);
    HttpResponse<String> bad = get("/epcis/events?EQ_bizStep=receiving&color=red");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(bad.body()).path("field").asText()).isEqualTo("color");

    Cli.Run again = Cli.run("epcis", "capture", "--node", url, "--key", demoKey.toString(), document.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("DUPLICATE_EVENT").contains(ids.get(0));

    JsonNode graph = JSON.readTree(get("/v1/trace/" + q(CHILD)).body());
    assertThat(graph.path("nodes").findValuesAsText("id")).containsExactly(CHILD, PARENT, "urn:epc:id:sgtin:0614141.107346.2018");
    assertThat(graph.path("edges")).hasSize(2);
    assertThat(graph.path("edges").get(0).path("from").asText()).isEqualTo(PARENT);
    assertThat(graph.path("edges").get(0).path("type").asText()).isEqualTo("aggregation");

    JsonNode custody = JSON.readTree(get("/v1/trace/" + q(CHILD) + "/custody").body());
    assertThat(custody.path("timeline")).hasSize(1);
    assertThat(custody.path("timeline").get(0).path("bizStep").asText()).contains("receiving");
    assertThat(custody.path("currentHolder").asText()).startsWith("org:");
  }

  @Test
  void anInvalidDocumentIsNotSubmitted() throws Exception {
    Path bad = dir.resolve("bad.jsonld");
    Files.writeString(bad, Files.readString(document).replace("\"eventTime\": \"2013-06-08T14:58:56.591Z\",", ""));
    Cli.Run r = Cli.run("epcis", "capture", "--node", url, "--key", demoKey.toString(), bad.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("invalid at").contains("nothing submitted");
  }
}
