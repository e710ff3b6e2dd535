package org.lazaret.node.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.node.trace.EpcisHttp.json;
import static org.lazaret.node.trace.EpcisHttp.q;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.epcis.EventHash;
import org.lazaret.epcis.Identifiers;
import org.lazaret.node.TestNode;

/**
 * Goal: every SimpleEventQuery parameter of {@code GET /epcis/events} selects exactly the events
 * the standard says, in both identifier forms, with and without EPC parameters, in order and page
 * by page; and answers honour GS1-EPC-Format. Method: one node captures the test supply chain
 * (five events, labelled E0..E4), an error declaration of E4 (D) and an event whose EPC is a GS1
 * Digital Link (L), each in its own block; each query's answer is compared, as labels, with the
 * events it must return — one case that selects and one that selects nothing per parameter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventQueryTest {
  private static final String SHIPPED_SSCC = "urn:epc:id:sscc:0614141.1234567890";
  private static final String LINKED_ITEM = "urn:epc:id:sgtin:0614141.107346.3000";
  @TempDir static Path dir;
  TestNode node;
  TraceApi api;
  EpcisHttp http;
  List<String> hashes;
  String declared;
  String linked;

  @BeforeAll
  void captureTheSupplyChain() throws Exception {
    Optional<KeyPair> key = Optional.of(KeyPair.deterministic("test-demo"));
    node = TestNode.start(dir, List.of(store -> api = new TraceApi(store, key)));
    http = new EpcisHttp(node.url());
    String chain = EpcisHttp.supplyChain();
    hashes = EventHash.hashIds(chain);
    assertThat(http.finished(http.captured(chain)).path("success").asBoolean()).isTrue();
    ObjectNode doc = (ObjectNode) EpcisHttp.JSON.readTree(chain);
    ObjectNode declaration = (ObjectNode) doc.path("epcisBody").path("eventList").get(4).deepCopy();
    declaration.putObject("errorDeclaration").put("declarationTime", "2024-01-20T09:00:00.000Z").put("reason", "incorrect_data");
    doc.with("epcisBody").set("eventList", EpcisHttp.JSON.createArrayNode().add(declaration));
    declared = doc.toString();
    assertThat(http.finished(http.captured(declared)).path("success").asBoolean()).isTrue();
    ObjectNode link = (ObjectNode) EpcisHttp.JSON.readTree(chain).path("epcisBody").path("eventList").get(0).deepCopy();
    link.put("type", "ObjectEvent").put("eventTime", "2024-01-20T08:00:00.000Z").put("action", "OBSERVE").put("bizStep", "inspecting");
    link.remove("bizTransactionList");
    link.remove("quantityList");
    link.putArray("epcList").add(Identifiers.toDigitalLink(LINKED_ITEM));
    doc.with("epcisBody").set("eventList", EpcisHttp.JSON.createArrayNode().add(link));
    linked = doc.toString();
    assertThat(http.finished(http.captured(linked)).path("success").asBoolean()).isTrue();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  /** Each returned event as E0..E4 (the supply chain), D (the declaration) or L (the linked item). */
  private List<String> labels(JsonNode events) {
    List<String> out = new ArrayList<>();
    for (JsonNode e : events) {
      String id = e.path("eventID").asText();
      if (e.has("errorDeclaration")) {
        out.add("D");
      } else if (hashes.contains(id)) {
        out.add("E" + hashes.indexOf(id));
      } else {
        out.add("L");
      }
    }
    return out;
  }

  private List<String> select(String query) {
    return labels(http.query(query.replace("|", "%7C")));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      "eventType=ObjectEvent; E0 E2 L",
      "eventType=AssociationEvent; ",
      "eventType=AggregationEvent|TransformationEvent; E1 E3",
      "GE_eventTime=2024-01-12T00:00:00Z; E2 E3 E4 D L",
      "GE_eventTime=2025-01-01T00:00:00Z; ",
      "LT_eventTime=2024-01-12T09:00:00.001%2B01:00; E0 E1 E2",
      "LT_eventTime=2024-01-12T09:00:00%2B01:00; E0 E1",
      "LT_eventTime=2024-01-01T00:00:00Z; ",
      "EQ_action=OBSERVE; E2 L",
      "EQ_action=DELETE; ",
      "EQ_bizStep=shipping; E2",
      "EQ_bizStep=urn:epcglobal:cbv:bizstep:shipping; E2",
      "EQ_bizStep=https://ref.gs1.org/cbv/BizStep-packing,shipping; E1 E2",
      "EQ_bizStep=departing; ",
      "EQ_disposition=in_transit; E2",
      "EQ_disposition=destroyed; ",
      "EQ_readPoint=urn:epc:id:sgln:0614141.00777.3; E2",
      "EQ_readPoint=urn:epc:id:sgln:0614141.00777.9; ",
      "WD_readPoint=urn:epc:id:sgln:0614141.00777.2; E1",
      "WD_readPoint=urn:epc:id:sgln:0614141.00777.8; ",
      "EQ_bizLocation=urn:epc:id:sgln:4012345.00001.0; E3 E4 D",
      "EQ_bizLocation=urn:epc:id:sgln:4012345.00002.0; ",
      "WD_bizLocation=urn:epc:id:sgln:0614141.00777.0; E0 E1 L",
      "WD_bizLocation=urn:epc:id:sgln:0614141.00778.0; ",
      "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2017; E0 E1",
      "MATCH_epc=urn:epc:id:sgtin:0614141.107346.2019; ",
      "MATCH_parentID=urn:epc:id:sscc:0614141.1234567890; E1",
      "MATCH_parentID=urn:epc:id:sscc:0614141.1234567891; ",
      "MATCH_inputEPC=urn:epc:id:sgtin:0614141.107346.2018; E3",
      "MATCH_inputEPC=urn:epc:id:sgtin:0614141.107346.2017; ",
      "MATCH_outputEPC=urn:epc:id:sgtin:4012345.011111.100; E3",
      "MATCH_outputEPC=urn:epc:id:sgtin:0614141.107346.2018; ",
      "MATCH_anyEPC=urn:epc:id:sscc:0614141.1234567890; E1 E2",
      "MATCH_anyEPC=urn:epc:id:sgtin:4012345.011111.100; E3 E4 D",
      "MATCH_anyEPC=urn:epc:id:sgtin:4012345.011111.101; ",
      "MATCH_epcClass=urn:epc:class:lgtin:4012345.012345.LOT1; E0",
      "MATCH_epcClass=urn:epc:class:lgtin:4012345.012345.LOT2; ",
      "MATCH_inputEPCClass=urn:epc:class:lgtin:4012345.012345.LOT1; E3",
      "MATCH_inputEPCClass=urn:epc:idpat:sgtin:4012345.022222.*; ",
      "MATCH_outputEPCClass=urn:epc:idpat:sgtin:4012345.022222.*; E3",
      "MATCH_outputEPCClass=urn:epc:class:lgtin:4012345.012345.LOT1; ",
      "MATCH_anyEPCClass=urn:epc:class:lgtin:4012345.012345.LOT1; E0 E3",
      "MATCH_anyEPCClass=urn:epc:class:lgtin:4012345.099999.LOT1; ",
      "EXISTS_errorDeclaration=; D",
      "EXISTS_errorDeclaration=&EQ_bizStep=shipping; ",
      "EQ_bizTransaction_po=urn:epcglobal:cbv:bt:0614141000016:PO-1; E0",
      "EQ_bizTransaction_inv=urn:epcglobal:cbv:bt:0614141000016:PO-1; ",
      "EQ_bizTransaction_urn:epcglobal:cbv:btt:inv=urn:epcglobal:cbv:bt:4012345000009:INV-7; E4 D",
      "EQ_source_owning_party=urn:epc:id:pgln:0614141.00001; E2",
      "EQ_source_location=urn:epc:id:pgln:0614141.00001; ",
      "EQ_destination_location=urn:epc:id:sgln:4012345.00001.0; E2",
      "EQ_destination_owning_party=urn:epc:id:pgln:4012345.00002; ",
  })
  void eachParameterSelectsExactlyItsEvents(String query, String expected) {
    assertThat(select(query)).as(query).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected.split(" ")));
  }

  @Test
  void eventIdsSelectAnEventAndItsErrorDeclarations() {
    assertThat(select("EQ_eventID=" + q(hashes.get(2)))).containsExactly("E2");
    assertThat(select("EQ_eventID=" + q(hashes.get(4)))).containsExactly("E4", "D");
    assertThat(select("EQ_eventID=" + q(hashes.get(0) + "," + hashes.get(1)))).containsExactly("E0", "E1");
    assertThat(select("EQ_eventID=" + q("ni:///sha-256;" + "0".repeat(64) + "?ver=CBV2.0"))).isEmpty();
  }

  @Test
  void recordTimeIsTheBlockTimeOfTheCommit() {
    JsonNode all = http.query("");
    String first = all.get(0).path("recordTime").asText();
    String declaredAt = all.get(labels(all).indexOf("D")).path("recordTime").asText();
    assertThat(declaredAt).isGreaterThan(first);
    assertThat(select("GE_recordTime=" + q(declaredAt))).containsExactly("D", "L");
    assertThat(select("LT_recordTime=" + q(declaredAt))).containsExactly("E0", "E1", "E2", "E3", "E4");
    assertThat(select("LT_recordTime=" + q(first))).isEmpty();
    long height = node.node.store().locate(org.lazaret.core.crypto.Hash32.fromHex("id", json(http.get("/epcis/capture")).get(2).path("captureID").asText())).orElseThrow().height();
    long blockTime = node.node.store().block(height).orElseThrow().header().timestampMillis();
    assertThat(first).isEqualTo(java.time.Instant.ofEpochMilli(blockTime).toString());
  }

  @Test
  void epcPatternsSelectClassesCompaniesAndSchemesInEitherForm() {
    assertThat(select("MATCH_epc=" + q("urn:epc:idpat:sgtin:0614141.107346.*"))).containsExactly("E0", "E1", "L");
    assertThat(select("MATCH_epc=" + q("https://id.gs1.org/01/10614141073464"))).as("a GTIN's Digital Link is its class").containsExactly("E0", "E1", "L");
    assertThat(select("MATCH_epc=" + q(Identifiers.toDigitalLink("urn:epc:id:sgtin:0614141.107346.2017")))).containsExactly("E0", "E1");
    assertThat(select("MATCH_epc=" + q(LINKED_ITEM))).as("captured as a Digital Link, found by its URN").containsExactly("L");
    assertThat(select("MATCH_anyEPC=" + q("urn:epc:idpat:sgtin:0614141.*.*"))).containsExactly("E0", "E1", "E3", "L");
    assertThat(select("MATCH_anyEPC=" + q("urn:epc:idpat:sgtin:061414.*.*"))).as("a 6-digit company prefix").containsExactly("E0", "E1", "E3", "L");
    assertThat(select("MATCH_anyEPC=" + q("urn:epc:idpat:sgtin:06141410.*.*"))).as("an 8-digit company prefix").containsExactly("E0", "E1", "E3", "L");
    assertThat(select("MATCH_anyEPC=" + q("urn:epc:idpat:sgtin:0614142.*.*"))).isEmpty();
    assertThat(select("MATCH_anyEPC=" + q("urn:epc:idpat:sscc:*.*"))).containsExactly("E1", "E2");
    assertThat(select("MATCH_epcClass=" + q("urn:epc:idpat:sgtin:4012345.012345.*"))).as("a GTIN class covers its lots").containsExactly("E0");
    assertThat(select("MATCH_anyEPCClass=" + q("urn:epc:idpat:sgtin:4012345.*.*"))).containsExactly("E0", "E3");
    HttpResponse<String> range = http.get("/epcis/events?MATCH_epc=" + q("urn:epc:idpat:sgtin:0614141.107346.[1-5]"));
    assertThat(range.statusCode()).isEqualTo(400);
    assertThat(json(range).path("field").asText()).isEqualTo("MATCH_epc");
  }

  @Test
  void resultsComeInTheAskedOrder() {
    assertThat(select("")).containsExactly("E0", "E1", "E2", "E3", "E4", "D", "L");
    assertThat(select("orderBy=eventTime&orderDirection=ASC")).containsExactly("E0", "E1", "E2", "E3", "E4", "D", "L");
    assertThat(select("orderBy=eventTime")).as("the standard's default direction is DESC").containsExactly("L", "D", "E4", "E3", "E2", "E1", "E0");
    assertThat(select("orderBy=recordTime&orderDirection=DESC")).containsExactly("L", "D", "E4", "E3", "E2", "E1", "E0");
    assertThat(select("orderBy=recordTime&orderDirection=ASC&MATCH_anyEPC=" + q("urn:epc:id:sgtin:4012345.011111.100"))).containsExactly("E3", "E4", "D");
    assertThat(select("eventCountLimit=3&orderBy=eventTime&orderDirection=DESC")).containsExactly("L", "D", "E4");
    assertThat(http.get("/epcis/events?eventCountLimit=3").headers().firstValue("Link")).isEmpty();
  }

  @Test
  void pagesFollowTheLinkHeaderUntilTheEnd() {
    for (String query : List.of("perPage=2", "perPage=2&orderBy=recordTime", "perPage=2&EQ_bizLocation=" + q("urn:epc:id:sgln:4012345.00001.0"),
        "perPage=3&orderBy=eventTime&orderDirection=DESC&MATCH_anyEPC=" + q("urn:epc:idpat:sgtin:0614141.*.*"), "perPage=2&eventCountLimit=5")) {
      List<String> all = select(query.replaceFirst("perPage=\\d&?", ""));
      List<String> paged = new ArrayList<>();
      String next = "/epcis/events?" + query;
      int pages = 0;
      while (next != null) {
        HttpResponse<String> r = http.get(next);
        List<String> page = labels(EpcisHttp.events(r));
        assertThat(page.size()).as(query).isLessThanOrEqualTo(Integer.parseInt(query.substring(8, 9)));
        paged.addAll(page);
        next = r.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
        assertThat(++pages).as("pages of " + query).isLessThan(10);
      }
      List<String> expected = query.contains("eventCountLimit=5") ? all.subList(0, 5) : all;
      assertThat(paged).as(query).containsExactlyElementsOf(expected);
      assertThat(pages).as(query).isGreaterThan(1);
    }
  }

  @Test
  void aBadParameterIsRefusedNamingIt() {
    for (String[] c : new String[][] {
        {"colour=red", "colour"}, {"eventType=Foo", "eventType"}, {"EQ_action=MOVE", "EQ_action"}, {"GE_eventTime=yesterday", "GE_eventTime"},
        {"perPage=0", "perPage"}, {"perPage=1001", "perPage"}, {"orderBy=bizStep", "orderBy"}, {"orderDirection=UP", "orderDirection"},
        {"eventCountLimit=-1", "eventCountLimit"}, {"MATCH_epc=" + q("https://id.gs1.org/01/10614141073465/21/1"), "MATCH_epc"},
        {"EQ_readPoint=" + q("urn:epc:id:sgln:06141.1"), "EQ_readPoint"}, {"nextPageToken=abc", "nextPageToken"}, {"EQ_source_=x", "EQ_source_"}}) {
      HttpResponse<String> r = http.get("/epcis/events?" + c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(json(r).path("code").asText()).as(c[0]).isEqualTo("QUERY_PARAMETER");
      assertThat(json(r).path("field").asText()).as(c[0]).isEqualTo(c[1]);
    }
    String link = http.get("/epcis/events?perPage=1").headers().firstValue("Link").orElseThrow();
    String token = link.substring(link.indexOf("nextPageToken=") + "nextPageToken=".length(), link.indexOf('>'));
    HttpResponse<String> other = http.get("/epcis/events?perPage=1&EQ_bizStep=shipping&nextPageToken=" + token);
    assertThat(other.statusCode()).as("a token belongs to its query").isEqualTo(400);
  }

  @Test
  void everyPlanGivesTheSameAnswerPageByPage() {
    TraceIndex index = api.index().orElseThrow();
    List<EventSearch.Bounds> plans = List.of(new EventSearch.Bounds(1, 1, 1, 1, 1), new EventSearch.Bounds(2, 1, 1, 1, 2), new EventSearch.Bounds(1_000, 1, 1, 1_000, 3),
        new EventSearch.Bounds(1_000, 1_000, 1, 1_000, 1_000), new EventSearch.Bounds(1, 1_000, 1_000, 1, 1_000), new EventSearch.Bounds(3, 2, 1, 2, 2));
    for (String query : List.of("", "perPage=2", "orderBy=recordTime", "orderBy=eventTime&perPage=3", "EQ_bizStep=shipping|packing", "MATCH_anyEPC=urn:epc:idpat:sgtin:0614141.*.*",
        "MATCH_anyEPC=urn:epc:idpat:sgtin:061414.*.*&orderBy=recordTime&orderDirection=ASC&perPage=1", "EQ_bizLocation=urn:epc:id:sgln:4012345.00001.0&EQ_action=ADD",
        "GE_eventTime=2024-01-12T00:00:00Z&LT_eventTime=2024-01-15T00:00:00Z&perPage=1", "GE_recordTime=2000-01-01T00:00:00Z&orderBy=recordTime&perPage=2",
        "eventType=ObjectEvent&MATCH_anyEPC=urn:epc:idpat:sgtin:*.*.*&perPage=1&eventCountLimit=2", "EXISTS_errorDeclaration=&orderBy=eventTime", "MATCH_epcClass=urn:epc:idpat:sgtin:4012345.012345.*")) {
      List<Long> expected = allPages(index, query, EventSearch.Bounds.DEFAULT);
      assertThat(expected).as(query).isNotEmpty();
      for (EventSearch.Bounds plan : plans) {
        assertThat(allPages(index, query, plan)).as(query + " with " + plan).isEqualTo(expected);
      }
    }
  }

  /** The seqs of every page of a query, following the tokens; a page may be short only if a budget cut it. */
  private static List<Long> allPages(TraceIndex index, String query, EventSearch.Bounds bounds) {
    Map<String, List<String>> params = new TreeMap<>();
    for (String p : query.split("&")) {
      if (!p.isEmpty()) {
        params.computeIfAbsent(p.substring(0, p.indexOf('=')), k -> new ArrayList<>()).add(p.substring(p.indexOf('=') + 1));
      }
    }
    List<Long> seqs = new ArrayList<>();
    for (int pages = 0; pages < 100; pages++) {
      EventSearch.Page page = EventSearch.run(index, EventQuery.parse(params), bounds);
      page.events().forEach(e -> seqs.add(e.seq()));
      if (page.next().isEmpty()) {
        return seqs;
      }
      params.put("nextPageToken", List.of(page.next().get().encode()));
    }
    throw new AssertionError("more than 100 pages for " + query);
  }

  @Test
  void answersHonourTheEpcFormatHeader() {
    HttpResponse<String> links = http.get("/epcis/events?EQ_bizStep=shipping", "GS1-EPC-Format", "Always_GS1_Digital_Link");
    assertThat(links.headers().firstValue("GS1-EPC-Format")).hasValue("Always_GS1_Digital_Link");
    JsonNode shipped = EpcisHttp.events(links).get(0);
    assertThat(shipped.path("epcList").get(0).asText()).isEqualTo(Identifiers.toDigitalLink(SHIPPED_SSCC)).startsWith("https://id.gs1.org/00/");
    assertThat(shipped.path("readPoint").path("id").asText()).startsWith("https://id.gs1.org/414/");
    assertThat(shipped.path("sourceList").get(0).path("source").asText()).startsWith("https://id.gs1.org/417/");

    HttpResponse<String> urns = http.get("/epcis/events?EQ_bizStep=inspecting", "GS1-EPC-Format", "Always_EPC_URN");
    assertThat(EpcisHttp.events(urns).get(0).path("epcList").get(0).asText()).isEqualTo(LINKED_ITEM);
    HttpResponse<String> asCaptured = http.get("/epcis/events?EQ_bizStep=inspecting", "GS1-EPC-Format", "Never_Translates");
    assertThat(EpcisHttp.events(asCaptured).get(0).path("epcList").get(0).asText()).isEqualTo(Identifiers.toDigitalLink(LINKED_ITEM));
    HttpResponse<String> none = http.get("/epcis/events?EQ_bizStep=inspecting");
    assertThat(none.headers().firstValue("GS1-EPC-Format")).hasValue("No_Preference");
    assertThat(EpcisHttp.events(none).get(0).path("epcList").get(0).asText()).isEqualTo(Identifiers.toDigitalLink(LINKED_ITEM));
    HttpResponse<String> bad = http.get("/epcis/events", "GS1-EPC-Format", "Sometimes");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("field").asText()).isEqualTo("GS1-EPC-Format");

    HttpResponse<String> graph = http.get("/v1/trace/" + q(SHIPPED_SSCC), "GS1-EPC-Format", "Always_GS1_Digital_Link");
    assertThat(graph.headers().firstValue("GS1-EPC-Format")).hasValue("Always_GS1_Digital_Link");
    assertThat(json(graph).path("nodes").findValuesAsText("id")).allSatisfy(id -> assertThat(id).startsWith("https://id.gs1.org/"));
    assertThat(json(graph).path("nodes")).as("the pallet, its two items, and what one became").hasSize(4);
    HttpResponse<String> custody = http.get("/v1/trace/" + q(SHIPPED_SSCC) + "/custody", "GS1-EPC-Format", "Always_GS1_Digital_Link");
    assertThat(json(custody).path("epc").asText()).isEqualTo(Identifiers.toDigitalLink(SHIPPED_SSCC));
    assertThat(json(custody).path("currentHolder").asText()).isEqualTo(Identifiers.toDigitalLink("urn:epc:id:pgln:4012345.00001"));
  }

  @Test
  void theQueryDocumentCarriesTheCapturesContextAndEveryEventItsIds() {
    JsonNode doc = json(http.get("/epcis/events"));
    assertThat(doc.path("type").asText()).isEqualTo("EPCISQueryDocument");
    assertThat(doc.path("@context").toString()).contains("https://example.org/epcis/");
    ArrayNode events = (ArrayNode) doc.path("epcisBody").path("queryResults").path("resultsBody").path("eventList");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.path("eventID").asText()).startsWith("ni:///sha-256;");
      assertThat(e.path("recordTime").asText()).isNotEmpty();
    });
    assertThat(events.get(0).path("ex:batchNote").asText()).isEqualTo("first");
  }
}
