package org.lazaret.epcis;

import java.util.List;

/**
 * Core Business Vocabulary values in their short form. A partner may send the business step
 * "shipping" as the bare word (JSON binding), as the CBV 1.x URN urn:epcglobal:cbv:bizstep:shipping
 * or as the CBV 2.0 Web URI https://ref.gs1.org/cbv/BizStep-shipping (or the CURIE
 * cbv:BizStep-shipping); queries and contracts compare the short word. User-defined vocabulary (any
 * other URI) is kept whole, so it never collides with a standard word.
 */
public final class Cbv {
  private static final List<String> TYPES = List.of("BizStep", "Disp", "BTT", "SDT", "ER", "Comp");
  private static final List<String> URN_PREFIXES =
      List.of(
          "urn:epcglobal:cbv:bizstep:",
          "urn:epcglobal:cbv:disp:",
          "urn:epcglobal:cbv:btt:",
          "urn:epcglobal:cbv:sdt:",
          "urn:epcglobal:cbv:er:");
  private static final List<String> WEB_PREFIXES =
      List.of("https://ref.gs1.org/cbv/", "http://ref.gs1.org/cbv/", "cbv:");
  private static final List<String> GS1_VOCABULARY =
      List.of("https://gs1.org/voc/", "http://gs1.org/voc/", "https://ref.gs1.org/voc/", "gs1:");

  private Cbv() {}

  /**
   * The short CBV word of a standard vocabulary value ("shipping", "in_transit", "po",
   * "owning_party", "incorrect_data", "Temperature"); any other value unchanged.
   */
  public static String shortForm(String value) {
    String trimmed = value.strip();
    for (String prefix : URN_PREFIXES) {
      if (trimmed.startsWith(prefix) && trimmed.length() > prefix.length()) {
        return trimmed.substring(prefix.length());
      }
    }
    for (String prefix : WEB_PREFIXES) {
      if (trimmed.startsWith(prefix)) {
        String rest = trimmed.substring(prefix.length());
        for (String type : TYPES) {
          if (rest.startsWith(type + "-") && rest.length() > type.length() + 1) {
            return rest.substring(type.length() + 1);
          }
        }
      }
    }
    for (String prefix : GS1_VOCABULARY) {
      if (trimmed.startsWith(prefix) && trimmed.length() > prefix.length()) {
        return trimmed.substring(prefix.length());
      }
    }
    return trimmed;
  }
}
