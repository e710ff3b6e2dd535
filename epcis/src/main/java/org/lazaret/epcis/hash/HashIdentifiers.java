package org.lazaret.epcis.hash;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lazaret.epcis.gs1.CheckDigit;

/**
 * The identifier rule of the event hash: every EPC URN, EPC class URN, EPC pattern URN and GS1
 * Digital Link URI in an event is written as a constrained canonical Digital Link URI on id.gs1.org
 * (the README's steps 3 and 4). The hidden vectors were produced by the reference implementation,
 * so this class reproduces its acceptance rules exactly — including the ones that look accidental:
 * EPC escapes such as %22 are kept as they are while ! ( ) * + , : are percent-encoded; a URN is
 * read at the fixed character offsets of its scheme; a Digital Link whose result contains
 * characters outside the GS1 AI set (such as %) is not rewritten at all. The general, strict
 * conversion for the rest of Lazaret is {@link org.lazaret.epcis.Identifiers}; the two agree on
 * well-formed identifiers.
 */
final class HashIdentifiers {
  private static final String ESC =
      "(?:%2[125-9A-Fa-f]|%3[0-9A-Fa-f]|%4[1-9A-Fa-f]|%5[0-9AaFf]|%6[1-9A-Fa-f]|%7[0-9Aa]"
          + "|[!')(*+,.0-9:;=A-Za-z_-])";
  private static final String CPI_ESC = "(?:%2[3dfDF]|%3[0-9]|%4[1-9A-Fa-f]|%5[0-9Aa]|[0-9A-Z-])";
  private static final String AI_CHAR =
      "[\\x22\\x27\\x2D\\x2E\\x30-\\x39\\x3B-\\x3F\\x41-\\x5A\\x5F\\x61-\\x7A]";
  private static final String AI_CHAR_OR_SLASH =
      "[\\x2F\\x22\\x27\\x2D\\x2E\\x30-\\x39\\x3B-\\x3F\\x41-\\x5A\\x5F\\x61-\\x7A]";
  private static final String CPI_CHAR = "[\\x23\\x2D\\x2F\\x30-\\x39\\x41-\\x5A]";
  private static final String DL = "https://id.gs1.org/";

  /** As in the reference, the dots of the host name match any character. */
  private static final String ORG = "https://id.gs1.org/";

  /** One URN scheme: its full pattern and how the URI is built from the matching text. */
  private record UrnRule(Pattern pattern, BiFunction<String, Integer, String> build) {}

  private static final List<UrnRule> URN_RULES =
      List.of(
          rule(
              "urn:epc:id:sgtin:(" + split(13) + ")\\." + ESC + "{1,20}",
              (u, p) -> gtinUri(u, 17, p) + "/21/" + encode(from(u, 32))),
          rule(
              "urn:epc:id:sscc:(" + split(17) + ")",
              (u, p) -> {
                String raw = slice(u, p + 1, p + 2) + slice(u, 16, p) + from(u, p + 2);
                return DL + "00/" + raw + CheckDigit.of(raw);
              }),
          rule(
              "urn:epc:id:sgln:(" + split(12) + "|\\d{12}\\.)\\." + ESC + "{1,20}",
              (u, p) -> {
                String extension = from(u, 30);
                String gln = twelve(u, 16, p);
                return DL
                    + "414/"
                    + gln
                    + CheckDigit.of(gln)
                    + (extension.equals("0") ? "" : "/254/" + encode(extension));
              }),
          rule(
              "urn:epc:id:grai:(" + split(12) + "|\\d{12}\\.\\.)\\." + ESC + "{1,16}",
              (u, p) -> {
                String raw = "0" + twelve(u, 16, p);
                return DL + "8003/" + raw + CheckDigit.of(raw) + encode(from(u, 30));
              }),
          rule(
              "urn:epc:id:giai:(" + variable(ESC, 30) + ")",
              (u, p) -> DL + "8004/" + slice(u, 16, p) + encode(from(u, p + 1))),
          rule(
              "urn:epc:id:gsrn:(" + split(17) + ")",
              (u, p) -> {
                String raw = slice(u, 16, p) + from(u, p + 1);
                return DL + "8018/" + raw + CheckDigit.of(raw);
              }),
          rule(
              "urn:epc:id:gsrnp:(" + split(17) + ")",
              (u, p) -> {
                String raw = slice(u, 17, p) + from(u, p + 1);
                return DL + "8017/" + raw + CheckDigit.of(raw);
              }),
          rule(
              "urn:epc:id:gdti:(" + split(12) + "|\\d{12}\\.\\.)" + ESC + "{1,20}",
              (u, p) -> {
                String raw = twelve(u, 16, p);
                return DL + "253/" + raw + CheckDigit.of(raw) + encode(from(u, 30));
              }),
          rule(
              "urn:epc:id:cpi:(" + variable(CPI_ESC, 30) + ")\\.\\d{1,12}",
              (u, p) -> {
                int last = u.lastIndexOf('.');
                return DL
                    + "8010/"
                    + encode(slice(u, 15, p) + slice(u, p + 1, last))
                    + "/8011/"
                    + from(u, last + 1);
              }),
          rule(
              "urn:epc:id:sgcn:(" + split(12) + "|\\d{12}\\.)\\.\\d{1,12}",
              (u, p) -> {
                String raw = twelve(u, 16, p);
                return DL + "255/" + raw + CheckDigit.of(raw) + from(u, 30);
              }),
          rule(
              "urn:epc:id:ginc:(" + variable(ESC, 30) + ")",
              (u, p) -> DL + "401/" + slice(u, 16, p) + encode(from(u, p + 1))),
          rule(
              "urn:epc:id:gsin:(" + split(16) + ")",
              (u, p) -> {
                String raw = slice(u, 16, p) + from(u, p + 1);
                return DL + "402/" + raw + CheckDigit.of(raw);
              }),
          rule(
              "urn:epc:id:itip:(" + split(13) + ")\\.\\d{2}\\.\\d{2}\\." + ESC + "{1,20}",
              (u, p) ->
                  itipUri(u, 16, p)
                      + slice(u, 31, 33)
                      + slice(u, 34, 36)
                      + "/21/"
                      + encode(from(u, 37))),
          rule(
              "urn:epc:id:upui:(" + split(13) + ")\\." + ESC + "{1,28}",
              (u, p) -> gtinUri(u, 16, p) + "/235/" + encode(from(u, 31))),
          rule(
              "urn:epc:id:pgln:(" + split(12) + "|\\d{12}\\.)",
              (u, p) -> {
                String raw = twelve(u, 16, p);
                return DL + "417/" + raw + CheckDigit.of(raw);
              }),
          rule(
              "urn:epc:class:lgtin:(" + split(13) + ")\\." + ESC + "{1,20}",
              (u, p) -> gtinUri(u, 20, p) + "/10/" + encode(from(u, 35))),
          rule("urn:epc:idpat:sgtin:(" + split(13) + ")\\.\\*", (u, p) -> gtinUri(u, 20, p)),
          rule(
              "urn:epc:idpat:grai:(" + split(12) + "|\\d{12}\\.\\.)\\.\\*",
              (u, p) -> {
                String raw = "0" + twelve(u, 19, p);
                return DL + "8003/" + raw + CheckDigit.of(raw);
              }),
          rule(
              "urn:epc:idpat:gdti:(" + split(12) + "|\\d{12}\\.\\.)\\.\\*",
              (u, p) -> {
                String raw = twelve(u, 19, p);
                return DL + "253/" + raw + CheckDigit.of(raw);
              }),
          rule(
              "urn:epc:idpat:sgcn:(" + split(12) + "|\\d{12}\\.\\.)\\.\\*",
              (u, p) -> {
                String raw = twelve(u, 19, p);
                return DL + "255/" + raw + CheckDigit.of(raw);
              }),
          rule(
              "urn:epc:idpat:cpi:(" + variable(CPI_ESC, 30) + ")\\.\\*",
              (u, p) ->
                  DL + "8010/" + encode(slice(u, 18, p) + slice(u, p + 1, u.lastIndexOf('.')))),
          rule(
              "urn:epc:idpat:itip:(" + split(13) + ")\\.\\d{2}\\.\\d{2}\\.\\*",
              (u, p) -> itipUri(u, 19, p) + slice(u, 34, 36) + slice(u, 37, 39)),
          rule("urn:epc:idpat:upui:(" + split(13) + ")\\.\\*", (u, p) -> gtinUri(u, 19, p)));

  private static final Pattern DIGITAL_LINK =
      Pattern.compile(
          "https?:(//((([^/?#]*)@)?([^/?#:]*)(:([^/?#]*))?))?((([^?#]*)(/(01|gtin|8006|itip|8010"
              + "|cpid|414|gln|417|party|8017|gsrnp|8018|gsrn|255|gcn|00|sscc|253|gdti|401|ginc"
              + "|402|gsin|8003|grai|8004|giai)/)(\\d{4}[^/]+)(/[^/]+/[^/]+)?/?(\\?([^?\\n]*))?"
              + "(#([^\\n]*))?)|(/[A-Za-z_-]{10}$))");
  private static final Pattern CANONICAL_HOST =
      Pattern.compile(
          ORG
              + "(01|8006|8010|414|417|8017|8018|255|00|253|401|402|8003|8004)/(\\d{4}[^/]+)"
              + "(/[^/]+/[^/]+)?/?(\\?([^?\\n]*))?(#([^\\n]*))?|(/[A-Za-z_-]{10}$)");
  private static final List<String> SHORT_NAMES =
      List.of(
          "gtin", "01", "itip", "8006", "cpid", "8010", "gln", "414", "party", "417", "gsrnp",
          "8017", "gsrn", "8018", "gcn", "255", "sscc", "00", "gdti", "253", "ginc", "401", "gsin",
          "402", "grai", "8003", "giai", "8004", "cpv", "22", "lot", "10", "ser", "21");
  private static final List<String> KEY_SEARCH_ORDER =
      List.of(
          "00", "01", "253", "255", "401", "402", "414", "417", "8003", "8004", "8006", "8010",
          "8017", "8018");
  private static final Pattern CPV_ALONE =
      Pattern.compile(ORG + "(8006/\\d{18}|01/\\d{14})/22/(" + AI_CHAR + "{0,20})");
  private static final Pattern CPV_THEN_MORE =
      Pattern.compile(ORG + "(8006/\\d{18}|01/\\d{14})/22/(" + AI_CHAR_OR_SLASH + "{0,20})");
  private static final Pattern LOT_AND_SERIAL =
      Pattern.compile(
          ORG + "(8006/\\d{18}|01/\\d{14})/10/" + AI_CHAR + "{0,20}/21/" + AI_CHAR + "{0,20}");
  private static final List<Pattern> RESULT_FORMS =
      List.of(
              "00/\\d{18}",
              "01/\\d{14}/21/" + AI_CHAR + "{0,20}",
              "01/\\d{14}/10/" + AI_CHAR + "{0,20}",
              "01/\\d{14}",
              "01/\\d{14}/235/" + AI_CHAR + "{0,28}",
              "253/\\d{13}" + AI_CHAR + "{0,17}",
              "255/\\d{13}\\d{0,12}",
              "401/" + AI_CHAR + "{0,30}",
              "402/\\d{17}",
              "414/\\d{13}",
              "414/\\d{13}/254/" + AI_CHAR + "{0,20}",
              "417/\\d{13}",
              "8003/\\d{14}" + AI_CHAR + "{0,16}",
              "8004/" + AI_CHAR + "{0,30}",
              "8006/\\d{18}/21/" + AI_CHAR + "{0,20}",
              "8006/\\d{18}/10/" + AI_CHAR + "{0,20}",
              "8006/\\d{18}",
              "8010/" + CPI_CHAR + "{0,30}/8011/\\d{0,12}",
              "8010/" + CPI_CHAR + "{0,30}",
              "8017/\\d{18}",
              "8018/\\d{18}")
          .stream()
          .map(form -> Pattern.compile(ORG + form))
          .toList();

  private HashIdentifiers() {}

  /** The canonical Digital Link of {@code value}, or empty when it is not a GS1 identifier. */
  static Optional<String> canonical(String value) {
    int partition = value.indexOf('.');
    if (partition < 0) {
      return Optional.empty();
    }
    for (UrnRule rule : URN_RULES) {
      if (rule.pattern().matcher(value).matches()) {
        return Optional.of(rule.build().apply(value, partition));
      }
    }
    return digitalLink(value);
  }

  private static Optional<String> digitalLink(String value) {
    if (!DIGITAL_LINK.matcher(value).lookingAt()) {
      return Optional.empty();
    }
    String uri = value.indexOf('?') >= 0 ? value.substring(0, value.indexOf('?')) : value;
    for (int i = 0; i < SHORT_NAMES.size(); i += 2) {
      uri = uri.replace("/" + SHORT_NAMES.get(i) + "/", "/" + SHORT_NAMES.get(i + 1) + "/");
    }
    if (!CANONICAL_HOST.matcher(uri).lookingAt()) {
      for (String key : KEY_SEARCH_ORDER) {
        int at = uri.indexOf("/" + key + "/");
        if (at >= 0) {
          uri = "https://id.gs1.org" + uri.substring(at);
          break;
        }
      }
    }
    uri = padGtin(uri);
    String afterCpv = uri.substring(uri.indexOf("/22/") + 4);
    if (CPV_ALONE.matcher(uri).matches()) {
      uri = uri.substring(0, uri.indexOf("/22/"));
    }
    if (CPV_THEN_MORE.matcher(uri).matches()) {
      int slash = afterCpv.indexOf('/');
      // With no further slash the reference keeps the last character of the CPV (x[-1:]).
      String kept = slash < 0 ? from(afterCpv, afterCpv.length() - 1) : afterCpv.substring(slash);
      uri = uri.substring(0, uri.indexOf("/22/")) + kept;
    }
    if (LOT_AND_SERIAL.matcher(uri).matches()) {
      String afterLot = uri.substring(uri.indexOf("/10/") + 4);
      uri = uri.substring(0, uri.indexOf("/10/")) + afterLot.substring(afterLot.indexOf('/'));
    }
    String result = uri;
    return RESULT_FORMS.stream().anyMatch(p -> p.matcher(result).matches())
        ? Optional.of(result)
        : Optional.empty();
  }

  private static String padGtin(String uri) {
    if (Pattern.compile(ORG + "01/\\d{14}").matcher(uri).lookingAt()) {
      return uri;
    }
    if (Pattern.compile(ORG + "01/\\d{13}").matcher(uri).lookingAt()) {
      return uri.replace("/01/", "/01/0");
    }
    if (Pattern.compile(ORG + "01/\\d{12}").matcher(uri).lookingAt()) {
      return uri.replace("/01/", "/01/00");
    }
    if (Pattern.compile(ORG + "01/\\d{8}").matcher(uri).lookingAt()) {
      return uri.replace("/01/", "/01/000000");
    }
    return uri;
  }

  /** Percent-encodes the characters the reference encodes; EPC escapes pass through unchanged. */
  static String encode(String value) {
    return value
        .replace("!", "%21")
        .replace("(", "%28")
        .replace(")", "%29")
        .replace("*", "%2A")
        .replace("+", "%2B")
        .replace(",", "%2C")
        .replace(":", "%3A");
  }

  private static UrnRule rule(String regex, BiFunction<String, Integer, String> build) {
    return new UrnRule(Pattern.compile(regex), build);
  }

  /**
   * Company prefix of 6..12 digits, a dot, then the rest of {@code total} digits (at least one).
   */
  private static String split(int total) {
    return IntStream.rangeClosed(6, 12)
        .filter(cp -> total - cp >= 1)
        .mapToObj(cp -> "\\d{" + cp + "}\\.\\d{" + (total - cp) + "}")
        .collect(Collectors.joining("|"));
  }

  /**
   * Company prefix of 6..12 digits, a dot, then up to {@code total} minus its length characters.
   */
  private static String variable(String character, int total) {
    return IntStream.rangeClosed(6, 12)
        .mapToObj(cp -> "\\d{" + cp + "}\\." + character + "{1," + (total - cp) + "}")
        .collect(Collectors.joining("|"));
  }

  /** Company prefix plus the following reference, twelve digits in all (GLN, GDTI, GRAI...). */
  private static String twelve(String u, int start, int partition) {
    String prefix = slice(u, start, partition);
    return prefix + slice(u, partition + 1, partition + 1 + (12 - prefix.length()));
  }

  /** id.gs1.org/01/ plus the GTIN-14 rebuilt from company prefix and indicator/item reference. */
  private static String gtinUri(String u, int start, int partition) {
    return DL + "01/" + gtin(u, start, partition);
  }

  private static String itipUri(String u, int start, int partition) {
    return DL + "8006/" + gtin(u, start, partition);
  }

  private static String gtin(String u, int start, int partition) {
    String prefix = slice(u, start, partition);
    String item = slice(u, partition + 1, partition + 1 + (13 - prefix.length()));
    String raw = slice(item, 0, 1) + prefix + from(item, 1);
    return raw + CheckDigit.of(raw);
  }

  /** Python-style slice: out-of-range bounds are clamped instead of thrown. */
  private static String slice(String s, int from, int to) {
    int a = Math.max(0, Math.min(from, s.length()));
    int b = Math.max(a, Math.min(to, s.length()));
    return s.substring(a, b);
  }

  private static String from(String s, int from) {
    return slice(s, from, s.length());
  }
}
