package org.lazaret.epcis;

import java.util.Optional;
import org.lazaret.epcis.gs1.CompanyPrefixLengths;
import org.lazaret.epcis.gs1.DigitalLinks;
import org.lazaret.epcis.gs1.EpcUrns;
import org.lazaret.epcis.gs1.Gs1Identifier;

/**
 * One identity per item whichever form a partner sends: EPC URNs (urn:epc:id:sgtin:0614141.
 * 107346.2017, urn:epc:class:lgtin:..., class-level urn:epc:idpat:sgtin:...:*) and GS1 Digital Link
 * URIs on any host (https://id.gs1.org/01/10614141073464/21/2017,
 * https://brand.example/01/...?linkType=...) are normalised to one canonical EPC URN, or to one
 * canonical Digital Link for clients that ask for that form (the GS1-EPC-Format header).
 *
 * <p>Both directions go through the parsed GS1 key, so {@code toUrn(toDigitalLink(x))} equals
 * {@code toUrn(x)} for every GS1 identifier. Writing a URN needs the GS1 company prefix length,
 * which a Digital Link does not carry: {@link CompanyPrefixLengths#DEFAULT} assumes 7 digits, and
 * URN input is re-split by the same rule, so the result is canonical even when the policy differs
 * from the true prefix length. Identifiers that are not GS1 keys (urn:uuid:..., urn:epc:id:gid:...,
 * other https URIs) are returned unchanged; GS1 identifiers that are malformed (wrong digit count,
 * wrong check digit, characters outside the GS1 set) are rejected with the reason. A Digital Link
 * that has no EPC URN (an ITIP with lot) stays a Digital Link in {@link #toUrn}.
 */
public final class Identifiers {
  private Identifiers() {}

  /**
   * The canonical EPC URN of a GS1 identifier (company prefixes of 7 digits); other identifiers
   * unchanged.
   *
   * @throws IllegalArgumentException if {@code id} is a malformed GS1 identifier
   */
  public static String toUrn(String id) {
    return toUrn(id, CompanyPrefixLengths.DEFAULT);
  }

  /** As {@link #toUrn(String)}, splitting company prefixes as {@code lengths} says. */
  public static String toUrn(String id, CompanyPrefixLengths lengths) {
    return parse(id)
        .map(parsed -> EpcUrns.format(parsed, lengths).orElseGet(() -> DigitalLinks.format(parsed)))
        .orElse(id);
  }

  /**
   * The canonical Digital Link URI (https://id.gs1.org/...) of a GS1 identifier; other identifiers
   * unchanged.
   *
   * @throws IllegalArgumentException if {@code id} is a malformed GS1 identifier
   */
  public static String toDigitalLink(String id) {
    return parse(id).map(DigitalLinks::format).orElse(id);
  }

  /**
   * The GS1 identifier {@code id} denotes, or empty when it is not one.
   *
   * @throws IllegalArgumentException if it is a malformed GS1 identifier
   */
  public static Optional<Gs1Identifier> parse(String id) {
    if (id == null) {
      throw new IllegalArgumentException("identifier is null");
    }
    String trimmed = id.strip();
    Optional<Gs1Identifier> urn = EpcUrns.parse(trimmed);
    return urn.isPresent() ? urn : DigitalLinks.parse(trimmed);
  }
}
