package org.lazaret.epcis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One EPCIS event with the fields the trace contract reasons about already read and normalised:
 * identifiers as canonical EPC URNs ({@link Identifiers#toUrn}), vocabulary as short CBV words
 * ({@link Cbv#shortForm}), times as epoch milliseconds, quantities and sensor values as exact
 * decimals. Built only by {@link EpcisDocument#parse}, which has already rejected malformed values,
 * so no accessor throws. Immutable; {@link #json()} hands out a copy of the original JSON for
 * anything not modelled here.
 */
public final class EpcisEvent {
  /** A timestamp: epoch milliseconds (UTC) and the offset of local time where it happened. */
  public record EventTime(long epochMillis, ZoneOffset offset) {
    public EventTime {
      Objects.requireNonNull(offset, "offset");
    }
  }

  /** One element of a quantity list: an EPC class, maybe a quantity and a unit of measure. */
  public record QuantityElement(
      String epcClass, Optional<BigDecimal> quantity, Optional<String> uom) {}

  /** A business transaction reference; type is the short CBV word ("po") when given. */
  public record BizTransaction(Optional<String> type, String id) {}

  /** A source or destination; type is the short CBV word ("owning_party", "location"). */
  public record SourceDestination(String type, String id) {}

  /**
   * One sensor report. Type is the short measurement type ("Temperature"); time is the report's own
   * time, else its sensor element's metadata time.
   */
  public record SensorReport(
      String type,
      Optional<BigDecimal> value,
      Optional<BigDecimal> minValue,
      Optional<BigDecimal> maxValue,
      Optional<BigDecimal> meanValue,
      Optional<String> uom,
      Optional<EventTime> time,
      Optional<String> exception,
      Optional<String> deviceId) {}

  /** An error declaration: when, why (short CBV word), and the events that correct it. */
  public record ErrorDeclaration(
      EventTime declarationTime, Optional<String> reason, List<String> correctiveEventIds) {
    public ErrorDeclaration {
      correctiveEventIds = List.copyOf(correctiveEventIds);
    }
  }

  /** The identifier lists of the what-dimension, normalised, each in document order. */
  record Epcs(
      List<String> epcList,
      Optional<String> parentId,
      List<String> childEpcs,
      List<String> inputEpcs,
      List<String> outputEpcs) {}

  /** The quantity lists of the what-dimension. */
  record Quantities(
      List<QuantityElement> quantityList,
      List<QuantityElement> childQuantityList,
      List<QuantityElement> inputQuantityList,
      List<QuantityElement> outputQuantityList) {}

  /** The why-, where- and how-dimensions. */
  record Context(
      Optional<String> action,
      Optional<String> bizStep,
      Optional<String> disposition,
      Optional<String> readPoint,
      Optional<String> bizLocation,
      List<BizTransaction> bizTransactions,
      List<SourceDestination> sources,
      List<SourceDestination> destinations,
      List<SensorReport> sensorReports,
      Optional<ErrorDeclaration> errorDeclaration) {}

  private final ObjectNode json;
  private final String type;
  private final EventTime eventTime;
  private final Optional<String> eventId;
  private final String hashId;
  private final Epcs epcs;
  private final Quantities quantities;
  private final Context context;

  EpcisEvent(
      ObjectNode json,
      String type,
      EventTime eventTime,
      Optional<String> eventId,
      String hashId,
      Epcs epcs,
      Quantities quantities,
      Context context) {
    this.json = json.deepCopy();
    this.type = type;
    this.eventTime = eventTime;
    this.eventId = eventId;
    this.hashId = hashId;
    this.epcs = epcs;
    this.quantities = quantities;
    this.context = context;
  }

  /** A copy of the event as it was in the document. */
  public ObjectNode json() {
    return json.deepCopy();
  }

  /** ObjectEvent, AggregationEvent, TransactionEvent, TransformationEvent or AssociationEvent. */
  public String type() {
    return type;
  }

  public EventTime eventTime() {
    return eventTime;
  }

  /** The eventID the capturing party gave, if any (may itself be a hash ID). */
  public Optional<String> eventId() {
    return eventId;
  }

  /** The CBV 2.0 event hash ID computed from the content ({@link EventHash}). */
  public String hashId() {
    return hashId;
  }

  /** ADD, OBSERVE or DELETE; absent for transformation events. */
  public Optional<String> action() {
    return context.action();
  }

  public Optional<String> bizStep() {
    return context.bizStep();
  }

  public Optional<String> disposition() {
    return context.disposition();
  }

  public Optional<String> readPoint() {
    return context.readPoint();
  }

  public Optional<String> bizLocation() {
    return context.bizLocation();
  }

  public List<String> epcList() {
    return epcs.epcList();
  }

  public Optional<String> parentId() {
    return epcs.parentId();
  }

  public List<String> childEpcs() {
    return epcs.childEpcs();
  }

  public List<String> inputEpcs() {
    return epcs.inputEpcs();
  }

  public List<String> outputEpcs() {
    return epcs.outputEpcs();
  }

  /**
   * Every instance-level identifier the event involves, once each, in this order: epcList,
   * parentID, childEPCs, inputEPCList, outputEPCList.
   */
  public List<String> allEpcs() {
    LinkedHashSet<String> all = new LinkedHashSet<>(epcs.epcList());
    epcs.parentId().ifPresent(all::add);
    all.addAll(epcs.childEpcs());
    all.addAll(epcs.inputEpcs());
    all.addAll(epcs.outputEpcs());
    return List.copyOf(all);
  }

  public List<QuantityElement> quantityList() {
    return quantities.quantityList();
  }

  public List<QuantityElement> childQuantityList() {
    return quantities.childQuantityList();
  }

  public List<QuantityElement> inputQuantityList() {
    return quantities.inputQuantityList();
  }

  public List<QuantityElement> outputQuantityList() {
    return quantities.outputQuantityList();
  }

  /**
   * All quantity elements: quantityList, childQuantityList, inputQuantityList, outputQuantityList.
   */
  public List<QuantityElement> allQuantities() {
    List<QuantityElement> all = new ArrayList<>(quantities.quantityList());
    all.addAll(quantities.childQuantityList());
    all.addAll(quantities.inputQuantityList());
    all.addAll(quantities.outputQuantityList());
    return List.copyOf(all);
  }

  public List<BizTransaction> bizTransactions() {
    return context.bizTransactions();
  }

  public List<SourceDestination> sources() {
    return context.sources();
  }

  public List<SourceDestination> destinations() {
    return context.destinations();
  }

  /** Every sensor report of every sensor element, in document order. */
  public List<SensorReport> sensorReports() {
    return context.sensorReports();
  }

  public Optional<ErrorDeclaration> errorDeclaration() {
    return context.errorDeclaration();
  }

  @Override
  public String toString() {
    return type + "[" + hashId + "]";
  }
}
