package org.lazaret.contracts.trace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.lazaret.core.json.CanonicalJson;

/**
 * Small EPCIS 2.0 events for contract tests, written the way a partner's system would: items
 * commissioned with their lot in the ILMD, aggregation into cases and pallets, observations with
 * Temperature sensor reports. Capture arguments carry each event as JSON text, which keeps
 * fractional readings exact.
 */
final class TraceEvents {
  static final String PLANT = "urn:epc:id:sgln:0614141.00001.0";
  static final String TRUCK = "urn:epc:id:sgln:0614141.00002.0";
  static final String PHARMACY = "urn:epc:id:sgln:0614141.00003.0";
  /** The product class of the items below. */
  static final String VACCINE = "urn:epc:idpat:sgtin:0614141.107346.*";

  private TraceEvents() {}

  static String item(int serial) {
    return "urn:epc:id:sgtin:0614141.107346." + serial;
  }

  static String lot(String number) {
    return "urn:epc:class:lgtin:0614141.107346." + number;
  }

  static String sscc(long serial) {
    return "urn:epc:id:sscc:0614141." + String.format("%010d", serial);
  }

  private static ObjectNode event(String type, String time, String location) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("type", type).put("eventTime", time).put("eventTimeZoneOffset", "+00:00");
    e.putObject("readPoint").put("id", location);
    e.putObject("bizLocation").put("id", location);
    return e;
  }

  static ObjectNode commission(String time, String lotNumber, String... items) {
    ObjectNode e = event("ObjectEvent", time, PLANT);
    ArrayNode list = e.putArray("epcList");
    for (String i : items) {
      list.add(i);
    }
    e.put("action", "ADD").put("bizStep", "commissioning").put("disposition", "active");
    e.putObject("ilmd").put("cbvmda:lotNumber", lotNumber);
    return e;
  }

  static ObjectNode aggregate(String action, String time, String parent, String... children) {
    ObjectNode e = event("AggregationEvent", time, PLANT);
    e.put("parentID", parent);
    ArrayNode list = e.putArray("childEPCs");
    for (String c : children) {
      list.add(c);
    }
    e.put("action", action).put("bizStep", action.equals("ADD") ? "packing" : "unpacking");
    return e;
  }

  /** An observation of {@code epc} at {@code location} with one Temperature report per value. */
  static ObjectNode reading(String time, String location, String epc, String uom, String... values) {
    ObjectNode e = event("ObjectEvent", time, location);
    e.putArray("epcList").add(epc);
    e.put("action", "OBSERVE").put("bizStep", "sensor_reporting");
    ArrayNode reports = e.putArray("sensorElementList").addObject().putArray("sensorReport");
    for (String v : values) {
      reports.addObject().put("type", "gs1:Temperature").put("value", new BigDecimal(v)).put("uom", uom);
    }
    return e;
  }

  /** Capture arguments: every event as its JSON text (exact decimals), the default context. */
  static ObjectNode capture(ObjectNode... events) {
    ObjectNode a = CanonicalJson.object();
    ArrayNode list = a.putArray("events");
    for (ObjectNode e : events) {
      list.add(e.toString());
    }
    return a;
  }

  static ObjectNode range(String cls, String min, String max, String uom) {
    return CanonicalJson.object().put("class", cls).put("min", min).put("max", max).put("uom", uom);
  }
}
