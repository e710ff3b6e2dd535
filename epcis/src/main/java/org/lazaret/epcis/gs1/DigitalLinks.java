package org.lazaret.epcis.gs1;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lazaret.epcis.gs1.Gs1Identifier.Scheme;

/**
 * Reads GS1 Digital Link URIs on any host (https://id.gs1.org/01/..., https://brand.example/
 * shop/01/.../21/...), with numeric application identifiers or the old short names (gtin, ser,
 * lot...), and writes the constrained canonical form the CBV event hash uses: host id.gs1.org, no
 * query or fragment, only the finest level of identification (a serial drops the lot, the consumer
 * product variant is dropped), GTINs padded to 14 digits. Check digits are verified: a wrong one
 * would otherwise silently turn into another item.
 */
public final class DigitalLinks {
  private static final Pattern URI =
      Pattern.compile("(?i:https?)://[^/?#]*(/[^?#]*)?(\\?[^#]*)?(#.*)?", Pattern.DOTALL);
  private static final Map<String, String> SHORT_NAMES =
      Map.ofEntries(
          Map.entry("gtin", "01"),
          Map.entry("itip", "8006"),
          Map.entry("cpid", "8010"),
          Map.entry("gln", "414"),
          Map.entry("party", "417"),
          Map.entry("gsrnp", "8017"),
          Map.entry("gsrn", "8018"),
          Map.entry("gcn", "255"),
          Map.entry("sscc", "00"),
          Map.entry("gdti", "253"),
          Map.entry("ginc", "401"),
          Map.entry("gsin", "402"),
          Map.entry("grai", "8003"),
          Map.entry("giai", "8004"),
          Map.entry("cpv", "22"),
          Map.entry("lot", "10"),
          Map.entry("ser", "21"),
          Map.entry("glnx", "254"));
  private static final Set<String> ALPHANUMERIC_KEYS = Set.of("8004", "401", "8010");
  private static final Map<String, Set<String>> QUALIFIERS =
      Map.ofEntries(
          Map.entry("01", Set.of("22", "10", "21", "235")),
          Map.entry("00", Set.of()),
          Map.entry("414", Set.of("254")),
          Map.entry("417", Set.of()),
          Map.entry("8003", Set.of()),
          Map.entry("8004", Set.of()),
          Map.entry("8017", Set.of()),
          Map.entry("8018", Set.of()),
          Map.entry("253", Set.of()),
          Map.entry("255", Set.of()),
          Map.entry("401", Set.of()),
          Map.entry("402", Set.of()),
          Map.entry("8006", Set.of("22", "10", "21")),
          Map.entry("8010", Set.of("8011")));

  private DigitalLinks() {}

  /**
   * The identifier a Digital Link URI denotes; empty if {@code uri} has no GS1 key path.
   *
   * @throws IllegalArgumentException if it has one but it is malformed (the message says why)
   */
  public static Optional<Gs1Identifier> parse(String uri) {
    Matcher m = URI.matcher(uri);
    if (!m.matches() || m.group(1) == null) {
      return Optional.empty();
    }
    List<String> segments = List.of(m.group(1).substring(1).split("/", -1));
    if (!segments.isEmpty() && segments.getLast().isEmpty()) {
      segments = segments.subList(0, segments.size() - 1);
    }
    for (int i = 0; i + 1 < segments.size(); i++) {
      String ai = ai(segments.get(i));
      if (QUALIFIERS.containsKey(ai) && looksLikeKey(ai, segments.get(i + 1))) {
        try {
          return Optional.of(read(ai, segments.subList(i, segments.size())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(uri + ": " + e.getMessage(), e);
        }
      }
    }
    return Optional.empty();
  }

  /** The canonical Digital Link URI of {@code id}. */
  public static String format(Gs1Identifier id) {
    String key = id.key();
    String qualifier = id.qualifier();
    String path =
        switch (id.scheme()) {
          case SGTIN, LGTIN, UPUI, ITIP, ITIP_LOT, CPI ->
              primary(id)
                  + "/"
                  + id.scheme().qualifierAi()
                  + "/"
                  + (id.scheme() == Scheme.CPI ? qualifier : Escapes.digitalLink(qualifier));
          case SGLN ->
              primary(id) + (qualifier.isEmpty() ? "" : "/254/" + Escapes.digitalLink(qualifier));
          case GRAI, GDTI, SGCN -> primary(id) + Escapes.digitalLink(qualifier);
          case GTIN,
              SSCC,
              GRAI_TYPE,
              GIAI,
              GSRN,
              GSRNP,
              GDTI_TYPE,
              CPI_CLASS,
              SGCN_TYPE,
              GINC,
              GSIN,
              ITIP_CLASS,
              PGLN ->
              primary(id);
        };
    return "https://id.gs1.org" + path;
  }

  private static String primary(Gs1Identifier id) {
    return "/" + id.scheme().keyAi() + "/" + Escapes.digitalLink(id.key());
  }

  private static Gs1Identifier read(String keyAi, List<String> segments) {
    if (segments.size() % 2 != 0) {
      throw new IllegalArgumentException("application identifiers and values must come in pairs");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < segments.size(); i += 2) {
      String ai = ai(segments.get(i));
      if (i > 0 && !QUALIFIERS.get(keyAi).contains(ai)) {
        throw new IllegalArgumentException(
            "application identifier '" + segments.get(i) + "' cannot qualify key " + keyAi);
      }
      if (values.put(ai, Escapes.unescape(segments.get(i + 1))) != null) {
        throw new IllegalArgumentException("application identifier " + ai + " appears twice");
      }
    }
    String key = values.get(keyAi);
    return switch (keyAi) {
      case "01" -> gtinIdentifier(values, gtin(key));
      case "00" -> new Gs1Identifier(Scheme.SSCC, checked(key, 18, "SSCC"), "");
      case "414" -> {
        String extension = values.getOrDefault("254", "");
        text(extension, 0, 20, "GLN extension");
        yield new Gs1Identifier(
            Scheme.SGLN, checked(key, 13, "GLN"), extension.equals("0") ? "" : extension);
      }
      case "417" -> new Gs1Identifier(Scheme.PGLN, checked(key, 13, "party GLN"), "");
      case "8003" -> {
        String digits = key.length() >= 14 ? key.substring(0, 14) : key;
        if (digits.charAt(0) != '0') {
          throw new IllegalArgumentException("a GRAI starts with the digit 0");
        }
        checked(digits.substring(1), 13, "GRAI");
        String serial = text(key.substring(digits.length()), 0, 16, "GRAI serial");
        yield new Gs1Identifier(serial.isEmpty() ? Scheme.GRAI_TYPE : Scheme.GRAI, digits, serial);
      }
      case "8004" -> new Gs1Identifier(Scheme.GIAI, text(key, 1, 30, "GIAI"), "");
      case "401" -> new Gs1Identifier(Scheme.GINC, text(key, 1, 30, "GINC"), "");
      case "8018" -> new Gs1Identifier(Scheme.GSRN, checked(key, 18, "GSRN"), "");
      case "8017" -> new Gs1Identifier(Scheme.GSRNP, checked(key, 18, "GSRN-P"), "");
      case "402" -> new Gs1Identifier(Scheme.GSIN, checked(key, 17, "GSIN"), "");
      case "253" -> {
        String digits = checked(key.substring(0, Math.min(13, key.length())), 13, "GDTI");
        String serial = text(key.substring(13), 0, 17, "GDTI serial");
        yield new Gs1Identifier(serial.isEmpty() ? Scheme.GDTI_TYPE : Scheme.GDTI, digits, serial);
      }
      case "255" -> {
        String digits = checked(key.substring(0, Math.min(13, key.length())), 13, "GCN");
        String serial = key.substring(13);
        if (serial.length() > 12 || !serial.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new IllegalArgumentException("GCN serial must be up to 12 digits");
        }
        yield new Gs1Identifier(serial.isEmpty() ? Scheme.SGCN_TYPE : Scheme.SGCN, digits, serial);
      }
      case "8006" -> itipIdentifier(values, key);
      case "8010" -> {
        if (key.length() > 30 || !Escapes.isCpiText(key)) {
          throw new IllegalArgumentException("CPI must be 1..30 characters of 0-9 A-Z - # /");
        }
        String serial = values.getOrDefault("8011", "");
        if (serial.length() > 12 || !serial.chars().allMatch(c -> c >= '0' && c <= '9')) {
          throw new IllegalArgumentException("CPI serial must be up to 12 digits");
        }
        yield new Gs1Identifier(
            values.containsKey("8011") ? Scheme.CPI : Scheme.CPI_CLASS, key, serial);
      }
      default -> throw new IllegalStateException("no reader for key " + keyAi);
    };
  }

  private static Gs1Identifier gtinIdentifier(Map<String, String> values, String gtin) {
    if (values.containsKey("21") && values.containsKey("235")) {
      throw new IllegalArgumentException(
          "a GTIN has either a serial (21) or a TPX (235), not both");
    }
    if (values.containsKey("21")) {
      return new Gs1Identifier(Scheme.SGTIN, gtin, text(values.get("21"), 1, 20, "serial"));
    }
    if (values.containsKey("235")) {
      return new Gs1Identifier(Scheme.UPUI, gtin, text(values.get("235"), 1, 28, "TPX"));
    }
    if (values.containsKey("10")) {
      return new Gs1Identifier(Scheme.LGTIN, gtin, text(values.get("10"), 1, 20, "lot"));
    }
    return new Gs1Identifier(Scheme.GTIN, gtin, "");
  }

  private static Gs1Identifier itipIdentifier(Map<String, String> values, String key) {
    if (key.length() != 18 || !key.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("ITIP must be 18 digits");
    }
    checked(key.substring(0, 14), 14, "ITIP GTIN");
    if (values.containsKey("21")) {
      return new Gs1Identifier(Scheme.ITIP, key, text(values.get("21"), 1, 20, "serial"));
    }
    if (values.containsKey("10")) {
      return new Gs1Identifier(Scheme.ITIP_LOT, key, text(values.get("10"), 1, 20, "lot"));
    }
    return new Gs1Identifier(Scheme.ITIP_CLASS, key, "");
  }

  /** A GTIN-8, -12, -13 or -14 as GTIN-14, check digit verified. */
  private static String gtin(String value) {
    if (value.length() != 8
        && value.length() != 12
        && value.length() != 13
        && value.length() != 14) {
      throw new IllegalArgumentException(
          "a GTIN has 8, 12, 13 or 14 digits, not " + value.length());
    }
    return checked("0".repeat(14 - value.length()) + value, 14, "GTIN");
  }

  private static String checked(String digits, int length, String what) {
    if (digits.length() != length || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(what + " must be " + length + " digits");
    }
    if (!CheckDigit.isValid(digits)) {
      throw new IllegalArgumentException(
          what
              + " "
              + digits
              + " has a wrong check digit (expected "
              + CheckDigit.of(digits.substring(0, length - 1))
              + ")");
    }
    return digits;
  }

  private static String text(String value, int min, int max, String what) {
    if (value.length() < min || value.length() > max || !Escapes.isAiText(value)) {
      throw new IllegalArgumentException(
          what + " must be " + min + ".." + max + " GS1 AI characters");
    }
    return value;
  }

  private static String ai(String segment) {
    return SHORT_NAMES.getOrDefault(segment.toLowerCase(Locale.ROOT), segment);
  }

  private static boolean looksLikeKey(String ai, String value) {
    if (value.isEmpty()) {
      return false;
    }
    return ALPHANUMERIC_KEYS.contains(ai) || (value.charAt(0) >= '0' && value.charAt(0) <= '9');
  }
}
