package org.lazaret.contracts.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Revert;
import org.lazaret.core.Invariants;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.EpcisEvent;
import org.lazaret.epcis.EpcisEvent.QuantityElement;
import org.lazaret.epcis.EpcisEvent.SensorReport;
import org.lazaret.epcis.Identifiers;

/**
 * Temperature ranges per product class, and the breaches sensor readings make of them. A member
 * holding {@value #ROLE} sets a class's range ({@code setRange {class, min, max, uom?, label?}})
 * or removes it ({@code removeRange {class}}); ranges are inclusive and kept in whole
 * milli-degrees Celsius, so a bound given in °F or K must convert exactly ({@code 35.6} °F is 2
 * °C; {@code 36} °F is not a whole number of milli-degrees and is refused, naming its Celsius
 * value). A role rather than a governance vote: a quality manager changes a range when a product's
 * label does, and the ledger records who did it.
 *
 * <p>When an event is captured, each of its Temperature sensor reports ({@code value}, {@code
 * minValue}, {@code maxValue}; in CEL, FAR or KEL; at the report's time, else the event's) is held
 * against the range of every product class the event names: the items and lots of its epcList,
 * quantity lists, childEPCs and outputs, and everything its containers (parentID, or an SSCC in
 * the epcList) held at that time, down {@link Containment#DEPTH_MAX} levels. A reading outside a
 * range writes one breach record per event and class, {@code trace/breach/<eventHash>/<class>},
 * indexes it under every lot, item, container and the class ({@code trace/breaches/<id>}), and
 * emits {@code ColdChainBreach}. Comparison is exact ({@link Temperature}); reports in another unit
 * or without a unit are not judged. An event captured as declared in error raises no breach; a
 * declaration captured after its event leaves the breach recorded (the event's record lists the
 * declaration), since a breach is a fact about what was reported at the time.
 */
public final class ColdChain {
  public static final String ROLE = "trace.coldchain";
  public static final String SET_RANGE = "setRange";
  public static final String REMOVE_RANGE = "removeRange";
  /** Highest upper bound a range may have: 1,000 °C. */
  public static final long RANGE_MILLI_CELSIUS_MAX = 1_000_000;
  /** Lots, items and containers one reading is followed to; beyond it the record says truncated. */
  public static final int SUBJECTS_MAX = 1_000;
  public static final int READINGS_RECORDED_MAX = 32;
  public static final int ITEMS_RECORDED_MAX = 100;
  public static final int LOTS_IN_EVENT_MAX = 20;
  public static final int BREACHES_PER_SUBJECT_MAX = 200;
  private static final String BOUND = "-?[0-9]{1,7}(\\.[0-9]{1,9})?";
  private static final int LABEL_BYTES_MAX = 64;

  private ColdChain() {}

  public static String rangeKey(String productClass) {
    return "trace/range/" + productClass;
  }

  public static String breachKey(String eventHash, String productClass) {
    return "trace/breach/" + eventHash + "/" + productClass;
  }

  /** {@code {"breaches": [breach keys, oldest first], "more": n}}: the breaches naming {@code id}. */
  public static String breachesKey(String id) {
    return "trace/breaches/" + id;
  }

  /** A range as checked: the product class and inclusive bounds in milli-degrees Celsius. */
  record Range(String productClass, long minMilliCelsius, long maxMilliCelsius, String min, String max, Temperature.Unit unit, String label) {
    Range {
      Invariants.check(minMilliCelsius <= maxMilliCelsius, "range of %s has min above max", productClass);
    }
  }

  static String productClass(Args a) {
    String given = a.text("class");
    try {
      return Lots.productClass(given).orElseThrow(() -> a.invalid("class",
          "must name a GTIN-level product class: urn:epc:idpat:sgtin:CP.ITEM.*, an SGTIN or LGTIN of it, or its GS1 Digital Link (/01/...)"));
    } catch (IllegalArgumentException e) {
      throw a.invalid("class", "'" + given + "' is a malformed GS1 identifier: " + e.getMessage());
    }
  }

  static Range rangeArgs(Args a) {
    a.only("class", "min", "max", "uom", "label");
    String cls = productClass(a);
    String uom = a.has("uom") ? a.text("uom") : "CEL";
    Temperature.Unit unit = Temperature.Unit.of(uom).orElseThrow(() -> a.invalid("uom", "must be CEL, FAR or KEL (UN/CEFACT codes)"));
    String min = bound(a, "min");
    String max = bound(a, "max");
    long lo = milliCelsius(a, "min", min, unit);
    long hi = milliCelsius(a, "max", max, unit);
    if (hi < lo) {
      throw a.invalid("max", max + " " + uom + " is below min " + min + " " + uom);
    }
    String label = a.has("label") ? a.text("label") : "";
    if (label.getBytes(StandardCharsets.UTF_8).length > LABEL_BYTES_MAX || label.chars().anyMatch(Character::isISOControl)) {
      throw a.invalid("label", "must be printable text of at most " + LABEL_BYTES_MAX + " bytes");
    }
    return new Range(cls, lo, hi, min, max, unit, label);
  }

  private static String bound(Args a, String field) {
    JsonNode v = a.node(field);
    String text = v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.isTextual() ? v.textValue() : "";
    if (!text.matches(BOUND)) {
      throw a.invalid(field, "must be a decimal number of degrees as a string or an integer, such as \"2\", -60 or \"35.6\"");
    }
    return text;
  }

  private static long milliCelsius(Args a, String field, String text, Temperature.Unit unit) {
    Temperature t = Temperature.of(new BigDecimal(text), unit).orElseThrow();
    long m = t.exactMilliCelsius().orElseThrow(() -> a.invalid(field, text + " " + unit + " is " + t.celsius()
        + " °C, not a whole number of milli-degrees Celsius; ranges are kept exactly, so give a bound that converts exactly (or in CEL)"));
    if (m < Temperature.ABSOLUTE_ZERO_MILLI_CELSIUS) {
      throw a.invalid(field, text + " " + unit + " is below absolute zero");
    }
    if (m > RANGE_MILLI_CELSIUS_MAX) {
      throw a.invalid(field, text + " " + unit + " is above " + RANGE_MILLI_CELSIUS_MAX / 1000 + " °C");
    }
    return m;
  }

  static void setRange(Args a, Context ctx) {
    Range r = rangeArgs(a);
    String org = ctx.roles().require(ROLE);
    ObjectNode v = CanonicalJson.object();
    v.put("class", r.productClass()).put("minMilliCelsius", r.minMilliCelsius()).put("maxMilliCelsius", r.maxMilliCelsius());
    v.putObject("given").put("min", r.min()).put("max", r.max()).put("uom", r.unit().name());
    v.put("label", r.label()).put("setBy", org).put("height", ctx.height()).put("time", ctx.timeMillis()).put("txId", ctx.txId().hex());
    ctx.write(rangeKey(r.productClass()), v);
    ctx.emit("RangeSet", CanonicalJson.object().put("class", r.productClass()).put("minMilliCelsius", r.minMilliCelsius())
        .put("maxMilliCelsius", r.maxMilliCelsius()).put("org", org));
  }

  static String removeRangeArgs(Args a) {
    a.only("class");
    return productClass(a);
  }

  static void removeRange(Args a, Context ctx) {
    String cls = removeRangeArgs(a);
    String org = ctx.roles().require(ROLE);
    if (ctx.read(rangeKey(cls)).isEmpty()) {
      throw new Revert("UNKNOWN_RANGE", "class: " + cls + " has no temperature range");
    }
    ctx.delete(rangeKey(cls));
    ctx.emit("RangeRemoved", CanonicalJson.object().put("class", cls).put("org", org));
  }

  /** The range of a class as stored, if any. */
  static Optional<Range> range(String productClass, Context ctx) {
    return ctx.read(rangeKey(productClass)).map(n -> new Range(productClass, n.path("minMilliCelsius").asLong(), n.path("maxMilliCelsius").asLong(),
        n.path("given").path("min").asText(), n.path("given").path("max").asText(),
        Temperature.Unit.of(n.path("given").path("uom").asText()).orElseThrow(), n.path("label").asText()));
  }

  /** What one reading reaches, per product class: lots, items and the containers it went through. */
  private static final class Subjects {
    final TreeMap<String, TreeSet<String>> lots = new TreeMap<>();
    final TreeMap<String, TreeSet<String>> items = new TreeMap<>();
    final TreeSet<String> containers = new TreeSet<>();
    final TreeSet<String> seen = new TreeSet<>();
    boolean truncated;

    SortedSet<String> classes() {
      TreeSet<String> all = new TreeSet<>(lots.keySet());
      all.addAll(items.keySet());
      return all;
    }
  }

  private static Subjects subjects(EpcisEvent ev, long t, Context ctx) {
    Subjects s = new Subjects();
    List<String> direct = new ArrayList<>(ev.epcList());
    ev.parentId().ifPresent(direct::add);
    direct.addAll(ev.childEpcs());
    direct.addAll(ev.outputEpcs());
    for (QuantityElement q : ev.quantityList()) {
      direct.add(q.epcClass());
    }
    for (QuantityElement q : ev.childQuantityList()) {
      direct.add(q.epcClass());
    }
    for (QuantityElement q : ev.outputQuantityList()) {
      direct.add(q.epcClass());
    }
    for (String id : direct) {
      visit(Identifiers.toUrn(id), t, 0, s, ctx);
    }
    return s;
  }

  private static void visit(String id, long t, int depth, Subjects s, Context ctx) {
    if (!s.seen.add(id)) {
      return;
    }
    if (s.seen.size() > SUBJECTS_MAX) {
      s.truncated = true;
      return;
    }
    Optional<String> cls = Lots.productClass(id);
    if (cls.isPresent()) {
      if (Lots.isItem(id)) {
        s.items.computeIfAbsent(cls.get(), k -> new TreeSet<>()).add(id);
        Lots.lotOfItem(id, ctx::read).ifPresent(lot -> s.lots.computeIfAbsent(cls.get(), k -> new TreeSet<>()).add(lot));
      } else {
        // a lot, or a class named without lot: the class itself is then the subject
        s.lots.computeIfAbsent(cls.get(), k -> new TreeSet<>()).add(id);
      }
    }
    List<String> inside = Containment.contentsAt(id, t, ctx::read);
    if (inside.isEmpty()) {
      return;
    }
    if (depth >= Containment.DEPTH_MAX) {
      s.truncated = true;
      return;
    }
    s.containers.add(id);
    for (String child : inside) {
      visit(child, t, depth + 1, s, ctx);
    }
  }

  /** One reading outside a range. */
  private record Reading(int report, long time, String field, BigDecimal value, String uom, Temperature temperature, String side) {
    ObjectNode json() {
      return CanonicalJson.object().put("report", report).put("time", time).put("field", field).put("value", value.toPlainString())
          .put("uom", uom).put("celsius", temperature.celsius().toPlainString()).put("side", side);
    }
  }

  /**
   * Judges every Temperature report of a freshly captured event against the ranges of the classes
   * it reaches; writes and indexes a breach record per class with readings outside, and emits
   * {@code ColdChainBreach} for it.
   */
  static void evaluate(EpcisEvent ev, String org, Context ctx) {
    List<SensorReport> reports = ev.sensorReports();
    TreeMap<String, List<Reading>> outside = new TreeMap<>();
    TreeMap<Long, Subjects> byTime = new TreeMap<>();
    TreeMap<String, Optional<Range>> ranges = new TreeMap<>();
    for (int i = 0; i < reports.size(); i++) {
      SensorReport r = reports.get(i);
      Optional<Temperature.Unit> unit = r.uom().flatMap(Temperature.Unit::of);
      if (!"Temperature".equals(r.type()) || unit.isEmpty()) {
        continue;
      }
      long t = r.time().map(EpcisEvent.EventTime::epochMillis).orElse(ev.eventTime().epochMillis());
      Subjects s = byTime.computeIfAbsent(t, k -> subjects(ev, k, ctx));
      for (String cls : s.classes()) {
        Optional<Range> range = ranges.computeIfAbsent(cls, c -> range(c, ctx));
        if (range.isEmpty()) {
          continue;
        }
        for (Map.Entry<String, Optional<BigDecimal>> f : List.of(Map.entry("value", r.value()), Map.entry("minValue", r.minValue()), Map.entry("maxValue", r.maxValue()))) {
          Optional<Temperature> temp = f.getValue().flatMap(v -> Temperature.of(v, unit.get()));
          if (temp.isEmpty()) {
            continue;
          }
          String side = temp.get().compareTo(range.get().minMilliCelsius()) < 0 ? "below" : temp.get().compareTo(range.get().maxMilliCelsius()) > 0 ? "above" : "";
          if (!side.isEmpty()) {
            outside.computeIfAbsent(cls, c -> new ArrayList<>()).add(new Reading(i, t, f.getKey(), f.getValue().get(), unit.get().name(), temp.get(), side));
          }
        }
      }
    }
    for (Map.Entry<String, List<Reading>> e : outside.entrySet()) {
      record(ev, org, e.getKey(), ranges.get(e.getKey()).orElseThrow(), e.getValue(), byTime, ctx);
    }
  }

  private static void record(EpcisEvent ev, String org, String cls, Range range, List<Reading> readings, TreeMap<Long, Subjects> byTime, Context ctx) {
    Invariants.check(!readings.isEmpty(), "a breach of %s without readings", cls);
    TreeSet<String> lots = new TreeSet<>();
    TreeSet<String> items = new TreeSet<>();
    TreeSet<String> containers = new TreeSet<>();
    boolean truncated = false;
    for (Reading r : readings) {
      Subjects s = byTime.get(r.time());
      lots.addAll(s.lots.getOrDefault(cls, new TreeSet<>()));
      items.addAll(s.items.getOrDefault(cls, new TreeSet<>()));
      containers.addAll(s.containers);
      truncated |= s.truncated;
    }
    String key = breachKey(ev.hashId(), cls);
    ObjectNode b = CanonicalJson.object();
    b.put("event", ev.hashId()).put("eventTime", ev.eventTime().epochMillis()).put("class", cls);
    ObjectNode rg = b.putObject("range");
    rg.put("minMilliCelsius", range.minMilliCelsius()).put("maxMilliCelsius", range.maxMilliCelsius()).put("label", range.label());
    ev.readPoint().ifPresentOrElse(v -> b.put("readPoint", v), () -> b.putNull("readPoint"));
    ev.bizLocation().ifPresentOrElse(v -> b.put("bizLocation", v), () -> b.putNull("bizLocation"));
    lots.forEach(b.putArray("lots")::add);
    ArrayNode itemList = b.putArray("items");
    items.stream().limit(ITEMS_RECORDED_MAX).forEach(itemList::add);
    b.put("itemCount", items.size());
    containers.forEach(b.putArray("containers")::add);
    b.put("truncated", truncated);
    ArrayNode rs = b.putArray("readings");
    readings.stream().limit(READINGS_RECORDED_MAX).forEach(r -> rs.add(r.json()));
    b.put("readingCount", readings.size()).put("capturedBy", org).put("height", ctx.height());
    ctx.write(key, b);
    TreeSet<String> named = new TreeSet<>(lots);
    named.addAll(items);
    named.addAll(containers);
    named.add(cls);
    for (String id : named) {
      index(id, key, ctx);
    }
    Reading first = readings.get(0);
    ObjectNode data = CanonicalJson.object().put("event", ev.hashId()).put("class", cls).put("lot", lots.isEmpty() ? cls : lots.first());
    ArrayNode lotList = data.putArray("lots");
    lots.stream().limit(LOTS_IN_EVENT_MAX).forEach(lotList::add);
    data.put("itemCount", items.size()).put("time", first.time());
    ev.readPoint().ifPresentOrElse(v -> data.put("readPoint", v), () -> data.putNull("readPoint"));
    ev.bizLocation().ifPresentOrElse(v -> data.put("bizLocation", v), () -> data.putNull("bizLocation"));
    data.set("reading", first.json());
    data.putObject("range").put("minCelsius", celsius(range.minMilliCelsius())).put("maxCelsius", celsius(range.maxMilliCelsius()));
    data.put("readings", readings.size());
    ctx.emit("ColdChainBreach", data);
  }

  private static void index(String id, String breach, Context ctx) {
    ObjectNode v = ctx.read(breachesKey(id)).map(n -> (ObjectNode) n.deepCopy()).orElseGet(() -> {
      ObjectNode o = CanonicalJson.object();
      o.putArray("breaches");
      o.put("more", 0);
      return o;
    });
    ArrayNode list = (ArrayNode) v.get("breaches");
    for (JsonNode x : list) {
      if (x.asText().equals(breach)) {
        return;
      }
    }
    if (list.size() < BREACHES_PER_SUBJECT_MAX) {
      list.add(breach);
    } else {
      v.put("more", v.path("more").asLong() + 1);
    }
    ctx.write(breachesKey(id), v);
  }

  /** Milli-degrees as a decimal string of degrees ({@code 2000} -> {@code "2"}, {@code -60500} -> {@code "-60.5"}). */
  public static String celsius(long milliCelsius) {
    BigDecimal c = BigDecimal.valueOf(milliCelsius, 3).stripTrailingZeros();
    return (c.scale() < 0 ? c.setScale(0) : c).toPlainString();
  }
}
