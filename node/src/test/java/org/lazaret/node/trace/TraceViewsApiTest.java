package org.lazaret.node.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.node.trace.SampleVaccineChain.BULK;
import static org.lazaret.node.trace.SampleVaccineChain.DISTRIBUTOR_PARTY;
import static org.lazaret.node.trace.SampleVaccineChain.EXAMPLE_ITEM;
import static org.lazaret.node.trace.SampleVaccineChain.LOT_A;
import static org.lazaret.node.trace.SampleVaccineChain.LOT_B;
import static org.lazaret.node.trace.SampleVaccineChain.PALLET;
import static org.lazaret.node.trace.SampleVaccineChain.PHARMACY_PARTY;
import static org.lazaret.node.trace.SampleVaccineChain.RECALLED_ITEM;
import static org.lazaret.node.trace.SampleVaccineChain.TRUCK;
import static org.lazaret.node.trace.SampleVaccineChain.item;
import static org.lazaret.node.trace.SampleVaccineChain.sscc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.proof.ProofCheck;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.dcc.qr.QrCodes;
import org.lazaret.epcis.Identifiers;

/**
 * The trace views over HTTP on a node loaded with the sample vaccine chain: the directed lineage
 * with kinds, breaches and temperature readings through the pallet, the custody timeline through
 * containers with the current holder, recalls with what they reach, the FSMA 204 export, and the
 * authenticity answer whose proofs verify offline; every malformed or unknown identifier is a
 * problem JSON naming it.
 */
@Timeout(120)
class TraceViewsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static TraceNode trace;

  @BeforeAll
  static void start(@TempDir Path dir) throws IOException {
    trace = new TraceNode(dir.resolve("node")).loadSample();
  }

  @AfterAll
  static void stop() {
    if (trace != null) {
      trace.close();
    }
  }

  static HttpResponse<byte[]> get(String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(trace.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static JsonNode json(String path) {
    HttpResponse<byte[]> r = get(path);
    assertThat(r.statusCode()).as(path + ": " + new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static JsonNode problem(String path, int status) {
    HttpResponse<byte[]> r = get(path);
    assertThat(r.statusCode()).as(path).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  private static Map<String, JsonNode> nodes(JsonNode graph) {
    Map<String, JsonNode> out = new TreeMap<>();
    graph.path("nodes").forEach(n -> out.put(n.path("id").asText(), n));
    return out;
  }

  @Test
  void theLineageOfALotGoesUpToItsBulkInputDownToItsVialsAndUpThroughItsCarriers() {
    Map<String, JsonNode> n = nodes(json("/v1/trace/" + LOT_A + "/lineage"));
    assertThat(n.get(LOT_A).path("role").asText()).isEqualTo("start");
    assertThat(n.get(LOT_A).path("kind").asText()).isEqualTo("lot");
    assertThat(n.get(BULK).path("role").asText()).isEqualTo("upstream");
    for (int serial = 1001; serial <= 1006; serial++) {
      assertThat(n.get(item(serial)).path("role").asText()).isEqualTo("downstream");
      assertThat(n.get(item(serial)).path("kind").asText()).isEqualTo("item");
    }
    assertThat(n.get(sscc(1)).path("role").asText()).isEqualTo("carrier");
    assertThat(n.get(PALLET).path("kind").asText()).isEqualTo("container");
    // the pallet carried lot B's case too, but a carrier's other contents are not lot A's lineage
    assertThat(n).doesNotContainKeys(sscc(3), LOT_B, item(2001));
  }

  @Test
  void theBreachOnTheRoadIsRecordedForBothLotsInThePalletAndTheItemsTemperaturesMarkIt() {
    JsonNode a = json("/v1/trace/" + LOT_A + "/breaches").path("breaches");
    assertThat(a).hasSize(1);
    JsonNode b = a.get(0);
    assertThat(b.path("readPoint").asText()).isEqualTo(TRUCK);
    assertThat(b.path("readings")).hasSize(1);
    assertThat(b.path("readings").get(0).path("value").asText()).isEqualTo("9.4");
    assertThat(b.path("range").path("maxCelsius").asText()).isEqualTo("8");
    assertThat(b.path("lots")).extracting(JsonNode::asText).containsExactly(LOT_A, LOT_B);
    assertThat(b.path("containers")).extracting(JsonNode::asText).contains(PALLET, sscc(1));
    assertThat(json("/v1/trace/" + LOT_B + "/breaches").path("breaches")).hasSize(1);
    assertThat(json("/v1/trace/" + enc(Identifiers.toDigitalLink(EXAMPLE_ITEM)) + "/breaches").path("breaches")).hasSize(1);

    JsonNode t = json("/v1/trace/" + EXAMPLE_ITEM + "/temperatures");
    assertThat(t.path("range").path("minCelsius").asText()).isEqualTo("2");
    List<String> values = new ArrayList<>();
    List<Boolean> breached = new ArrayList<>();
    t.path("readings").forEach(r -> {
      values.add(r.path("celsius").asText());
      breached.add(r.path("breached").asBoolean());
    });
    assertThat(values).containsExactly("5", "4.8", "5.6", "9.4", "7.1", "5.2", "5.4", "4.4", "4.9");
    assertThat(breached).containsExactly(false, false, false, true, false, false, false, false, false);
    assertThat(t.path("readings").get(3).path("via").asText()).isEqualTo(PALLET);
    // the vial left the pallet with its case; the case's own shipping reading is via the case
    assertThat(t.path("readings").get(7).path("via").asText()).isEqualTo(sscc(1));
    // a lot's chart is its items' readings: lot B never left the distributor after unpacking
    assertThat(json("/v1/trace/" + LOT_B + "/temperatures").path("readings")).hasSize(7);
  }

  @Test
  void theTimelineFollowsTheVialThroughItsContainersToThePharmacy() {
    JsonNode t = json("/v1/trace/" + EXAMPLE_ITEM + "/timeline");
    List<String> steps = new ArrayList<>();
    t.path("timeline").forEach(e -> steps.add(e.path("bizStep").asText()));
    assertThat(steps).containsExactly("commissioning", "packing", "packing", "shipping", "sensor_reporting", "receiving", "unpacking", "shipping", "receiving",
        "unpacking", "dispensing");
    assertThat(t.path("currentHolder").path("holder").asText()).isEqualTo(PHARMACY_PARTY);
    assertThat(t.path("currentHolder").path("via").asText()).isEqualTo(sscc(1));
    assertThat(json("/v1/trace/" + RECALLED_ITEM + "/timeline").path("currentHolder").path("holder").asText()).isEqualTo(DISTRIBUTOR_PARTY);
  }

  @Test
  void aRecallListsTheDownstreamItemsWithTheirHoldersAndTheCarriersApart() {
    JsonNode list = json("/v1/recalls");
    assertThat(list.path("count").asLong()).isEqualTo(1);
    assertThat(list.path("recalls").get(0).path("lots")).extracting(JsonNode::asText).containsExactly(LOT_B);
    assertThat(list.path("recalls").get(0).path("reason").asText()).isEqualTo(SampleVaccineChain.RECALL_REASON);
    JsonNode r = json("/v1/recalls/1");
    List<String> items = new ArrayList<>();
    r.path("affected").path("items").forEach(i -> {
      items.add(i.path("id").asText());
      assertThat(i.path("holder").path("holder").asText()).isEqualTo(DISTRIBUTOR_PARTY);
      assertThat(i.path("lot").asText()).isEqualTo(LOT_B);
    });
    assertThat(items).containsExactly(item(2001), item(2002), item(2003), item(2004));
    List<String> carriers = new ArrayList<>();
    r.path("affected").path("carriers").forEach(c -> carriers.add(c.path("id").asText()));
    assertThat(carriers).containsExactlyInAnyOrder(sscc(3), PALLET);
    JsonNode lots = r.path("affected").path("lots");
    assertThat(lots).hasSize(1);
    assertThat(lots.get(0).path("itemHolders").get(0).path("items").asInt()).isEqualTo(4);

    JsonNode status = json("/v1/trace/" + RECALLED_ITEM + "/recall");
    assertThat(status.path("recalled").asBoolean()).isTrue();
    assertThat(status.path("recalls").get(0).path("becauseOf").asText()).isEqualTo(LOT_B);
    assertThat(json("/v1/trace/" + EXAMPLE_ITEM + "/recall").path("recalled").asBoolean()).isFalse();
    // recalling the bulk lot would reach every vial of lot A through the filling
    JsonNode bulk = json("/v1/trace/" + BULK + "/recall").path("affected");
    assertThat(bulk.path("items")).hasSize(6);
    assertThat(bulk.path("lots").findValuesAsText("id")).contains(LOT_A);
    problem("/v1/recalls/2", 404);
    assertThat(problem("/v1/recalls/x", 400).path("field").asText()).isEqualTo("id");
  }

  @Test
  void theFsma204ExportListsEveryCriticalTrackingEventOfTheLotAsSortableCsv() {
    HttpResponse<byte[]> r = get("/v1/trace/" + LOT_A + "/fsma204.csv");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(r.headers().firstValue("Content-Disposition").orElse("")).isEqualTo("attachment; filename=\"fsma204-04012345111118-A-1001.csv\"");
    String[] lines = new String(r.body(), StandardCharsets.UTF_8).split("\r\n");
    assertThat(lines[0]).isEqualTo(String.join(",", Fsma204.COLUMNS));
    List<String> ctes = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      String[] f = lines[i].split(",", -1);
      ctes.add(f[1] + " " + f[3] + " " + f[6]);
      assertThat(f[17]).startsWith("ni:///sha-256;");
    }
    assertThat(ctes).containsExactly(
        "transformation " + BULK + " 1.5", "transformation " + LOT_A + " 6", "initial packing " + LOT_A + " 3", "initial packing " + LOT_A + " 3",
        "initial packing " + LOT_A + " 6", "shipping " + LOT_A + " 6", "receiving " + LOT_A + " 6", "shipping " + LOT_A + " 3", "receiving " + LOT_A + " 3");
    String shipping = lines[6];
    assertThat(shipping).contains("po; desadv").contains("urn:epcglobal:cbv:bt:4098765000001:PO-88121").contains("owning_party " + DISTRIBUTOR_PARTY);
    String[] byQuantity = new String(get("/v1/trace/" + LOT_A + "/fsma204.csv?sort=-quantity").body(), StandardCharsets.UTF_8).split("\r\n");
    assertThat(byQuantity[1].split(",")[6]).isEqualTo("6");
    assertThat(byQuantity[byQuantity.length - 1].split(",")[6]).isEqualTo("1.5");
    assertThat(problem("/v1/trace/" + LOT_A + "/fsma204.csv?sort=colour", 400).path("field").asText()).isEqualTo("sort");
    assertThat(problem("/v1/trace/" + PALLET + "/fsma204.csv", 400).path("field").asText()).isEqualTo("epc");
  }

  private static void verifies(JsonNode proof, String blockHash) {
    byte[] file = (CanonicalJson.encodeToString(proof) + "\n").getBytes(StandardCharsets.UTF_8);
    assertThat(ProofFile.verify(file, Hash32.fromHex("blockHash", blockHash))).as(proof.toString()).isInstanceOf(ProofCheck.Holds.class);
  }

  @Test
  void anItemIsGenuineWithProofsThatVerifyOfflineWhetherNamedByUrnOrDigitalLink() {
    JsonNode a = json("/v1/trace/" + enc(Identifiers.toDigitalLink(EXAMPLE_ITEM)) + "/authenticity");
    assertThat(a.path("status").asText()).isEqualTo("genuine");
    assertThat(a.path("epc").asText()).isEqualTo(EXAMPLE_ITEM);
    assertThat(a.path("lot").asText()).isEqualTo(LOT_A);
    assertThat(a.path("commissioned").asBoolean()).isTrue();
    assertThat(a.path("history").size()).isGreaterThanOrEqualTo(3);
    JsonNode proof = a.path("proof");
    String blockHash = proof.path("blockHash").asText();
    verifies(proof.path("index"), blockHash);
    assertThat(proof.path("events").size()).isEqualTo(json("/v1/state/trace/epc/" + EXAMPLE_ITEM).path("value").path("events").size());
    proof.path("events").forEach(p -> verifies(p, blockHash));
    verifies(proof.path("lot"), blockHash);
    // the same file the state-proof endpoint serves
    assertThat(new String(get(proof.path("indexUrl").asText()).body(), StandardCharsets.UTF_8)).isEqualTo(CanonicalJson.encodeToString(proof.path("index")) + "\n");
    // a proof edited by one byte fails
    String edited = CanonicalJson.encodeToString(proof.path("index")).replace("\"type\"", "\"typo\"");
    assertThat(ProofFile.verify(edited.getBytes(StandardCharsets.UTF_8), Hash32.fromHex("h", blockHash))).isInstanceOf(ProofCheck.Fails.class);
  }

  @Test
  void aRecalledOrUnknownSerialSaysSoPlainlyWithItsProof() {
    JsonNode recalled = json("/v1/trace/" + RECALLED_ITEM + "/authenticity");
    assertThat(recalled.path("status").asText()).isEqualTo("recalled");
    assertThat(recalled.path("message").asText()).startsWith("RECALLED: lot " + LOT_B);
    verifies(recalled.path("proof").path("recalls").get(0), recalled.path("proof").path("blockHash").asText());
    JsonNode unknown = json("/v1/trace/" + item(9999) + "/authenticity");
    assertThat(unknown.path("status").asText()).isEqualTo("unknown");
    assertThat(unknown.path("history")).isEmpty();
    JsonNode absence = unknown.path("proof").path("index");
    assertThat(absence.has("value")).isFalse();
    verifies(absence, unknown.path("proof").path("blockHash").asText());
  }

  @Test
  void theQrCodeHoldsTheVerificationPageOfTheItem() throws Exception {
    HttpResponse<byte[]> r = get("/v1/trace/" + EXAMPLE_ITEM + "/qr.png");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
    assertThat(QrCodes.read(r.body())).isEqualTo(trace.url() + "/#/verify/" + enc(Identifiers.toDigitalLink(EXAMPLE_ITEM)));
    problem("/v1/trace/" + item(9999) + "/qr.png", 404);
  }

  @Test
  void aRealGs1IntervalReportIsReadBackExactlyAndJudgedOnItsMinimum() throws Exception {
    String doc;
    try (var in = TraceViewsApiTest.class.getResourceAsStream("/epcis-examples/SensorDataExample6.jsonld")) {
      doc = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    ObjectNode range = CanonicalJson.object().put("class", "urn:epc:idpat:sgtin:4023333.002000.*").put("min", "12.5").put("max", "13.8");
    ObjectNode capture = CanonicalJson.object();
    capture.putArray("events").add(JSON.readTree(doc).path("epcisBody").path("eventList").get(0).toString());
    capture.set("context", CanonicalJson.parse("context", JSON.readTree(doc).path("@context").toString()));
    for (ObjectNode args : List.of(range, capture)) {
      JsonNode s = trace.client.await(trace.client.submit(trace.client.sign(trace.demo, "trace", args == range ? "setRange" : "capture", args, Duration.ofMinutes(5))), Duration.ofSeconds(30));
      assertThat(s.path("receipt").path("success").asBoolean()).as(s.toString()).isTrue();
    }
    String lot = "urn:epc:class:lgtin:4023333.002000.2019-10-07";
    JsonNode t = json("/v1/trace/" + lot + "/temperatures");
    assertThat(t.path("readings")).hasSize(2);
    JsonNode min = t.path("readings").get(0);
    assertThat(min.path("field").asText()).isEqualTo("minValue");
    assertThat(min.path("celsius").asText()).isEqualTo("12.4");
    assertThat(min.path("breached").asBoolean()).isTrue();
    assertThat(min.path("time").asText()).isEqualTo("2019-10-07T14:00:00Z");
    assertThat(t.path("readings").get(1).path("celsius").asText()).isEqualTo("13.8");
    assertThat(t.path("readings").get(1).path("breached").asBoolean()).isFalse();
    assertThat(t.path("readings").get(1).path("bizLocation").isNull()).isTrue();
    assertThat(json("/v1/trace/" + lot + "/breaches").path("breaches").get(0).path("readPoint").asText()).isEqualTo("urn:epc:id:sgln:4012345.00005.0");
  }

  @Test
  void malformedAndUnknownIdentifiersAreProblemsNamingTheField() {
    for (String suffix : List.of("lineage", "timeline", "breaches", "temperatures", "recall", "authenticity", "qr.png", "fsma204.csv")) {
      JsonNode p = problem("/v1/trace/urn:epc:id:sgtin:4012345.011111/" + suffix, 400);
      assertThat(p.path("field").asText()).as(suffix).isEqualTo("epc");
      assertThat(p.path("detail").asText()).as(suffix).contains("malformed");
    }
    for (String suffix : List.of("lineage", "timeline", "breaches", "temperatures", "recall")) {
      assertThat(problem("/v1/trace/" + item(9999) + "/" + suffix, 404).path("detail").asText()).as(suffix).contains(item(9999));
    }
    assertThat(problem("/v1/trace/" + LOT_A + "/authenticity", 400).path("detail").asText()).contains("not a serialised item");
    assertThat(problem("/v1/trace/" + enc("https://id.gs1.org/01/04012345111119/21/1") + "/authenticity", 400).path("detail").asText()).contains("check digit");
  }
}
