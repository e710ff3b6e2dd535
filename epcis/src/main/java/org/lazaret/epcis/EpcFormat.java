package org.lazaret.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The values of the EPCIS 2.0 REST binding's {@code GS1-EPC-Format} header: in which form a
 * client wants the identifiers of returned events. Converts the identifier fields of an event in
 * place: the EPCs and EPC classes of the what-dimension (epcList, parentID, childEPCs, inputEPCList,
 * outputEPCList, the epcClass of every quantity list), the read point and business location, and
 * sources and destinations. Identifiers that are not GS1 keys, and Digital Links that have no EPC
 * URN, stay as they are.
 */
public enum EpcFormat {
  /** The server chooses; this one answers with the identifiers as they were captured. */
  NO_PREFERENCE("No_Preference"),
  ALWAYS_GS1_DIGITAL_LINK("Always_GS1_Digital_Link"),
  ALWAYS_EPC_URN("Always_EPC_URN"),
  /** Identifiers exactly as they were captured. */
  NEVER_TRANSLATES("Never_Translates");

  private static final List<String> ID_LISTS = List.of("epcList", "childEPCs", "inputEPCList", "outputEPCList");
  private static final List<String> QUANTITY_LISTS = List.of("quantityList", "childQuantityList", "inputQuantityList", "outputQuantityList");

  private final String headerValue;

  EpcFormat(String headerValue) {
    this.headerValue = headerValue;
  }

  /** As written in the header. */
  public String headerValue() {
    return headerValue;
  }

  /** The format a header value names (case-sensitive, as the standard spells them). */
  public static Optional<EpcFormat> fromHeader(String value) {
    for (EpcFormat f : values()) {
      if (f.headerValue.equals(value.strip())) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** One identifier in this format; unchanged when it is not a GS1 identifier or cannot be. */
  public String convert(String id) {
    try {
      return switch (this) {
        case NO_PREFERENCE, NEVER_TRANSLATES -> id;
        case ALWAYS_GS1_DIGITAL_LINK -> Identifiers.toDigitalLink(id);
        case ALWAYS_EPC_URN -> Identifiers.toUrn(id);
      };
    } catch (IllegalArgumentException malformed) {
      return id;
    }
  }

  /** Converts the identifier fields of one event (a JSON object) in place. */
  public void applyTo(ObjectNode event) {
    if (this == NO_PREFERENCE || this == NEVER_TRANSLATES) {
      return;
    }
    for (String list : ID_LISTS) {
      if (event.get(list) instanceof ArrayNode ids) {
        for (int i = 0; i < ids.size(); i++) {
          if (ids.get(i).isTextual()) {
            ids.set(i, convert(ids.get(i).textValue()));
          }
        }
      }
    }
    textField(event, "parentID");
    for (String list : QUANTITY_LISTS) {
      each(event.get(list), "epcClass");
    }
    if (event.get("readPoint") instanceof ObjectNode o) {
      textField(o, "id");
    }
    if (event.get("bizLocation") instanceof ObjectNode o) {
      textField(o, "id");
    }
    each(event.get("sourceList"), "source");
    each(event.get("destinationList"), "destination");
  }

  private void each(JsonNode list, String field) {
    if (list instanceof ArrayNode a) {
      for (JsonNode element : a) {
        if (element instanceof ObjectNode o) {
          textField(o, field);
        }
      }
    }
  }

  private void textField(ObjectNode holder, String field) {
    JsonNode v = holder.get(field);
    if (v != null && v.isTextual()) {
      holder.put(field, convert(v.textValue()));
    }
  }
}
