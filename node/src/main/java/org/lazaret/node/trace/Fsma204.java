package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.lazaret.contracts.trace.Containment;
import org.lazaret.contracts.trace.Lots;
import org.lazaret.epcis.Cbv;
import org.lazaret.epcis.Identifiers;
import org.lazaret.epcis.gs1.Gs1Identifier;

/**
 * The key data elements of the critical tracking events of a lot and its lineage, in the shape the
 * US FDA's FSMA 204 traceability rule asks for (an electronic sortable spreadsheet within 24 hours):
 * one row per event and traceability lot, with the lot code, product, quantity and unit, location,
 * time, CTE, reference documents and the event's hash ID. Rows are built from the events of every
 * node of the directed lineage ({@link TraceGraph}, carriers included, so a pallet's shipping counts
 * for the lots packed in it); an event on a container counts the items of each lot inside it at
 * that moment. Only events whose business step is a CTE, and only lots of the lineage, give rows.
 */
final class Fsma204 {
  /** Columns, in order; {@code sort} takes any of them. */
  static final List<String> COLUMNS = List.of("event_time", "cte", "traceability_lot_code", "lot", "gtin", "product_class", "quantity", "unit_of_measure",
      "lot_role", "location", "read_point", "biz_step", "reference_document_type", "reference_document_number", "source", "destination",
      "captured_by", "event_id");

  /** CBV business steps (and the FSMA words partners use for steps CBV lacks) to CTEs. */
  private static final Map<String, String> CTE_OF_BIZ_STEP = Map.ofEntries(
      Map.entry("harvesting", "harvesting"),
      Map.entry("cooling", "cooling"),
      Map.entry("commissioning", "initial packing"),
      Map.entry("packing", "initial packing"),
      Map.entry("first_land_based_receiving", "first land-based receiving"),
      Map.entry("shipping", "shipping"),
      Map.entry("departing", "shipping"),
      Map.entry("receiving", "receiving"),
      Map.entry("arriving", "receiving"),
      Map.entry("accepting", "receiving"),
      Map.entry("transforming", "transformation"));

  private Fsma204() {}

  /** The CTE of a stored event's summary, if it is one: transformations by type, others by business step. */
  static Optional<String> cte(JsonNode summary) {
    if ("TransformationEvent".equals(summary.path("type").asText())) {
      return Optional.of("transformation");
    }
    String step = summary.path("bizStep").asText("");
    int slash = Math.max(step.lastIndexOf('/'), step.lastIndexOf(':'));
    // user vocabulary ("https://example.com/bizstep/harvesting") names FSMA steps CBV lacks
    String word = CTE_OF_BIZ_STEP.containsKey(step) ? step : step.substring(slash + 1);
    return Optional.ofNullable(CTE_OF_BIZ_STEP.get(word));
  }

  /** A quantity of one lot in one event, and which side of a transformation it was on. */
  private record Amount(BigDecimal quantity, String uom, String role) {}

  /** The rows of one lineage: every CTE event of {@code graph} with every lineage lot it names. */
  static List<Map<String, String>> rows(TraceGraph.Graph graph, TraceState state) {
    TreeSet<String> lineageLots = new TreeSet<>();
    TreeMap<String, JsonNode> events = new TreeMap<>();
    for (TraceGraph.Node n : graph.nodes()) {
      if (Lots.isLot(n.id())) {
        lineageLots.add(n.id());
      } else if (Lots.isItem(n.id())) {
        state.lotOfItem(n.id()).ifPresent(lineageLots::add);
      }
      state.records(n.id()).forEach(r -> events.putIfAbsent(r.path("hashId").asText(), r));
    }
    List<Map<String, String>> rows = new ArrayList<>();
    for (JsonNode r : events.values()) {
      JsonNode s = r.path("summary");
      Optional<String> cte = cte(s);
      if (cte.isEmpty()) {
        continue;
      }
      for (Map.Entry<String, Amount> lot : amounts(r, state).entrySet()) {
        if (lineageLots.contains(lot.getKey())) {
          rows.add(row(r, cte.get(), lot.getKey(), lot.getValue()));
        }
      }
    }
    return rows;
  }

  /** The lots an event names, each with its quantity: quantity lists as given, items counted each. */
  private static TreeMap<String, Amount> amounts(JsonNode r, TraceState state) {
    JsonNode s = r.path("summary");
    JsonNode ev = r.path("event");
    long t = s.path("eventTime").asLong();
    boolean transformation = "TransformationEvent".equals(s.path("type").asText());
    TreeMap<String, Amount> out = new TreeMap<>();
    for (String list : List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList")) {
      String role = !transformation ? "" : list.startsWith("input") ? "input" : "output";
      for (JsonNode q : ev.path(list)) {
        Optional<String> cls = TraceGraph.classOf(q);
        if (cls.isPresent()) {
          BigDecimal n = decimal(q.path("quantity"));
          // a quantity without a unit of measure counts instances
          out.merge(cls.get(), new Amount(n, n == null ? "" : q.path("uom").asText("EA"), role), Fsma204::add);
        }
      }
    }
    Function<String, Optional<JsonNode>> read = state::read;
    for (String list : List.of("epcList", "childEPCs", "inputEPCs", "outputEPCs")) {
      String role = !transformation ? "" : list.startsWith("input") ? "input" : "output";
      for (JsonNode e : s.path(list)) {
        count(e.asText(), t, role, 0, out, state, read);
      }
    }
    return out;
  }

  private static void count(String id, long t, String role, int depth, TreeMap<String, Amount> out, TraceState state, Function<String, Optional<JsonNode>> read) {
    if (Lots.isItem(id)) {
      state.lotOfItem(id).ifPresent(lot -> out.merge(lot, new Amount(BigDecimal.ONE, "EA", role), Fsma204::add));
    }
    if (depth < Containment.DEPTH_MAX) {
      for (String child : Containment.contentsAt(id, t, read)) {
        if (Lots.isLot(child)) {
          out.merge(child, new Amount(null, "", role), Fsma204::add);
        }
        count(child, t, role, depth + 1, out, state, read);
      }
    }
  }

  private static Amount add(Amount a, Amount b) {
    boolean sameUnit = a.uom().equals(b.uom()) && a.quantity() != null && b.quantity() != null;
    BigDecimal q = sameUnit ? a.quantity().add(b.quantity()) : a.quantity() != null ? a.quantity() : b.quantity();
    return new Amount(q, a.quantity() != null ? a.uom() : b.uom(), a.role().isEmpty() ? b.role() : a.role());
  }

  private static BigDecimal decimal(JsonNode n) {
    if (n.isNumber()) {
      return n.decimalValue();
    }
    try {
      return n.isTextual() ? new BigDecimal(n.textValue()) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, String> row(JsonNode r, String cte, String lot, Amount amount) {
    JsonNode s = r.path("summary");
    Map<String, String> row = new TreeMap<>();
    Gs1Identifier id = Identifiers.parse(lot).orElseThrow();
    row.put("event_time", Instant.ofEpochMilli(s.path("eventTime").asLong()).toString());
    row.put("cte", cte);
    row.put("traceability_lot_code", id.qualifier());
    row.put("lot", lot);
    row.put("gtin", id.key());
    row.put("product_class", Lots.productClass(lot).orElse(""));
    row.put("quantity", amount.quantity() == null ? "" : amount.quantity().toPlainString());
    row.put("unit_of_measure", amount.uom());
    row.put("lot_role", amount.role());
    row.put("location", s.path("bizLocation").asText(s.path("readPoint").asText("")));
    row.put("read_point", s.path("readPoint").asText(""));
    row.put("biz_step", s.path("bizStep").asText(""));
    List<String> types = new ArrayList<>();
    List<String> numbers = new ArrayList<>();
    for (JsonNode b : r.path("event").path("bizTransactionList")) {
      types.add(Cbv.shortForm(b.path("type").asText("")));
      numbers.add(b.path("bizTransaction").asText(""));
    }
    row.put("reference_document_type", String.join("; ", types));
    row.put("reference_document_number", String.join("; ", numbers));
    row.put("source", parties(s.path("sources")));
    row.put("destination", parties(s.path("destinations")));
    row.put("captured_by", r.path("capturedBy").asText());
    row.put("event_id", r.path("hashId").asText());
    return row;
  }

  private static String parties(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(p -> out.add(p.path("type").asText() + " " + p.path("id").asText()));
    return String.join("; ", out);
  }

  /**
   * Sorts by {@code sort}: a column name, descending with a leading '-'; ties by event time, event
   * ID, lot role (inputs before outputs) and lot, so the order is total.
   */
  static void sort(List<Map<String, String>> rows, String sort) {
    boolean descending = sort.startsWith("-");
    String column = descending ? sort.substring(1) : sort;
    Comparator<Map<String, String>> by = column.equals("quantity")
        ? Comparator.comparing((Map<String, String> m) -> m.get("quantity").isEmpty() ? BigDecimal.valueOf(Long.MIN_VALUE) : new BigDecimal(m.get("quantity")))
        : column.equals("event_time") ? Comparator.comparing((Map<String, String> m) -> Instant.parse(m.get("event_time"))) : Comparator.comparing((Map<String, String> m) -> m.get(column));
    if (descending) {
      by = by.reversed();
    }
    rows.sort(by.thenComparing(m -> Instant.parse(m.get("event_time"))).thenComparing(m -> m.get("event_id")).thenComparing(m -> m.get("lot_role"))
        .thenComparing(m -> m.get("lot")));
  }

  /** RFC 4180: CRLF line ends; a field with a comma, quote, CR or LF is quoted, its quotes doubled. */
  static String csv(List<Map<String, String>> rows) {
    StringBuilder sb = new StringBuilder();
    line(sb, COLUMNS);
    for (Map<String, String> r : rows) {
      line(sb, COLUMNS.stream().map(r::get).toList());
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      String f = fields.get(i);
      if (i > 0) {
        sb.append(',');
      }
      if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\r') >= 0 || f.indexOf('\n') >= 0) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    sb.append("\r\n");
  }
}
