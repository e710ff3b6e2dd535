package org.lazaret.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.epcis.EpcisEvent.BizTransaction;
import org.lazaret.epcis.EpcisEvent.ErrorDeclaration;
import org.lazaret.epcis.EpcisEvent.EventTime;
import org.lazaret.epcis.EpcisEvent.QuantityElement;
import org.lazaret.epcis.EpcisEvent.SensorReport;
import org.lazaret.epcis.EpcisEvent.SourceDestination;

/**
 * Reads one event object into an {@link EpcisEvent}, checking each field it models and naming the
 * JSON path of the first one that is unusable (wrong JSON type, unparseable time, malformed GS1
 * identifier). Fields it does not model are left alone: the schema validator judges those.
 * Timestamps are rounded to milliseconds the way the event hash rounds them, so the time the ledger
 * stores is the time that was hashed.
 */
final class EventReader {
  private final ObjectNode event;
  private final String path;

  private EventReader(ObjectNode event, String path) {
    this.event = event;
    this.path = path;
  }

  static EpcisEvent read(JsonNode node, String path, String hashId) {
    if (!node.isObject()) {
      throw new EpcisFormatException(path, "expected an event object");
    }
    return new EventReader((ObjectNode) node, path).read(hashId);
  }

  private EpcisEvent read(String hashId) {
    String type = text(event, "type", path).orElseThrow(() -> error(path + ".type", "missing"));
    JsonNode timeNode = event.get("eventTime");
    if (timeNode == null) {
      throw error(path + ".eventTime", "missing");
    }
    Optional<ZoneOffset> zone =
        text(event, "eventTimeZoneOffset", path)
            .map(
                offset -> {
                  try {
                    return ZoneOffset.of(offset);
                  } catch (DateTimeException e) {
                    throw error(
                        path + ".eventTimeZoneOffset", "not an offset like +01:00: " + offset);
                  }
                });
    EventTime eventTime = time(timeNode, path + ".eventTime", zone);
    EpcisEvent.Epcs epcs =
        new EpcisEvent.Epcs(
            ids("epcList"),
            id(event, "parentID", path),
            ids("childEPCs"),
            ids("inputEPCList"),
            ids("outputEPCList"));
    EpcisEvent.Quantities quantities =
        new EpcisEvent.Quantities(
            quantities("quantityList"),
            quantities("childQuantityList"),
            quantities("inputQuantityList"),
            quantities("outputQuantityList"));
    EpcisEvent.Context context =
        new EpcisEvent.Context(
            text(event, "action", path),
            text(event, "bizStep", path).map(Cbv::shortForm),
            text(event, "disposition", path).map(Cbv::shortForm),
            location("readPoint"),
            location("bizLocation"),
            bizTransactions(),
            parties("sourceList", "source"),
            parties("destinationList", "destination"),
            sensorReports(),
            errorDeclaration());
    return new EpcisEvent(
        event, type, eventTime, text(event, "eventID", path), hashId, epcs, quantities, context);
  }

  private List<String> ids(String field) {
    List<String> ids = new ArrayList<>();
    JsonNode list = array(event, field, path);
    for (int i = 0; i < list.size(); i++) {
      ids.add(identifier(list.get(i), path + "." + field + "[" + i + "]"));
    }
    return List.copyOf(ids);
  }

  private List<QuantityElement> quantities(String field) {
    List<QuantityElement> elements = new ArrayList<>();
    JsonNode list = array(event, field, path);
    for (int i = 0; i < list.size(); i++) {
      String at = path + "." + field + "[" + i + "]";
      JsonNode element = object(list.get(i), at);
      String epcClass =
          id(element, "epcClass", at).orElseThrow(() -> error(at + ".epcClass", "missing"));
      elements.add(
          new QuantityElement(
              epcClass, decimal(element, "quantity", at), text(element, "uom", at)));
    }
    return List.copyOf(elements);
  }

  private Optional<String> location(String field) {
    JsonNode location = event.get(field);
    if (location == null) {
      return Optional.empty();
    }
    return id(object(location, path + "." + field), "id", path + "." + field);
  }

  private List<BizTransaction> bizTransactions() {
    List<BizTransaction> transactions = new ArrayList<>();
    JsonNode list = array(event, "bizTransactionList", path);
    for (int i = 0; i < list.size(); i++) {
      String at = path + ".bizTransactionList[" + i + "]";
      JsonNode element = object(list.get(i), at);
      String id =
          id(element, "bizTransaction", at)
              .orElseThrow(() -> error(at + ".bizTransaction", "missing"));
      transactions.add(new BizTransaction(text(element, "type", at).map(Cbv::shortForm), id));
    }
    return List.copyOf(transactions);
  }

  private List<SourceDestination> parties(String field, String idField) {
    List<SourceDestination> parties = new ArrayList<>();
    JsonNode list = array(event, field, path);
    for (int i = 0; i < list.size(); i++) {
      String at = path + "." + field + "[" + i + "]";
      JsonNode element = object(list.get(i), at);
      String type =
          text(element, "type", at)
              .map(Cbv::shortForm)
              .orElseThrow(() -> error(at + ".type", "missing"));
      String id = id(element, idField, at).orElseThrow(() -> error(at + "." + idField, "missing"));
      parties.add(new SourceDestination(type, id));
    }
    return List.copyOf(parties);
  }

  private List<SensorReport> sensorReports() {
    List<SensorReport> reports = new ArrayList<>();
    JsonNode elements = array(event, "sensorElementList", path);
    for (int i = 0; i < elements.size(); i++) {
      String at = path + ".sensorElementList[" + i + "]";
      JsonNode element = object(elements.get(i), at);
      Optional<EventTime> metadataTime = Optional.empty();
      if (element.has("sensorMetadata")) {
        JsonNode metadata = object(element.get("sensorMetadata"), at + ".sensorMetadata");
        metadataTime = optionalTime(metadata, "time", at + ".sensorMetadata");
      }
      JsonNode list = array(element, "sensorReport", at);
      for (int j = 0; j < list.size(); j++) {
        String reportAt = at + ".sensorReport[" + j + "]";
        JsonNode report = object(list.get(j), reportAt);
        Optional<EventTime> time = optionalTime(report, "time", reportAt);
        reports.add(
            new SensorReport(
                text(report, "type", reportAt).map(Cbv::shortForm).orElse(""),
                decimal(report, "value", reportAt),
                decimal(report, "minValue", reportAt),
                decimal(report, "maxValue", reportAt),
                decimal(report, "meanValue", reportAt),
                text(report, "uom", reportAt),
                time.isPresent() ? time : metadataTime,
                text(report, "exception", reportAt).map(Cbv::shortForm),
                id(report, "deviceID", reportAt)));
      }
    }
    return List.copyOf(reports);
  }

  private Optional<ErrorDeclaration> errorDeclaration() {
    JsonNode declaration = event.get("errorDeclaration");
    if (declaration == null) {
      return Optional.empty();
    }
    String at = path + ".errorDeclaration";
    object(declaration, at);
    JsonNode time = declaration.get("declarationTime");
    if (time == null) {
      throw error(at + ".declarationTime", "missing");
    }
    List<String> corrective = new ArrayList<>();
    JsonNode list = array(declaration, "correctiveEventIDs", at);
    for (int i = 0; i < list.size(); i++) {
      corrective.add(string(list.get(i), at + ".correctiveEventIDs[" + i + "]"));
    }
    return Optional.of(
        new ErrorDeclaration(
            time(time, at + ".declarationTime", Optional.empty()),
            text(declaration, "reason", at).map(Cbv::shortForm),
            corrective));
  }

  private static Optional<EventTime> optionalTime(JsonNode holder, String field, String at) {
    JsonNode node = holder.get(field);
    return node == null
        ? Optional.empty()
        : Optional.of(time(node, at + "." + field, Optional.empty()));
  }

  /** Epoch milliseconds: cut to microseconds, then rounded half-to-even, as the event hash does. */
  static EventTime time(JsonNode node, String at, Optional<ZoneOffset> zone) {
    String text = string(node, at);
    OffsetDateTime parsed;
    try {
      parsed = OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeException e) {
      throw error(at, "not a date-time with offset (e.g. 2024-05-01T10:00:00.000+02:00): " + text);
    }
    long micros = parsed.getNano() / 1000;
    long millis = micros / 1000;
    long rest = micros % 1000;
    if (rest > 500 || (rest == 500 && millis % 2 == 1)) {
      millis++;
    }
    long epochMillis = Math.addExact(Math.multiplyExact(parsed.toEpochSecond(), 1000L), millis);
    return new EventTime(epochMillis, zone.orElse(parsed.getOffset()));
  }

  private static Optional<String> id(JsonNode holder, String field, String at) {
    JsonNode node = holder.get(field);
    return node == null ? Optional.empty() : Optional.of(identifier(node, at + "." + field));
  }

  private static String identifier(JsonNode node, String at) {
    String value = string(node, at);
    try {
      return Identifiers.toUrn(value);
    } catch (IllegalArgumentException e) {
      throw error(at, "malformed GS1 identifier: " + e.getMessage());
    }
  }

  private static Optional<BigDecimal> decimal(JsonNode holder, String field, String at) {
    JsonNode node = holder.get(field);
    if (node == null) {
      return Optional.empty();
    }
    if (!node.isNumber()) {
      throw error(at + "." + field, "expected a number");
    }
    return Optional.of(node.decimalValue());
  }

  private static Optional<String> text(JsonNode holder, String field, String at) {
    JsonNode node = holder.get(field);
    return node == null ? Optional.empty() : Optional.of(string(node, at + "." + field));
  }

  private static String string(JsonNode node, String at) {
    if (!node.isTextual()) {
      throw error(at, "expected a string");
    }
    return node.textValue();
  }

  private static JsonNode array(JsonNode holder, String field, String at) {
    JsonNode node = holder.get(field);
    if (node == null) {
      return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }
    if (!node.isArray()) {
      throw error(at + "." + field, "expected an array");
    }
    return node;
  }

  private static JsonNode object(JsonNode node, String at) {
    if (!node.isObject()) {
      throw error(at, "expected an object");
    }
    return node;
  }

  private static EpcisFormatException error(String at, String reason) {
    return new EpcisFormatException(at, reason);
  }
}
