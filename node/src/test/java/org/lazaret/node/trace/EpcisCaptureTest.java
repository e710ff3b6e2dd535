package org.lazaret.node.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.node.trace.EpcisHttp.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.contracts.trace.CaptureArgs;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.epcis.EventHash;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.TestNode;
import org.lazaret.sdk.LazaretClient;

/**
 * Goal: the EPCIS 2.0 capture interface takes a document whole or refuses it whole, with a reason
 * a client can act on, and reports each capture as a job that outlives a restart. Method: an
 * in-process node serving the trace module with the demo key as its capture key; documents are
 * posted over HTTP and their jobs polled until they finish; the ledger and the event query are
 * then read back.
 */
class EpcisCaptureTest {
  @TempDir Path dir;

  @Test
  void aCapturedDocumentBecomesASuccessfulJobAndItsEventsAreQueryable() throws Exception {
    try (TestNode n = TestNode.start(dir, EpcisHttp.traceModule())) {
      EpcisHttp http = new EpcisHttp(n.url());
      HttpResponse<String> r = http.capture(EpcisHttp.supplyChain());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      String id = json(r).path("captureID").asText();
      assertThat(r.headers().firstValue("Location")).hasValue("/epcis/capture/" + id);
      assertThat(r.headers().firstValue("GS1-EPCIS-Version")).hasValue("2.0.0");

      JsonNode job = http.finished(id);
      assertThat(job.path("success").asBoolean()).as(job.toString()).isTrue();
      assertThat(job.path("errors")).isEmpty();
      assertThat(job.path("captureErrorBehaviour").asText()).isEqualTo("rollback");
      assertThat(job.path("finishedAt").asText()).isNotEmpty();
      assertThat(n.node.store().locate(Hash32.fromHex("id", id))).as("the capture ID is the transaction id").isPresent();

      List<String> hashes = EventHash.hashIds(EpcisHttp.supplyChain());
      JsonNode shipped = http.query("EQ_bizStep=shipping");
      assertThat(shipped).hasSize(1);
      assertThat(shipped.get(0).path("eventID").asText()).isEqualTo(hashes.get(2));
      assertThat(shipped.get(0).path("recordTime").asText()).endsWith("Z");
      JsonNode all = http.query("");
      assertThat(all.findValuesAsText("eventID")).containsExactlyElementsOf(hashes);
      assertThat(all.get(0).path("quantityList").get(0).path("quantity").isNumber()).as("schema numbers come back as numbers").isTrue();
      assertThat(all.get(0).path("quantityList").get(0).path("quantity").decimalValue()).isEqualByComparingTo("10.5");

      JsonNode listed = json(http.get("/epcis/capture"));
      assertThat(listed.findValuesAsText("captureID")).containsExactly(id);
    }
  }

  @Test
  void anInvalidDocumentIsRefusedWholeNamingThePathOfTheFirstBadField() throws Exception {
    try (TestNode n = TestNode.start(dir, EpcisHttp.traceModule())) {
      EpcisHttp http = new EpcisHttp(n.url());
      long height = n.node.store().head().orElseThrow().height();
      ObjectNode doc = (ObjectNode) EpcisHttp.JSON.readTree(EpcisHttp.supplyChain());
      ((ObjectNode) doc.path("epcisBody").path("eventList").get(2)).remove("eventTime");
      HttpResponse<String> missing = http.capture(doc.toString());
      assertThat(missing.statusCode()).as(missing.body()).isEqualTo(400);
      assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
      assertThat(json(missing).path("field").asText()).isEqualTo("$.epcisBody.eventList[2].eventTime");

      ObjectNode badCheckDigit = (ObjectNode) EpcisHttp.JSON.readTree(EpcisHttp.supplyChain());
      ((ArrayNode) badCheckDigit.path("epcisBody").path("eventList").get(0).path("epcList")).set(1, "https://id.gs1.org/01/10614141073465/21/2018");
      HttpResponse<String> wrong = http.capture(badCheckDigit.toString());
      assertThat(wrong.statusCode()).as(wrong.body()).isEqualTo(400);
      assertThat(json(wrong).path("field").asText()).isEqualTo("$.epcisBody.eventList[0].epcList[1]");
      assertThat(json(wrong).path("detail").asText()).contains("check digit");

      HttpResponse<String> notJson = http.capture("{\"type\": \"EPCISDocument\",");
      assertThat(notJson.statusCode()).isEqualTo(400);
      assertThat(json(notJson).path("field").asText()).startsWith("line 1");

      HttpResponse<String> xml = http.capture("<epcis/>", "application/xml");
      assertThat(xml.statusCode()).isEqualTo(415);
      assertThat(json(xml).path("field").asText()).isEqualTo("Content-Type");

      assertThat(json(http.get("/epcis/capture"))).as("no job for a refused document").isEmpty();
      assertThat(n.node.store().head().orElseThrow().height()).as("nothing was submitted").isEqualTo(height);
    }
  }

  @Test
  void anEventAlreadyOnTheLedgerIsRefusedWith409NamingItsIndexAndHashId() throws Exception {
    try (TestNode n = TestNode.start(dir, EpcisHttp.traceModule())) {
      EpcisHttp http = new EpcisHttp(n.url());
      assertThat(http.finished(http.captured(EpcisHttp.supplyChain())).path("success").asBoolean()).isTrue();
      // A new event followed by one already captured: the whole document is refused.
      ObjectNode doc = (ObjectNode) EpcisHttp.JSON.readTree(EpcisHttp.supplyChain());
      ArrayNode events = (ArrayNode) doc.path("epcisBody").path("eventList");
      ObjectNode fresh = events.get(0).deepCopy();
      fresh.put("eventTime", "2024-02-01T08:00:00.000Z");
      ArrayNode two = EpcisHttp.JSON.createArrayNode().add(fresh).add(events.get(3));
      doc.with("epcisBody").set("eventList", two);
      HttpResponse<String> r = http.capture(doc.toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
      JsonNode problem = json(r);
      assertThat(problem.path("code").asText()).isEqualTo("DUPLICATE_EVENT");
      assertThat(problem.path("field").asText()).isEqualTo("$.epcisBody.eventList[1]");
      assertThat(problem.path("detail").asText()).contains("event 1").contains(EventHash.hashIds(EpcisHttp.supplyChain()).get(3));
      assertThat(http.query("GE_eventTime=2024-02-01T00:00:00Z")).as("the new event was not captured either").isEmpty();
    }
  }

  @Test
  void aDuplicateThatRacesInFailsTheJobWithTheContractsRevertCode() throws Exception {
    NodeConfig slowBlocks = new NodeConfig(dir, "127.0.0.1", 0, 1_500, Limits.BLOCK_TX_COUNT_MAX, Limits.MEMPOOL_TX_COUNT_MAX);
    try (TestNode n = new TestNode(dir, slowBlocks, EpcisHttp.traceModule())) {
      EpcisHttp http = new EpcisHttp(n.url());
      // Another client of the same key captures the document first; its transaction is pending.
      LazaretClient client = new LazaretClient(n.url());
      KeyPair demo = KeyPair.deterministic("test-demo");
      Hash32 first = client.submit(client.sign(demo, "trace", "capture", CaptureArgs.of(EpcisHttp.supplyChain()), Duration.ofMinutes(5)));
      String id = http.captured(EpcisHttp.supplyChain());
      JsonNode job = http.finished(id);
      assertThat(job.path("success").asBoolean()).as(job.toString()).isFalse();
      assertThat(job.path("errors")).hasSize(1);
      assertThat(job.path("errors").get(0).path("code").asText()).isEqualTo("DUPLICATE_EVENT");
      assertThat(job.path("errors").get(0).path("reason").asText()).contains(EventHash.hashIds(EpcisHttp.supplyChain()).get(0));
      assertThat(client.await(first, Duration.ofSeconds(10)).path("receipt").path("success").asBoolean()).as("the first capture kept its nonce and succeeded").isTrue();
      JsonNode signedElsewhere = http.finished(first.hex());
      assertThat(signedElsewhere.path("success").asBoolean()).as("a capture sent as a transaction is a job too, read from the ledger").isTrue();
      assertThat(json(http.get("/epcis/capture")).findValuesAsText("captureID")).as("but only this node's own jobs are listed").containsExactly(id);
      assertThat(http.query("EQ_bizStep=shipping")).hasSize(1);
    }
  }

  @Test
  void finishedJobsAndTheIndexSurviveARestart() throws Exception {
    try (TestNode n = TestNode.start(dir, EpcisHttp.traceModule())) {
      EpcisHttp http = new EpcisHttp(n.url());
      String id = http.captured(EpcisHttp.supplyChain());
      JsonNode before = http.finished(id);
      n.restart();
      EpcisHttp again = new EpcisHttp(n.url());
      JsonNode after = json(again.get("/epcis/capture/" + id));
      assertThat(after).isEqualTo(before);
      assertThat(again.query("EQ_bizStep=packing")).hasSize(1);
      HttpResponse<String> unknown = again.get("/epcis/capture/" + "ab".repeat(32));
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(json(unknown).path("code").asText()).isEqualTo("NOT_FOUND");
    }
  }

  @Test
  void withoutACaptureKeyTheEndpointSaysHowToConfigureOne() throws Exception {
    try (TestNode n = TestNode.start(dir, List.of(TraceApi::new))) {
      HttpResponse<String> r = new EpcisHttp(n.url()).capture(EpcisHttp.supplyChain());
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(json(r).path("code").asText()).isEqualTo("CAPTURE_NOT_CONFIGURED");
      assertThat(json(r).path("detail").asText()).contains("--capture-key");
    }
  }

  @Test
  void aDocumentOverTheEventLimitIsRefusedAsTooLarge() throws Exception {
    try (TestNode n = TestNode.start(dir, EpcisHttp.traceModule())) {
      ObjectNode doc = (ObjectNode) EpcisHttp.JSON.readTree(EpcisHttp.supplyChain());
      ArrayNode events = EpcisHttp.JSON.createArrayNode();
      JsonNode template = doc.path("epcisBody").path("eventList").get(2);
      for (int i = 0; i <= CaptureArgs.EVENTS_PER_CALL_MAX; i++) {
        events.add(((ObjectNode) template.deepCopy()).put("eventTime", String.format("2024-03-01T08:%02d:%02d.000Z", i / 60, i % 60)));
      }
      doc.with("epcisBody").set("eventList", events);
      HttpResponse<String> r = new EpcisHttp(n.url()).capture(doc.toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
      assertThat(json(r).path("code").asText()).isEqualTo("CAPTURE_LIMIT_EXCEEDED");
      assertThat(json(r).path("detail").asText()).contains(Integer.toString(CaptureArgs.EVENTS_PER_CALL_MAX));
    }
  }

  @Test
  void discoveryEndpointsNameTheVersionsAndLimits() throws Exception {
    try (TestNode n = TestNode.start(dir, EpcisHttp.traceModule())) {
      EpcisHttp http = new EpcisHttp(n.url());
      HttpResponse<String> options = http.options("/epcis");
      assertThat(options.statusCode()).isEqualTo(204);
      assertThat(options.headers().firstValue("GS1-EPCIS-Version")).hasValue("2.0.0");
      assertThat(options.headers().firstValue("GS1-CBV-Version")).hasValue("2.0.0");
      HttpResponse<String> capture = http.options("/epcis/capture");
      assertThat(capture.headers().firstValue("GS1-EPCIS-Capture-Limit")).hasValue(Integer.toString(CaptureArgs.EVENTS_PER_CALL_MAX));
      assertThat(capture.headers().firstValue("Allow").orElseThrow()).contains("POST");
      HttpResponse<String> top = http.get("/epcis");
      assertThat(top.statusCode()).isEqualTo(200);
      assertThat(json(top)).extracting(JsonNode::asText).containsExactly("capture", "events");
    }
  }
}
