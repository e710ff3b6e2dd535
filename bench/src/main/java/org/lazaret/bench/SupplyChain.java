package org.lazaret.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A synthetic supply chain for the trace benchmark, deterministic from its unit number. One unit
 * is one container shipment: for each of 8 products, a commissioning event for its raw items
 * (with their lot as a quantity), then a chain of transformations, each turning the previous
 * intermediate plus one fresh raw item into the next; the products are packed two per case, two
 * cases per pallet, two pallets per container; the container is shipped (source and destination
 * parties and locations) and received. From a first raw item, the container lies {@code depth}
 * lineage steps away: depth - 3 transformations, then case, pallet, container.
 */
final class SupplyChain {
  static final int PRODUCTS_PER_UNIT = 8;
  private static final String COMPANY = "0614141";
  private static final long START_MILLIS = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  private final int depth;

  SupplyChain(int depth) {
    if (depth < 4 || depth > 60) {
      throw new IllegalArgumentException("depth: must be 4..60 (three levels of packing and at least one transformation)");
    }
    this.depth = depth;
  }

  int transformations() {
    return depth - 3;
  }

  /** Events in one unit. */
  int eventsPerUnit() {
    return PRODUCTS_PER_UNIT * (1 + transformations()) + 4 + 2 + 1 + 2;
  }

  /** The raw item a lineage query of depth {@code depth} starts from. */
  static String firstRawItem(long unit, int product) {
    return item(unit, product, "r0");
  }

  /** The container of a unit, {@code depth} steps from each first raw item. */
  static String container(long unit) {
    return sscc(unit * 16 + 15);
  }

  /** The events of one unit, each as EPCIS 2.0 JSON text, in an order a real chain would record them. */
  List<String> unit(long unit) {
    List<String> events = new ArrayList<>(eventsPerUnit());
    long[] clock = {START_MILLIS + unit * 3_600_000L};
    List<String> products = new ArrayList<>();
    for (int p = 0; p < PRODUCTS_PER_UNIT; p++) {
      List<String> raw = new ArrayList<>();
      for (int r = 0; r <= transformations(); r++) {
        raw.add(item(unit, p, "r" + r));
      }
      events.add(object(clock, raw, "ADD", "commissioning", "active", "{\"epcClass\":\"urn:epc:class:lgtin:" + COMPANY + ".107346.L" + unit + "\",\"quantity\":"
          + raw.size() + ",\"uom\":\"KGM\"}"));
      String current = raw.getFirst();
      for (int t = 1; t <= transformations(); t++) {
        String next = item(unit, p, "t" + t);
        events.add(transformation(clock, List.of(current, raw.get(t)), next));
        current = next;
      }
      products.add(current);
    }
    List<String> cases = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      cases.add(sscc(unit * 16 + c));
      events.add(aggregation(clock, cases.getLast(), products.subList(2 * c, 2 * c + 2)));
    }
    List<String> pallets = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      pallets.add(sscc(unit * 16 + 8 + p));
      events.add(aggregation(clock, pallets.getLast(), cases.subList(2 * p, 2 * p + 2)));
    }
    String container = container(unit);
    events.add(aggregation(clock, container, pallets));
    events.add(shipment(clock, container, "shipping", "in_transit", "OBSERVE", 1, 2));
    events.add(shipment(clock, container, "receiving", "in_progress", "OBSERVE", 1, 2));
    if (events.size() != eventsPerUnit()) {
      throw new IllegalStateException("unit has " + events.size() + " events, expected " + eventsPerUnit());
    }
    return events;
  }

  private static String item(long unit, int product, String step) {
    return "urn:epc:id:sgtin:" + COMPANY + ".107346.u" + unit + "p" + product + step;
  }

  private static String sscc(long serial) {
    return "urn:epc:id:sscc:" + COMPANY + "." + String.format(Locale.ROOT, "%010d", serial);
  }

  private static String time(long[] clock) {
    clock[0] += 60_000;
    return Instant.ofEpochMilli(clock[0]).toString();
  }

  private static String list(List<String> ids) {
    return "[\"" + String.join("\",\"", ids) + "\"]";
  }

  private static String object(long[] clock, List<String> epcs, String action, String bizStep, String disposition, String quantity) {
    return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time(clock) + "\",\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":" + list(epcs)
        + ",\"action\":\"" + action + "\",\"bizStep\":\"" + bizStep + "\",\"disposition\":\"" + disposition
        + "\",\"readPoint\":{\"id\":\"urn:epc:id:sgln:" + COMPANY + ".00001.1\"},\"bizLocation\":{\"id\":\"urn:epc:id:sgln:" + COMPANY + ".00001.0\"}"
        + ",\"quantityList\":[" + quantity + "]}";
  }

  private static String transformation(long[] clock, List<String> inputs, String output) {
    return "{\"type\":\"TransformationEvent\",\"eventTime\":\"" + time(clock) + "\",\"eventTimeZoneOffset\":\"+00:00\",\"inputEPCList\":" + list(inputs)
        + ",\"outputEPCList\":" + list(List.of(output)) + ",\"bizStep\":\"creating_class_instance\",\"disposition\":\"active\""
        + ",\"bizLocation\":{\"id\":\"urn:epc:id:sgln:" + COMPANY + ".00001.0\"}}";
  }

  private static String aggregation(long[] clock, String parent, List<String> children) {
    return "{\"type\":\"AggregationEvent\",\"eventTime\":\"" + time(clock) + "\",\"eventTimeZoneOffset\":\"+00:00\",\"parentID\":\"" + parent
        + "\",\"childEPCs\":" + list(children) + ",\"action\":\"ADD\",\"bizStep\":\"packing\",\"disposition\":\"in_progress\""
        + ",\"bizLocation\":{\"id\":\"urn:epc:id:sgln:" + COMPANY + ".00001.0\"}}";
  }

  private static String shipment(long[] clock, String container, String bizStep, String disposition, String action, int from, int to) {
    String party = "urn:epc:id:pgln:" + COMPANY + ".0000";
    String place = "urn:epc:id:sgln:" + COMPANY + ".0000";
    return "{\"type\":\"ObjectEvent\",\"eventTime\":\"" + time(clock) + "\",\"eventTimeZoneOffset\":\"+00:00\",\"epcList\":" + list(List.of(container))
        + ",\"action\":\"" + action + "\",\"bizStep\":\"" + bizStep + "\",\"disposition\":\"" + disposition + "\""
        + ",\"sourceList\":[{\"type\":\"owning_party\",\"source\":\"" + party + from + "\"},{\"type\":\"location\",\"source\":\"" + place + from + ".0\"}]"
        + ",\"destinationList\":[{\"type\":\"owning_party\",\"destination\":\"" + party + to + "\"},{\"type\":\"location\",\"destination\":\"" + place + to + ".0\"}]}";
  }
}
