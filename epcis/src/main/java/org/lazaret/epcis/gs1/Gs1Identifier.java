package org.lazaret.epcis.gs1;

import java.util.Objects;

/**
 * One GS1-keyed identifier independent of its spelling: the scheme, the key as GS1 element string
 * data (full length, with check digit, e.g. GTIN-14 "10614141073464"), and the one qualifier the
 * scheme has (serial, lot, GLN extension, third-party control number), decoded, or "" if none. EPC
 * URNs and Digital Link URIs are both parsed into this and written from it, which is what makes the
 * two forms of one item compare equal.
 *
 * @param scheme what kind of identifier this is
 * @param key the GS1 key; digits except for GIAI, GINC and CPI
 * @param qualifier serial, lot, extension or TPX as plain text; "" when the scheme has none
 */
public record Gs1Identifier(Scheme scheme, String key, String qualifier) {
  public Gs1Identifier {
    Objects.requireNonNull(scheme, "scheme");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(qualifier, "qualifier");
    if (key.isEmpty()) {
      throw new IllegalArgumentException(scheme + ": empty key");
    }
  }

  /**
   * The identifier schemes with their EPC URN spelling ({@code urn:epc:<form>:<name>:}) and the
   * Digital Link application identifiers of key and qualifier. A scheme with an empty form has no
   * EPC URN (a GS1 identifier only Digital Link can express).
   */
  public enum Scheme {
    SGTIN("id", "sgtin", "01", "21"),
    LGTIN("class", "lgtin", "01", "10"),
    /** A GTIN without serial or lot: a product class, as an EPC pattern for all serials. */
    GTIN("idpat", "sgtin", "01", ""),
    UPUI("id", "upui", "01", "235"),
    SSCC("id", "sscc", "00", ""),
    SGLN("id", "sgln", "414", "254"),
    GRAI("id", "grai", "8003", ""),
    /** A GRAI without serial: an asset type. */
    GRAI_TYPE("idpat", "grai", "8003", ""),
    GIAI("id", "giai", "8004", ""),
    GSRN("id", "gsrn", "8018", ""),
    GSRNP("id", "gsrnp", "8017", ""),
    GDTI("id", "gdti", "253", ""),
    GDTI_TYPE("idpat", "gdti", "253", ""),
    CPI("id", "cpi", "8010", "8011"),
    CPI_CLASS("idpat", "cpi", "8010", ""),
    SGCN("id", "sgcn", "255", ""),
    SGCN_TYPE("idpat", "sgcn", "255", ""),
    GINC("id", "ginc", "401", ""),
    GSIN("id", "gsin", "402", ""),
    ITIP("id", "itip", "8006", "21"),
    ITIP_CLASS("idpat", "itip", "8006", ""),
    /** An ITIP with a lot: valid Digital Link, no EPC URN. */
    ITIP_LOT("", "", "8006", "10"),
    PGLN("id", "pgln", "417", "");

    private final String urnForm;
    private final String urnName;
    private final String keyAi;
    private final String qualifierAi;

    Scheme(String urnForm, String urnName, String keyAi, String qualifierAi) {
      this.urnForm = urnForm;
      this.urnName = urnName;
      this.keyAi = keyAi;
      this.qualifierAi = qualifierAi;
    }

    /** "urn:epc:id:sgtin:" and the like; empty for schemes without an EPC URN. */
    public String urnPrefix() {
      return urnForm.isEmpty() ? "" : "urn:epc:" + urnForm + ":" + urnName + ":";
    }

    public boolean hasUrn() {
      return !urnForm.isEmpty();
    }

    /** Application identifier of the key in Digital Link paths (e.g. "01"). */
    public String keyAi() {
      return keyAi;
    }

    /** Application identifier written before the qualifier ("21"), or "" when it is appended. */
    public String qualifierAi() {
      return qualifierAi;
    }
  }
}
