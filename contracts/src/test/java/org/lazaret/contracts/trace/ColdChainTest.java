package org.lazaret.contracts.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.reverted;
import static org.lazaret.contracts.trace.TraceEvents.PHARMACY;
import static org.lazaret.contracts.trace.TraceEvents.TRUCK;
import static org.lazaret.contracts.trace.TraceEvents.VACCINE;
import static org.lazaret.contracts.trace.TraceEvents.aggregate;
import static org.lazaret.contracts.trace.TraceEvents.capture;
import static org.lazaret.contracts.trace.TraceEvents.commission;
import static org.lazaret.contracts.trace.TraceEvents.item;
import static org.lazaret.contracts.trace.TraceEvents.lot;
import static org.lazaret.contracts.trace.TraceEvents.range;
import static org.lazaret.contracts.trace.TraceEvents.reading;
import static org.lazaret.contracts.trace.TraceEvents.sscc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;
import org.lazaret.epcis.EventHash;

/**
 * Temperature ranges per product class and the breaches sensor readings make of them, on a chain
 * in memory: ranges are set only by the cold-chain role and converted exactly from °F and K; a
 * reading breaches only strictly outside the inclusive range, in any unit; a reading on a pallet
 * reaches the lots of the items packed in it while they are in it; real GS1 sensor examples are
 * judged as their values say.
 */
@Timeout(60)
class ColdChainTest {
  private final KeyPair capturer = TestChain.key("capturer");
  private final KeyPair quality = TestChain.key("quality");
  private final KeyPair outsider = TestChain.key("outsider");
  private final TestChain chain = TestChain.genesis().org("maker", capturer, "trace.capture").member("maker", quality, ColdChain.ROLE)
      .org("other", outsider, "trace.capture").start(new TraceContract());

  private void setRange(String cls, String min, String max, String uom) {
    applied(chain.call(quality, "trace", "setRange", range(cls, min, max, uom)));
  }

  private List<Event> captured(ObjectNode... events) {
    return applied(chain.call(capturer, "trace", "capture", capture(events)));
  }

  private static List<Event> breaches(List<Event> events) {
    return events.stream().filter(e -> e.name().equals("ColdChainBreach")).toList();
  }

  @Test
  void onlyTheColdChainRoleSetsARangeAndTheRangeIsKeptInMilliDegreesCelsius() {
    String reason = reverted(chain.call(outsider, "trace", "setRange", range(VACCINE, "2", "8", "CEL")), "UNAUTHORIZED");
    assertThat(reason).contains("trace.coldchain");
    reverted(chain.call(capturer, "trace", "setRange", range(VACCINE, "2", "8", "CEL")), "UNAUTHORIZED");
    assertThat(chain.read(ColdChain.rangeKey(VACCINE))).isEmpty();
    setRange(VACCINE, "35.6", "46.4", "FAR");
    JsonNode r = chain.read(ColdChain.rangeKey(VACCINE)).orElseThrow();
    assertThat(r.path("minMilliCelsius").asLong()).isEqualTo(2_000);
    assertThat(r.path("maxMilliCelsius").asLong()).isEqualTo(8_000);
    assertThat(r.path("setBy").asText()).isEqualTo("maker");
    assertThat(r.path("given").path("uom").asText()).isEqualTo("FAR");
  }

  @Test
  void theLotTheDigitalLinkAndThePatternOfOneGtinShareOneRange() {
    setRange("https://id.gs1.org/01/10614141073464/10/ANY", "-90", "-60", "CEL");
    JsonNode r = chain.read(ColdChain.rangeKey(VACCINE)).orElseThrow();
    assertThat(r.path("minMilliCelsius").asLong()).isEqualTo(-90_000);
    setRange(lot("L7"), "183.15", "213.15", "KEL");
    assertThat(chain.read(ColdChain.rangeKey(VACCINE)).orElseThrow().path("minMilliCelsius").asLong()).isEqualTo(-90_000);
    assertThat(chain.read(ColdChain.rangeKey(VACCINE)).orElseThrow().path("maxMilliCelsius").asLong()).isEqualTo(-60_000);
  }

  @Test
  void aBadRangeIsRefusedNamingTheField() {
    assertThat(reverted(chain.call(quality, "trace", "setRange", range(VACCINE, "36", "46.4", "FAR")), "BAD_ARGUMENT"))
        .startsWith("min: 36 FAR is 2.222222 °C, not a whole number of milli-degrees");
    assertThat(reverted(chain.call(quality, "trace", "setRange", range(VACCINE, "2.0005", "8", "CEL")), "BAD_ARGUMENT")).startsWith("min:");
    assertThat(reverted(chain.call(quality, "trace", "setRange", range(VACCINE, "8", "2", "CEL")), "BAD_ARGUMENT")).startsWith("max: 2 CEL is below min 8 CEL");
    assertThat(reverted(chain.call(quality, "trace", "setRange", range(VACCINE, "-300", "8", "CEL")), "BAD_ARGUMENT")).contains("absolute zero");
    assertThat(reverted(chain.call(quality, "trace", "setRange", range(VACCINE, "2", "8", "cel")), "BAD_ARGUMENT")).startsWith("uom:");
    assertThat(reverted(chain.call(quality, "trace", "setRange", range(VACCINE, "2", "1e3", "CEL")), "BAD_ARGUMENT")).startsWith("max:");
    assertThat(reverted(chain.call(quality, "trace", "setRange", range("urn:epc:id:sscc:0614141.1234567890", "2", "8", "CEL")), "BAD_ARGUMENT"))
        .startsWith("class:");
    assertThat(reverted(chain.call(quality, "trace", "setRange", range("urn:epc:id:sgtin:0614141.107346", "2", "8", "CEL")), "BAD_ARGUMENT"))
        .startsWith("class:").contains("malformed");
    assertThat(reverted(chain.call(quality, "trace", "removeRange", TestChain.obj("class", VACCINE)), "UNKNOWN_RANGE")).contains(VACCINE);
  }

  @Test
  void aReadingBreachesOnlyStrictlyOutsideTheInclusiveRangeWhateverItsUnit() {
    setRange(VACCINE, "2", "8", "CEL");
    captured(commission("2024-03-01T08:00:00Z", "L1", item(1)));
    // exactly 8 °C as 46.4 °F and 281.15 K, and exactly 2 °C: inside
    assertThat(breaches(captured(reading("2024-03-01T09:00:00Z", TRUCK, item(1), "FAR", "46.4", "35.6")))).isEmpty();
    assertThat(breaches(captured(reading("2024-03-01T09:10:00Z", TRUCK, item(1), "KEL", "281.15", "275.15")))).isEmpty();
    assertThat(breaches(captured(reading("2024-03-01T09:20:00Z", TRUCK, item(1), "CEL", "8", "2.000")))).isEmpty();
    // 46.5 °F is 8.0555… °C: above, by less than a milli-degree would have hidden
    List<Event> b = breaches(captured(reading("2024-03-01T09:30:00Z", TRUCK, item(1), "FAR", "46.401")));
    assertThat(b).hasSize(1);
    JsonNode d = b.get(0).dataJson();
    assertThat(d.path("lot").asText()).isEqualTo(lot("L1"));
    assertThat(d.path("reading").path("side").asText()).isEqualTo("above");
    assertThat(d.path("reading").path("value").asText()).isEqualTo("46.401");
    assertThat(d.path("reading").path("celsius").asText()).isEqualTo("8.000556");
    assertThat(d.path("range").path("minCelsius").asText()).isEqualTo("2");
    assertThat(d.path("readPoint").asText()).isEqualTo(TRUCK);
    assertThat(breaches(captured(reading("2024-03-01T09:40:00Z", TRUCK, item(1), "CEL", "1.999")))).hasSize(1);
    assertThat(breaches(captured(reading("2024-03-01T09:50:00Z", TRUCK, item(1), "KEL", "275.149")))).hasSize(1);
    // gs1:Temperature and the bare word are the same measurement (the EPCIS 2.0 schema refuses the
    // GS1 web vocabulary URI https://gs1.org/voc/Temperature in this field); humidity is not judged
    ObjectNode bare = reading("2024-03-01T09:56:00Z", TRUCK, item(1), "CEL", "31");
    ((ObjectNode) bare.path("sensorElementList").get(0).path("sensorReport").get(0)).put("type", "Temperature");
    ObjectNode humidity = reading("2024-03-01T09:57:00Z", TRUCK, item(1), "CEL", "32");
    ((ObjectNode) humidity.path("sensorElementList").get(0).path("sensorReport").get(0)).put("type", "gs1:AbsoluteHumidity");
    assertThat(breaches(captured(bare, humidity))).hasSize(1);
    // a unit the contract does not know is not judged
    assertThat(breaches(captured(reading("2024-03-01T10:00:00Z", TRUCK, item(1), "P1", "99")))).isEmpty();
    JsonNode index = chain.read(ColdChain.breachesKey(lot("L1"))).orElseThrow();
    assertThat(index.path("breaches")).hasSize(4);
    assertThat(chain.read(ColdChain.breachesKey(item(1))).orElseThrow().path("breaches")).hasSize(4);
  }

  @Test
  void aReadingOnAPalletReachesTheLotsPackedInItOnlyWhileTheyAreInside() {
    setRange(VACCINE, "2", "8", "CEL");
    String caseA = sscc(1);
    String pallet = sscc(100);
    captured(commission("2024-03-01T08:00:00Z", "L1", item(1), item(2)), commission("2024-03-01T08:00:00Z", "L2", item(3)),
        aggregate("ADD", "2024-03-01T09:00:00Z", caseA, item(1), item(2)), aggregate("ADD", "2024-03-01T09:05:00Z", pallet, caseA, item(3)));
    List<Event> b = breaches(captured(reading("2024-03-01T12:00:00Z", TRUCK, pallet, "CEL", "4.5", "9.5", "10")));
    assertThat(b).hasSize(1);
    JsonNode d = b.get(0).dataJson();
    assertThat(d.path("lots")).extracting(JsonNode::asText).containsExactly(lot("L1"), lot("L2"));
    assertThat(d.path("itemCount").asInt()).isEqualTo(3);
    assertThat(d.path("readings").asInt()).isEqualTo(2);
    assertThat(d.path("reading").path("value").asText()).isEqualTo("9.5");
    String hash = d.path("event").asText();
    JsonNode record = chain.read(ColdChain.breachKey(hash, VACCINE)).orElseThrow();
    assertThat(record.path("containers")).extracting(JsonNode::asText).containsExactly(caseA, pallet);
    assertThat(record.path("items")).extracting(JsonNode::asText).containsExactly(item(1), item(2), item(3));
    for (String id : List.of(lot("L1"), lot("L2"), item(2), caseA, pallet, VACCINE)) {
      assertThat(chain.read(ColdChain.breachesKey(id)).orElseThrow().path("breaches")).extracting(JsonNode::asText).containsExactly(ColdChain.breachKey(hash, VACCINE));
    }
    // unpacked at the pharmacy: a later warm reading of the pallet no longer reaches the case's lot
    captured(aggregate("DELETE", "2024-03-02T08:00:00Z", pallet, caseA));
    JsonNode late = breaches(captured(reading("2024-03-02T09:00:00Z", PHARMACY, pallet, "CEL", "20"))).get(0).dataJson();
    assertThat(late.path("lots")).extracting(JsonNode::asText).containsExactly(lot("L2"));
  }

  @Test
  void containersFollowEventTimeWhateverTheOrderOfTheDocument() {
    setRange(VACCINE, "2", "8", "CEL");
    String pallet = sscc(100);
    // the reading comes first in the document, the packing event that precedes it in time after
    List<Event> events = captured(reading("2024-03-01T12:00:00Z", TRUCK, pallet, "CEL", "12"), commission("2024-03-01T08:00:00Z", "L1", item(1)),
        aggregate("ADD", "2024-03-01T09:00:00Z", pallet, item(1)));
    assertThat(breaches(events)).hasSize(1);
    assertThat(breaches(events).get(0).dataJson().path("lot").asText()).isEqualTo(lot("L1"));
  }

  @Test
  void theGs1SensorExamplesAreJudgedAsTheirValuesSay() {
    // example 4: a lot of GTIN 4023333.002000 at 26.0 °C
    String cls4 = "urn:epc:idpat:sgtin:4023333.002000.*";
    setRange(cls4, "2", "8", "CEL");
    List<Event> b = breaches(applied(chain.call(capturer, "trace", "capture", TraceContractTest.args(TraceContractTest.text("SensorDataExample4.jsonld")))));
    assertThat(b).hasSize(1);
    assertThat(b.get(0).dataJson().path("lot").asText()).isEqualTo("urn:epc:class:lgtin:4023333.002000.2019-10-07");
    assertThat(b.get(0).dataJson().path("reading").path("celsius").asText()).isEqualTo("26");
    assertThat(b.get(0).dataJson().path("time").asLong()).isEqualTo(Instant.parse("2019-04-02T13:55:00Z").toEpochMilli());
    // example 6: min 12.4 / max 13.8 °C; a range of exactly that holds, one a tenth narrower does not
    setRange(cls4, "12.4", "13.8", "CEL");
    assertThat(breaches(applied(chain.call(capturer, "trace", "capture", TraceContractTest.args(TraceContractTest.text("SensorDataExample6.jsonld")))))).isEmpty();
    // example 13: two readings of an item named by Digital Link; only 20.9 is above 20.8
    setRange("https://id.gs1.org/01/09506000134352", "0", "20.8", "CEL");
    b = breaches(applied(chain.call(capturer, "trace", "capture", TraceContractTest.args(TraceContractTest.text("SensorDataExample13.jsonld")))));
    assertThat(b).hasSize(1);
    JsonNode d = b.get(0).dataJson();
    assertThat(d.path("readings").asInt()).isEqualTo(1);
    assertThat(d.path("reading").path("value").asText()).isEqualTo("20.9");
    assertThat(d.path("lot").asText()).isEqualTo("urn:epc:idpat:sgtin:9506000.013435.*");
    assertThat(chain.read(ColdChain.breachesKey("urn:epc:id:sgtin:9506000.013435.12345"))).isPresent();
  }

  @Test
  void aNarrowerRangeMakesTheIntervalExampleBreachOnTheMinimum() {
    setRange("urn:epc:idpat:sgtin:4023333.002000.*", "12.5", "13.8", "CEL");
    List<Event> b = breaches(applied(chain.call(capturer, "trace", "capture", TraceContractTest.args(TraceContractTest.text("SensorDataExample6.jsonld")))));
    assertThat(b).hasSize(1);
    assertThat(b.get(0).dataJson().path("reading").path("field").asText()).isEqualTo("minValue");
    assertThat(b.get(0).dataJson().path("reading").path("side").asText()).isEqualTo("below");
  }

  @Test
  void anEventDeclaredInErrorRaisesNoBreachButItsIlmdLotIsStillIndexed() {
    // example 12: a transformation carrying an error declaration, ILMD lot LOTABC, 12.4-13.8 °C
    setRange("urn:epc:idpat:sgtin:4012345.012345.*", "2", "8", "CEL");
    Receipt r = chain.call(capturer, "trace", "capture", TraceContractTest.args(TraceContractTest.text("SensorDataExample12.jsonld")));
    assertThat(breaches(applied(r))).isEmpty();
    String lotAbc = "urn:epc:class:lgtin:4012345.012345.LOTABC";
    String hash = EventHash.hashIds(TraceContractTest.text("SensorDataExample12.jsonld")).get(0);
    assertThat(chain.read(TraceContract.epcKey(lotAbc)).orElseThrow().path("events")).extracting(JsonNode::asText).containsExactly(hash);
  }

  @Test
  void itemsCreatedWithAnIlmdLotAreRecordedUnderTheirLot() {
    captured(commission("2024-03-01T08:00:00Z", "L9", item(7), "https://id.gs1.org/01/10614141073464/21/8"));
    assertThat(chain.read(Lots.itemKey(item(7))).orElseThrow().path("lot").asText()).isEqualTo(lot("L9"));
    assertThat(chain.read(Lots.itemKey(item(8))).orElseThrow().path("lot").asText()).isEqualTo(lot("L9"));
    assertThat(chain.read(TraceContract.epcKey(lot("L9"))).orElseThrow().path("events")).hasSize(1);
  }

  @Test
  void removingARangeStopsJudgingTheClass() {
    setRange(VACCINE, "2", "8", "CEL");
    applied(chain.call(quality, "trace", "removeRange", TestChain.obj("class", lot("ANY"))));
    assertThat(chain.read(ColdChain.rangeKey(VACCINE))).isEmpty();
    assertThat(breaches(captured(reading("2024-03-01T09:30:00Z", TRUCK, item(1), "CEL", "30")))).isEmpty();
  }
}
