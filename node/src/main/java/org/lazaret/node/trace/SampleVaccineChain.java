package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.lazaret.core.json.CanonicalJson;

/**
 * A small vaccine supply chain as EPCIS 2.0 events, for the demo and the tests: a bulk lot filled
 * into vials of two lots at the maker, packed into three cases on one pallet, shipped by a carrier
 * with a temperature logger (one reading above 8 °C: a breach), received by a distributor,
 * unpacked, one case shipped on to a pharmacy that dispenses a vial; the 2–8 °C range of the
 * vaccine and the −90 to −60 °C range of an ultra-cold one; the second lot recalled. Times are
 * offsets from a start the caller gives, so the demo's chain looks recent. Every call is a {@code
 * trace} contract call for a key holding {@code trace.capture}, {@code trace.coldchain} and {@code
 * trace.recall} (the demo key holds every role).
 */
public final class SampleVaccineChain {
  static final String MAKER = "4012345";
  static final String VACCINE = "urn:epc:idpat:sgtin:4012345.011111.*";
  static final String ULTRA_COLD = "urn:epc:idpat:sgtin:4012345.022222.*";
  public static final String LOT_A = "urn:epc:class:lgtin:4012345.011111.A-1001";
  public static final String LOT_B = "urn:epc:class:lgtin:4012345.011111.B-1002";
  public static final String BULK = "urn:epc:class:lgtin:4012345.099999.BULK-77";
  public static final String PALLET = sscc(100);
  /** A vial of lot A: through the breach, dispensed at the pharmacy. */
  public static final String EXAMPLE_ITEM = item(1001);
  /** A vial of the recalled lot B, still at the distributor. */
  public static final String RECALLED_ITEM = item(2001);
  public static final String RECALL_REASON = "Potency test of retained samples failed";
  static final String PLANT = "urn:epc:id:sgln:4012345.00001.0";
  static final String TRUCK = "urn:epc:id:sgln:4098765.00009.0";
  static final String WAREHOUSE = "urn:epc:id:sgln:4098765.00001.0";
  static final String PHARMACY_STORE = "urn:epc:id:sgln:4055555.00001.0";
  static final String MAKER_PARTY = "urn:epc:id:pgln:4012345.00000";
  static final String DISTRIBUTOR_PARTY = "urn:epc:id:pgln:4098765.00000";
  static final String PHARMACY_PARTY = "urn:epc:id:pgln:4055555.00000";

  /** One contract call: method and arguments. */
  public record Call(String method, ObjectNode args) {}

  private final Instant start;

  /** The chain with its first event at {@code start}. */
  public SampleVaccineChain(Instant start) {
    this.start = start;
  }

  public static String item(int serial) {
    return "urn:epc:id:sgtin:4012345.011111." + serial;
  }

  public static String sscc(long serial) {
    return "urn:epc:id:sscc:4012345." + String.format("%010d", serial);
  }

  private static List<String> items(int first, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(item(first + i));
    }
    return out;
  }

  /** The calls, in order: ranges, four captures, the recall. */
  public List<Call> calls() {
    List<Call> calls = new ArrayList<>();
    calls.add(new Call("setRange", CanonicalJson.object().put("class", VACCINE).put("min", "2").put("max", "8").put("uom", "CEL").put("label", "COVID-19 vaccine vials, 2-8 °C")));
    calls.add(new Call("setRange", CanonicalJson.object().put("class", ULTRA_COLD).put("min", "-90").put("max", "-60").put("uom", "CEL").put("label", "mRNA vaccine, ultra-cold")));
    calls.add(capture("maker", fillLotA(), fillLotB(), pack(40, sscc(1), items(1001, 3)), pack(41, sscc(2), items(1004, 3)), pack(42, sscc(3), items(2001, 4)),
        pack(60, PALLET, List.of(sscc(1), sscc(2), sscc(3)))));
    calls.add(capture("carrier", ship(), transportLog()));
    calls.add(capture("distributor", receive(), unpack(), shipCase()));
    calls.add(capture("pharmacy", receiveCase(), unpackCase(), dispense()));
    ObjectNode recall = CanonicalJson.object().put("reason", RECALL_REASON);
    recall.putArray("lots").add(LOT_B);
    calls.add(new Call("recall", recall));
    return calls;
  }

  private static Call capture(String label, ObjectNode... events) {
    ObjectNode args = CanonicalJson.object().put("captureId", "sample-" + label);
    ArrayNode list = args.putArray("events");
    for (ObjectNode e : events) {
      // as JSON text: canonical JSON has no fractions, and readings have them
      list.add(e.toString());
    }
    return new Call("capture", args);
  }

  private ObjectNode event(String type, long minutes, String location) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("type", type).put("eventTime", start.plus(Duration.ofMinutes(minutes)).toString()).put("eventTimeZoneOffset", "+00:00");
    e.putObject("readPoint").put("id", location);
    e.putObject("bizLocation").put("id", location);
    return e;
  }

  private ObjectNode fillLotA() {
    // the bulk drug substance filled into the vials of lot A: a transformation, upstream of lot A
    ObjectNode e = event("TransformationEvent", 0, PLANT);
    e.putArray("inputQuantityList").addObject().put("epcClass", BULK).put("quantity", new BigDecimal("1.5")).put("uom", "LTR");
    ArrayNode out = e.putArray("outputEPCList");
    items(1001, 6).forEach(out::add);
    e.put("bizStep", "commissioning").put("disposition", "active");
    e.putObject("ilmd").put("cbvmda:lotNumber", "A-1001").put("cbvmda:itemExpirationDate", "2027-12-31");
    return e;
  }

  private ObjectNode fillLotB() {
    ObjectNode e = event("ObjectEvent", 5, PLANT);
    ArrayNode out = e.putArray("epcList");
    items(2001, 4).forEach(out::add);
    e.put("action", "ADD").put("bizStep", "commissioning").put("disposition", "active");
    e.putObject("ilmd").put("cbvmda:lotNumber", "B-1002").put("cbvmda:itemExpirationDate", "2027-12-31");
    return e;
  }

  private ObjectNode pack(long minutes, String parent, List<String> children) {
    ObjectNode e = event("AggregationEvent", minutes, PLANT);
    e.put("parentID", parent);
    ArrayNode c = e.putArray("childEPCs");
    children.forEach(c::add);
    return e.put("action", "ADD").put("bizStep", "packing").put("disposition", "in_progress");
  }

  private static void transfer(ObjectNode e, String fromParty, String fromLocation, String toParty, String toLocation) {
    ArrayNode src = e.putArray("sourceList");
    src.addObject().put("type", "owning_party").put("source", fromParty);
    src.addObject().put("type", "location").put("source", fromLocation);
    ArrayNode dst = e.putArray("destinationList");
    dst.addObject().put("type", "owning_party").put("destination", toParty);
    dst.addObject().put("type", "location").put("destination", toLocation);
  }

  private static void temperatures(ObjectNode e, Instant[] times, String... values) {
    ArrayNode elements = e.putArray("sensorElementList");
    for (int i = 0; i < values.length; i++) {
      ObjectNode element = elements.addObject();
      element.putObject("sensorMetadata").put("time", times[i].toString()).put("deviceID", "urn:epc:id:giai:4098765.LOGGER-7");
      element.putArray("sensorReport").addObject().put("type", "gs1:Temperature").put("value", new BigDecimal(values[i])).put("uom", "CEL");
    }
  }

  private ObjectNode ship() {
    ObjectNode e = event("ObjectEvent", 120, PLANT);
    e.putArray("epcList").add(PALLET);
    e.put("action", "OBSERVE").put("bizStep", "shipping").put("disposition", "in_transit");
    ArrayNode biz = e.putArray("bizTransactionList");
    biz.addObject().put("type", "po").put("bizTransaction", "urn:epcglobal:cbv:bt:4098765000001:PO-88121");
    biz.addObject().put("type", "desadv").put("bizTransaction", "urn:epcglobal:cbv:bt:4012345000000:DESADV-5521");
    transfer(e, MAKER_PARTY, PLANT, DISTRIBUTOR_PARTY, WAREHOUSE);
    temperatures(e, new Instant[] {start.plus(Duration.ofMinutes(120))}, "5.0");
    return e;
  }

  /** The carrier's logger, read out on the road: one reading above 8 °C. */
  private ObjectNode transportLog() {
    ObjectNode e = event("ObjectEvent", 840, TRUCK);
    e.putArray("epcList").add(PALLET);
    e.put("action", "OBSERVE").put("bizStep", "sensor_reporting").put("disposition", "in_transit");
    Instant[] times = new Instant[5];
    for (int i = 0; i < times.length; i++) {
      times[i] = start.plus(Duration.ofMinutes(240 + 120L * i));
    }
    temperatures(e, times, "4.8", "5.6", "9.4", "7.1", "5.2");
    return e;
  }

  private ObjectNode receive() {
    ObjectNode e = event("ObjectEvent", 960, WAREHOUSE);
    e.putArray("epcList").add(PALLET);
    e.put("action", "OBSERVE").put("bizStep", "receiving").put("disposition", "in_progress");
    e.putArray("bizTransactionList").addObject().put("type", "po").put("bizTransaction", "urn:epcglobal:cbv:bt:4098765000001:PO-88121");
    transfer(e, MAKER_PARTY, PLANT, DISTRIBUTOR_PARTY, WAREHOUSE);
    temperatures(e, new Instant[] {start.plus(Duration.ofMinutes(960))}, "5.4");
    return e;
  }

  private ObjectNode unpack() {
    ObjectNode e = event("AggregationEvent", 1_020, WAREHOUSE);
    e.put("parentID", PALLET);
    ArrayNode c = e.putArray("childEPCs");
    List.of(sscc(1), sscc(2), sscc(3)).forEach(c::add);
    return e.put("action", "DELETE").put("bizStep", "unpacking").put("disposition", "in_progress");
  }

  private ObjectNode shipCase() {
    return caseMove(1_200, WAREHOUSE, "shipping", "in_transit", "4.4");
  }

  private ObjectNode receiveCase() {
    return caseMove(1_380, PHARMACY_STORE, "receiving", "in_progress", "4.9");
  }

  /** Case 1 on its way from the distributor's warehouse to the pharmacy, under purchase order 311. */
  private ObjectNode caseMove(int minute, String place, String bizStep, String disposition, String celsius) {
    ObjectNode e = event("ObjectEvent", minute, place);
    e.putArray("epcList").add(sscc(1));
    e.put("action", "OBSERVE").put("bizStep", bizStep).put("disposition", disposition);
    e.putArray("bizTransactionList").addObject().put("type", "po").put("bizTransaction", "urn:epcglobal:cbv:bt:4055555000000:PO-311");
    transfer(e, DISTRIBUTOR_PARTY, WAREHOUSE, PHARMACY_PARTY, PHARMACY_STORE);
    temperatures(e, new Instant[] {start.plus(Duration.ofMinutes(minute))}, celsius);
    return e;
  }

  private ObjectNode unpackCase() {
    ObjectNode e = event("AggregationEvent", 1_440, PHARMACY_STORE);
    e.put("parentID", sscc(1));
    e.putArray("childEPCs");
    return e.put("action", "DELETE").put("bizStep", "unpacking").put("disposition", "in_progress");
  }

  private ObjectNode dispense() {
    ObjectNode e = event("ObjectEvent", 2_000, PHARMACY_STORE);
    e.putArray("epcList").add(EXAMPLE_ITEM);
    return e.put("action", "OBSERVE").put("bizStep", "dispensing").put("disposition", "dispensed");
  }
}
