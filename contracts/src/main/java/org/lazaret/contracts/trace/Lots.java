package org.lazaret.contracts.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.lazaret.contracts.Context;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.epcis.EpcisEvent;
import org.lazaret.epcis.EpcisEvent.QuantityElement;
import org.lazaret.epcis.Identifiers;
import org.lazaret.epcis.gs1.CompanyPrefixLengths;
import org.lazaret.epcis.gs1.EpcUrns;
import org.lazaret.epcis.gs1.Gs1Identifier;
import org.lazaret.epcis.gs1.Gs1Identifier.Scheme;

/**
 * Which product class and which lot an identifier belongs to. A product class is GTIN-level, as
 * the EPC pattern {@code urn:epc:idpat:sgtin:CP.ITEM.*}: a serialised item (SGTIN), a lot (LGTIN)
 * and a bare GTIN, in EPC URN or Digital Link form, all map to the same one, so a temperature
 * range set for one spelling applies to every other. A serialised item's lot is known when the
 * event that created it carried the lot number in its ILMD (the CBV master data attribute
 * {@code lotNumber}); the contract records it under {@link #itemKey} so that later events naming
 * only the serial can still be attributed to their lot.
 */
public final class Lots {
  /** Spellings of the CBV master data attribute lotNumber in an ILMD, after which the name ends. */
  private static final List<String> LOT_NUMBER_PREFIXES =
      List.of("", "cbvmda:", "urn:epcglobal:cbv:mda:", "urn:epcglobal:cbv:mda#", "https://gs1.org/voc/", "https://ref.gs1.org/voc/", "gs1:");

  private Lots() {}

  /** {@code trace/item/<sgtin>}: {@code {lot, event}}, the lot an item was created in. */
  public static String itemKey(String itemUrn) {
    return "trace/item/" + itemUrn;
  }

  /**
   * The product class of a GTIN-keyed identifier (SGTIN, LGTIN or GTIN), in any spelling; empty
   * for every other identifier.
   *
   * @throws IllegalArgumentException if {@code id} is a malformed GS1 identifier
   */
  public static Optional<String> productClass(String id) {
    return gtin(id).flatMap(g -> EpcUrns.format(new Gs1Identifier(Scheme.GTIN, g.key(), ""), CompanyPrefixLengths.DEFAULT));
  }

  /** Whether {@code id} names a lot (LGTIN) in either spelling; false for malformed identifiers. */
  public static boolean isLot(String id) {
    return scheme(id).filter(s -> s == Scheme.LGTIN).isPresent();
  }

  /** Whether {@code id} names a serialised trade item (SGTIN); false for malformed identifiers. */
  public static boolean isItem(String id) {
    return scheme(id).filter(s -> s == Scheme.SGTIN).isPresent();
  }

  private static Optional<Scheme> scheme(String id) {
    try {
      return Identifiers.parse(id).map(Gs1Identifier::scheme);
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
  }

  private static Optional<Gs1Identifier> gtin(String id) {
    Optional<Gs1Identifier> g = Identifiers.parse(id);
    if (g.isEmpty()) {
      return Optional.empty();
    }
    Scheme s = g.get().scheme();
    return s == Scheme.SGTIN || s == Scheme.LGTIN || s == Scheme.GTIN ? g : Optional.empty();
  }

  /**
   * The lot (LGTIN URN) of the GTIN of {@code id} with lot number {@code lotNumber}; empty when
   * {@code id} is not GTIN-keyed or the lot number is not valid GS1 lot text (1 to 20 characters
   * of the GS1 encodable set).
   */
  static Optional<String> lot(String id, String lotNumber) {
    try {
      Optional<Gs1Identifier> g = gtin(id);
      if (g.isEmpty() || lotNumber.isEmpty()) {
        return Optional.empty();
      }
      Optional<String> urn = EpcUrns.format(new Gs1Identifier(Scheme.LGTIN, g.get().key(), lotNumber), CompanyPrefixLengths.DEFAULT);
      // Parsing back checks the lot text: length and character set.
      return urn.map(Identifiers::toUrn);
    } catch (IllegalArgumentException invalid) {
      return Optional.empty();
    }
  }

  /** The lot number an event's ILMD gives the objects it creates, when it gives one as text. */
  static Optional<String> ilmdLotNumber(JsonNode event) {
    for (Map.Entry<String, JsonNode> e : event.path("ilmd").properties()) {
      for (String prefix : LOT_NUMBER_PREFIXES) {
        if (e.getKey().equals(prefix + "lotNumber") && e.getValue().isTextual()) {
          return Optional.of(e.getValue().textValue());
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The lot of each item an event creates with an ILMD lot number: the epcList of an ObjectEvent
   * that ADDs, the outputs of a TransformationEvent. Items are EPC URNs.
   */
  static SortedMap<String, String> createdItemLots(EpcisEvent ev) {
    return createdItemLots(ev.type(), ev.action().orElse(""), ev.epcList(), ev.outputEpcs(), ev.json());
  }

  /**
   * As {@link #createdItemLots(EpcisEvent)} for a stored event: its summary (normalised type,
   * action, epcList, outputEPCs) and the event as stored (for its ILMD).
   */
  public static SortedMap<String, String> createdItemLots(JsonNode summary, JsonNode event) {
    List<String> epcs = new ArrayList<>();
    summary.path("epcList").forEach(e -> epcs.add(e.asText()));
    List<String> outputs = new ArrayList<>();
    summary.path("outputEPCs").forEach(e -> outputs.add(e.asText()));
    return createdItemLots(summary.path("type").asText(), summary.path("action").asText(""), epcs, outputs, event);
  }

  private static SortedMap<String, String> createdItemLots(String type, String action, List<String> epcList, List<String> outputs, JsonNode event) {
    SortedMap<String, String> out = new TreeMap<>();
    Optional<String> number = ilmdLotNumber(event);
    if (number.isEmpty()) {
      return out;
    }
    List<String> created =
        switch (type) {
          case "ObjectEvent" -> "ADD".equals(action) ? epcList : List.of();
          case "TransformationEvent" -> outputs;
          default -> List.of();
        };
    for (String item : created) {
      String urn = Identifiers.toUrn(item);
      if (isItem(urn)) {
        lot(urn, number.get()).ifPresent(lot -> out.put(urn, lot));
      }
    }
    return out;
  }

  /**
   * Lots an event names besides instance EPCs, which the trace index lists like EPCs: every lot
   * (LGTIN) of its quantity lists, and the lots its ILMD assigns to the items it creates (so a
   * lot's index holds the event that made its items). GTIN-level classes are not indexed: one
   * class is named by every event of a product, and an index entry is bounded.
   */
  static SortedSet<String> indexedClasses(EpcisEvent ev) {
    SortedSet<String> out = new TreeSet<>();
    for (QuantityElement q : ev.allQuantities()) {
      String urn = Identifiers.toUrn(q.epcClass());
      if (isLot(urn)) {
        out.add(urn);
      }
    }
    out.addAll(createdItemLots(ev).values());
    return out;
  }

  /** Records the lot of each item the event creates with an ILMD lot number. */
  static void recordCreatedItems(EpcisEvent ev, Context ctx) {
    for (Map.Entry<String, String> e : createdItemLots(ev).entrySet()) {
      ctx.write(itemKey(e.getKey()), CanonicalJson.object().put("lot", e.getValue()).put("event", ev.hashId()));
    }
  }

  /** The lot recorded for an item, if any; {@code read} gives state values. */
  public static Optional<String> lotOfItem(String itemUrn, Function<String, Optional<JsonNode>> read) {
    return read.apply(itemKey(itemUrn)).map(n -> n.path("lot").asText());
  }
}
