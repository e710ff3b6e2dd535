package org.lazaret.epcis.gs1;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lazaret.epcis.gs1.Gs1Identifier.Scheme;

/**
 * Reads and writes EPC pure-identity URNs, EPC class URNs (lgtin) and the class-level EPC pattern
 * URNs (all serials of one GTIN, GRAI, GDTI, GCN, CPI or ITIP), following the EPC Tag Data
 * Standard. Reading checks the digit counts of company prefix and reference; writing needs the
 * company prefix length, which a Digital Link does not carry (see {@link CompanyPrefixLengths}).
 * EPC schemes that are not GS1 keys (gid, usdod, adi, bic, imovn) and other patterns are not
 * recognised: callers keep them as they are.
 */
public final class EpcUrns {
  private static final Pattern URN =
      Pattern.compile("urn:epc:(id|class|idpat):([a-z]+):(.*)", Pattern.DOTALL);

  /** Dot-separated fields of each recognised scheme. */
  private static final Map<String, Integer> FIELDS =
      Map.ofEntries(
          Map.entry("id:sgtin", 3),
          Map.entry("class:lgtin", 3),
          Map.entry("idpat:sgtin", 3),
          Map.entry("idpat:upui", 3),
          Map.entry("id:upui", 3),
          Map.entry("id:sscc", 2),
          Map.entry("id:sgln", 3),
          Map.entry("id:grai", 3),
          Map.entry("idpat:grai", 3),
          Map.entry("id:giai", 2),
          Map.entry("id:gsrn", 2),
          Map.entry("id:gsrnp", 2),
          Map.entry("id:gdti", 3),
          Map.entry("idpat:gdti", 3),
          Map.entry("id:sgcn", 3),
          Map.entry("idpat:sgcn", 3),
          Map.entry("id:cpi", 3),
          Map.entry("idpat:cpi", 3),
          Map.entry("id:ginc", 2),
          Map.entry("id:gsin", 2),
          Map.entry("id:itip", 5),
          Map.entry("idpat:itip", 5),
          Map.entry("id:pgln", 2));

  private EpcUrns() {}

  /**
   * The identifier an EPC URN denotes; empty if {@code urn} is not a GS1-keyed EPC URN.
   *
   * @throws IllegalArgumentException if it is one but malformed (the message says why)
   */
  public static Optional<Gs1Identifier> parse(String urn) {
    Matcher m = URN.matcher(urn);
    if (!m.matches()) {
      return Optional.empty();
    }
    String form = m.group(1);
    String name = m.group(2);
    Integer fields = FIELDS.get(form + ":" + name);
    if (fields == null) {
      return Optional.empty();
    }
    // The last field (serial, lot, reference) may itself contain dots.
    String[] parts = m.group(3).split("\\.", fields);
    try {
      return Optional.ofNullable(read(form, name, parts));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(urn + ": " + e.getMessage(), e);
    }
  }

  private static Gs1Identifier read(String form, String name, String[] parts) {
    boolean pattern = form.equals("idpat");
    if (pattern) {
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].contains("*") != (i == parts.length - 1)) {
          return null; // a pattern over several classes, not one identifier
        }
      }
      if (!parts[parts.length - 1].equals("*")) {
        return null;
      }
    }
    String key = form + ":" + name;
    return switch (key) {
      case "id:sgtin" -> withGtin(Scheme.SGTIN, parts, 20, "serial");
      case "class:lgtin" -> withGtin(Scheme.LGTIN, parts, 20, "lot");
      case "idpat:sgtin", "idpat:upui" -> withGtin(Scheme.GTIN, parts, 0, "");
      case "id:upui" -> withGtin(Scheme.UPUI, parts, 28, "third-party control number");
      case "id:sscc" -> {
        count(parts, 2);
        split(parts, 17);
        String raw = parts[1].charAt(0) + parts[0] + parts[1].substring(1);
        yield new Gs1Identifier(Scheme.SSCC, withCheck(raw), "");
      }
      case "id:sgln" -> {
        count(parts, 3);
        split(parts, 12);
        String extension = text(parts[2], 20, "extension");
        yield new Gs1Identifier(
            Scheme.SGLN, withCheck(parts[0] + parts[1]), extension.equals("0") ? "" : extension);
      }
      case "id:grai", "idpat:grai" -> {
        count(parts, 3);
        split(parts, 12);
        String grai = "0" + withCheck(parts[0] + parts[1]);
        yield pattern
            ? new Gs1Identifier(Scheme.GRAI_TYPE, grai, "")
            : new Gs1Identifier(Scheme.GRAI, grai, text(parts[2], 16, "serial"));
      }
      case "id:giai" -> {
        count(parts, 2);
        prefix(parts[0]);
        yield new Gs1Identifier(
            Scheme.GIAI, parts[0] + text(parts[1], 30 - parts[0].length(), "asset reference"), "");
      }
      case "id:gsrn", "id:gsrnp" -> {
        count(parts, 2);
        split(parts, 17);
        yield new Gs1Identifier(
            name.equals("gsrn") ? Scheme.GSRN : Scheme.GSRNP, withCheck(parts[0] + parts[1]), "");
      }
      case "id:gdti", "idpat:gdti" -> {
        count(parts, 3);
        split(parts, 12);
        String gdti = withCheck(parts[0] + parts[1]);
        yield pattern
            ? new Gs1Identifier(Scheme.GDTI_TYPE, gdti, "")
            : new Gs1Identifier(Scheme.GDTI, gdti, text(parts[2], 17, "serial"));
      }
      case "id:sgcn", "idpat:sgcn" -> {
        count(parts, 3);
        split(parts, 12);
        String gcn = withCheck(parts[0] + parts[1]);
        yield pattern
            ? new Gs1Identifier(Scheme.SGCN_TYPE, gcn, "")
            : new Gs1Identifier(Scheme.SGCN, gcn, digits(parts[2], 1, 12, "serial"));
      }
      case "id:cpi", "idpat:cpi" -> {
        count(parts, 3);
        prefix(parts[0]);
        String reference = Escapes.unescape(parts[1]);
        if (reference.isEmpty()
            || !Escapes.isCpiText(reference)
            || parts[0].length() + reference.length() > 30) {
          throw new IllegalArgumentException(
              "component/part reference must be 1..30 characters of 0-9 A-Z - # / in all");
        }
        yield pattern
            ? new Gs1Identifier(Scheme.CPI_CLASS, parts[0] + reference, "")
            : new Gs1Identifier(
                Scheme.CPI, parts[0] + reference, digits(parts[2], 1, 12, "serial"));
      }
      case "id:ginc" -> {
        count(parts, 2);
        prefix(parts[0]);
        yield new Gs1Identifier(
            Scheme.GINC,
            parts[0] + text(parts[1], 30 - parts[0].length(), "consignment reference"),
            "");
      }
      case "id:gsin" -> {
        count(parts, 2);
        split(parts, 16);
        yield new Gs1Identifier(Scheme.GSIN, withCheck(parts[0] + parts[1]), "");
      }
      case "id:itip", "idpat:itip" -> {
        count(parts, 5);
        String piece = digits(parts[2], 2, 2, "piece");
        String total = digits(parts[3], 2, 2, "total");
        String gtin = gtin(parts);
        yield pattern
            ? new Gs1Identifier(Scheme.ITIP_CLASS, gtin + piece + total, "")
            : new Gs1Identifier(Scheme.ITIP, gtin + piece + total, text(parts[4], 20, "serial"));
      }
      case "id:pgln" -> {
        count(parts, 2);
        split(parts, 12);
        yield new Gs1Identifier(Scheme.PGLN, withCheck(parts[0] + parts[1]), "");
      }
      default -> null;
    };
  }

  /** The EPC URN of {@code id}; empty for schemes that have none (ITIP with lot). */
  public static Optional<String> format(Gs1Identifier id, CompanyPrefixLengths lengths) {
    Scheme scheme = id.scheme();
    if (!scheme.hasUrn()) {
      return Optional.empty();
    }
    String key = id.key();
    String body =
        switch (scheme) {
          case SGTIN, LGTIN, UPUI -> gtinFields(key, lengths) + "." + Escapes.urn(id.qualifier());
          case GTIN -> gtinFields(key, lengths) + ".*";
          case SSCC -> {
            int cp = length(key.substring(1), lengths, 16);
            yield key.substring(1, 1 + cp) + "." + key.charAt(0) + key.substring(1 + cp, 17);
          }
          case SGLN ->
              twelveFields(key, lengths)
                  + "."
                  + (id.qualifier().isEmpty() ? "0" : Escapes.urn(id.qualifier()));
          case GRAI -> twelveFields(key.substring(1), lengths) + "." + Escapes.urn(id.qualifier());
          case GRAI_TYPE -> twelveFields(key.substring(1), lengths) + ".*";
          case GDTI, SGCN -> twelveFields(key, lengths) + "." + Escapes.urn(id.qualifier());
          case GDTI_TYPE, SGCN_TYPE -> twelveFields(key, lengths) + ".*";
          case GIAI, GINC -> {
            int cp = numericPrefix(key, lengths, key.length() - 1);
            yield key.substring(0, cp) + "." + Escapes.urn(key.substring(cp));
          }
          case CPI, CPI_CLASS -> {
            int cp = numericPrefix(key, lengths, key.length() - 1);
            String reference = key.substring(0, cp) + "." + Escapes.urn(key.substring(cp));
            yield reference + "." + (scheme == Scheme.CPI ? id.qualifier() : "*");
          }
          case GSRN, GSRNP -> {
            int cp = length(key, lengths, 16);
            yield key.substring(0, cp) + "." + key.substring(cp, 17);
          }
          case GSIN -> {
            int cp = length(key, lengths, 15);
            yield key.substring(0, cp) + "." + key.substring(cp, 16);
          }
          case ITIP, ITIP_CLASS ->
              gtinFields(key.substring(0, 14), lengths)
                  + "."
                  + key.substring(14, 16)
                  + "."
                  + key.substring(16, 18)
                  + "."
                  + (scheme == Scheme.ITIP ? Escapes.urn(id.qualifier()) : "*");
          case PGLN -> twelveFields(key, lengths);
          case ITIP_LOT -> throw new IllegalStateException("ITIP with lot has no EPC URN");
        };
    return Optional.of(scheme.urnPrefix() + body);
  }

  private static String gtinFields(String gtin, CompanyPrefixLengths lengths) {
    int cp = length(gtin.substring(1), lengths, 12);
    return gtin.substring(1, 1 + cp) + "." + gtin.charAt(0) + gtin.substring(1 + cp, 13);
  }

  /** Company prefix and reference of a 13-digit key (GLN, GDTI, GCN, GRAI without its 0). */
  private static String twelveFields(String key, CompanyPrefixLengths lengths) {
    int cp = length(key, lengths, 12);
    return key.substring(0, cp) + "." + key.substring(cp, 12);
  }

  private static int length(String digits, CompanyPrefixLengths lengths, int max) {
    int cp = lengths.lengthOf(digits);
    if (cp < CompanyPrefixLengths.LENGTH_MIN
        || cp > Math.min(max, CompanyPrefixLengths.LENGTH_MAX)) {
      throw new IllegalArgumentException(
          "company prefix length " + cp + " does not fit key " + digits);
    }
    return cp;
  }

  /**
   * The company prefix of a variable-length key (GIAI, GINC, CPI). Such a key may be shorter, or
   * turn alphanumeric sooner, than the policy's length (urn:epc:id:giai:061414.1 under a 7-digit
   * policy): the split then takes the longest numeric prefix that fits, so that every valid key
   * still has exactly one canonical URN instead of none.
   */
  private static int numericPrefix(String key, CompanyPrefixLengths lengths, int max) {
    int digits = 0;
    while (digits < key.length() && key.charAt(digits) >= '0' && key.charAt(digits) <= '9') {
      digits++;
    }
    int cp = Math.min(lengths.lengthOf(key), Math.min(max, digits));
    if (cp < CompanyPrefixLengths.LENGTH_MIN || cp > CompanyPrefixLengths.LENGTH_MAX) {
      throw new IllegalArgumentException(
          "key " + key + " has no company prefix of " + CompanyPrefixLengths.LENGTH_MIN + " to "
              + CompanyPrefixLengths.LENGTH_MAX + " digits");
    }
    return cp;
  }

  /**
   * Company prefix, indicator and item reference, then a qualifier of up to {@code max} characters.
   */
  private static Gs1Identifier withGtin(Scheme scheme, String[] parts, int max, String field) {
    count(parts, 3);
    String gtin = gtin(parts);
    return new Gs1Identifier(scheme, gtin, max == 0 ? "" : text(parts[2], max, field));
  }

  private static String gtin(String[] parts) {
    split(parts, 13);
    return withCheck(parts[1].charAt(0) + parts[0] + parts[1].substring(1));
  }

  private static void count(String[] parts, int expected) {
    if (parts.length != expected) {
      throw new IllegalArgumentException(
          "expected " + expected + " dot-separated fields, found " + parts.length);
    }
  }

  private static String split(String[] parts, int total) {
    prefix(parts[0]);
    String all = parts[0] + parts[1];
    if (!all.chars().allMatch(c -> c >= '0' && c <= '9') || all.length() != total) {
      throw new IllegalArgumentException(
          "company prefix and reference must be " + total + " digits together");
    }
    return all;
  }

  private static void prefix(String companyPrefix) {
    if (companyPrefix.length() < CompanyPrefixLengths.LENGTH_MIN
        || companyPrefix.length() > CompanyPrefixLengths.LENGTH_MAX
        || !companyPrefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "company prefix must be 6..12 digits, was '" + companyPrefix + "'");
    }
  }

  private static String text(String escaped, int max, String field) {
    String value = Escapes.unescape(escaped);
    if (value.isEmpty() || value.length() > max || !Escapes.isAiText(value)) {
      throw new IllegalArgumentException(field + " must be 1.." + max + " GS1 AI characters");
    }
    return value;
  }

  private static String digits(String value, int min, int max, String field) {
    if (value.length() < min
        || value.length() > max
        || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(field + " must be " + min + ".." + max + " digits");
    }
    return value;
  }

  private static String withCheck(String digits) {
    return digits + CheckDigit.of(digits);
  }
}
