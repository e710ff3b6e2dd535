package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.contracts.trace.Temperature;
import org.lazaret.epcis.Cbv;

/**
 * The Temperature reports of a stored event, read back as the contract judged them: numbered in
 * document order over every report of every sensor element (the numbering breach records use),
 * timed by the report, else its element's metadata, else the event; values exact (the ledger keeps
 * fractions as decimal strings). Reports in a unit other than CEL, FAR or KEL are left out, as the
 * contract leaves them unjudged.
 */
final class Readings {
  private static final String DECIMAL = "-?[0-9]{1,30}(\\.[0-9]{1,30})?([eE][-+]?[0-9]{1,3})?";

  private Readings() {}

  /** One value of one report: {@code field} is value, minValue or maxValue. */
  record Reading(String event, int report, long time, String field, BigDecimal value, String uom, Temperature temperature, JsonNode readPoint, JsonNode bizLocation) {}

  static List<Reading> of(JsonNode record) {
    List<Reading> out = new ArrayList<>();
    JsonNode summary = record.path("summary");
    long eventTime = summary.path("eventTime").asLong();
    int index = 0;
    for (JsonNode element : record.path("event").path("sensorElementList")) {
      Optional<Long> metadataTime = time(element.path("sensorMetadata").path("time"));
      for (JsonNode report : element.path("sensorReport")) {
        int n = index++;
        Optional<Temperature.Unit> unit = Temperature.Unit.of(report.path("uom").asText(""));
        if (!"Temperature".equals(Cbv.shortForm(report.path("type").asText(""))) || unit.isEmpty()) {
          continue;
        }
        long t = time(report.path("time")).or(() -> metadataTime).orElse(eventTime);
        for (String field : List.of("value", "minValue", "maxValue")) {
          Optional<BigDecimal> v = decimal(report.path(field));
          Optional<Temperature> temp = v.flatMap(x -> Temperature.of(x, unit.get()));
          if (temp.isPresent()) {
            out.add(new Reading(record.path("hashId").asText(), n, t, field, v.get(), unit.get().name(), temp.get(), place(summary, "readPoint"), place(summary, "bizLocation")));
          }
        }
      }
    }
    return out;
  }

  /** The summary's readPoint or bizLocation, JSON null when the event has none. */
  private static JsonNode place(JsonNode summary, String field) {
    return summary.hasNonNull(field) ? summary.get(field) : NullNode.getInstance();
  }

  private static Optional<BigDecimal> decimal(JsonNode n) {
    if (n.isNumber()) {
      return Optional.of(n.decimalValue());
    }
    if (n.isTextual() && n.textValue().matches(DECIMAL)) {
      return Optional.of(new BigDecimal(n.textValue()));
    }
    return Optional.empty();
  }

  private static Optional<Long> time(JsonNode n) {
    if (!n.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(n.textValue()).toInstant().toEpochMilli());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
