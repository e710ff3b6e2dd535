package org.lazaret.epcis;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.lazaret.epcis.gs1.CheckDigit;

/**
 * Random well-formed EPC URNs of every GS1 scheme, with the company prefix length they were written
 * with, for the identifier and hash property tests. Serials use the whole GS1 AI character set,
 * escaped as the EPC Tag Data Standard requires.
 */
final class Gs1Cases {
  /** An EPC URN and the company prefix length used to write it. */
  record Case(String urn, int prefixLength) {}

  private static final String AI_CHARACTERS =
      "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

  private Gs1Cases() {}

  static Arbitrary<Case> all(int prefixLengthMax) {
    return Arbitraries.oneOf(
        List.of(
            gtinBased("urn:epc:id:sgtin:", 20, prefixLengthMax),
            gtinBased("urn:epc:class:lgtin:", 20, prefixLengthMax),
            gtinBased("urn:epc:id:upui:", 28, prefixLengthMax),
            fixed("urn:epc:id:sscc:", 17, prefixLengthMax),
            fixed("urn:epc:id:gsrn:", 17, prefixLengthMax),
            fixed("urn:epc:id:gsrnp:", 17, prefixLengthMax),
            fixed("urn:epc:id:gsin:", 16, prefixLengthMax),
            fixed("urn:epc:id:pgln:", 12, prefixLengthMax),
            withSerial("urn:epc:id:sgln:", serial(20), prefixLengthMax),
            withSerial("urn:epc:id:grai:", serial(16), Math.min(prefixLengthMax, 11)),
            withSerial("urn:epc:id:gdti:", serial(17), prefixLengthMax),
            withSerial(
                "urn:epc:id:sgcn:",
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12),
                prefixLengthMax),
            alphanumeric("urn:epc:id:giai:", prefixLengthMax),
            alphanumeric("urn:epc:id:ginc:", prefixLengthMax),
            itip(prefixLengthMax),
            cpi(prefixLengthMax)));
  }

  static String urnEscape(String raw) {
    StringBuilder out = new StringBuilder();
    for (char c : raw.toCharArray()) {
      out.append("\"%&/<>?".indexOf(c) >= 0 ? String.format("%%%02X", (int) c) : String.valueOf(c));
    }
    return out.toString();
  }

  static Arbitrary<String> serial(int max) {
    return Arbitraries.strings().withChars(AI_CHARACTERS).ofMinLength(1).ofMaxLength(max);
  }

  private static Arbitrary<Integer> prefixLength(int max) {
    return Arbitraries.integers().between(6, max);
  }

  private static Arbitrary<String> digits(int length) {
    return Arbitraries.strings().numeric().ofLength(length);
  }

  /** Company prefix and reference, {@code total} digits together. */
  private static Arbitrary<Case> fixed(String prefix, int total, int max) {
    return prefixLength(max)
        .flatMap(
            cp ->
                digits(total)
                    .map(d -> new Case(prefix + d.substring(0, cp) + "." + d.substring(cp), cp)));
  }

  private static Arbitrary<Case> withSerial(String prefix, Arbitrary<String> serials, int max) {
    return Combinators.combine(fixed(prefix, 12, max), serials)
        .as((c, s) -> new Case(c.urn() + "." + urnEscape(s), c.prefixLength()));
  }

  private static Arbitrary<Case> gtinBased(String prefix, int serialMax, int max) {
    return Combinators.combine(fixed(prefix, 13, max), serial(serialMax))
        .as((c, s) -> new Case(c.urn() + "." + urnEscape(s), c.prefixLength()));
  }

  private static Arbitrary<Case> alphanumeric(String prefix, int max) {
    return prefixLength(max)
        .flatMap(
            cp ->
                Combinators.combine(digits(cp), serial(30 - cp))
                    .as((d, s) -> new Case(prefix + d + "." + urnEscape(s), cp)));
  }

  private static Arbitrary<Case> itip(int max) {
    return Combinators.combine(fixed("urn:epc:id:itip:", 13, max), digits(2), digits(2), serial(20))
        .as(
            (c, piece, total, s) ->
                new Case(
                    c.urn() + "." + piece + "." + total + "." + urnEscape(s), c.prefixLength()));
  }

  private static Arbitrary<Case> cpi(int max) {
    Arbitrary<String> reference =
        Arbitraries.strings()
            .withChars("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-#/")
            .ofMinLength(1)
            .ofMaxLength(18);
    return prefixLength(max)
        .flatMap(
            cp ->
                Combinators.combine(
                        digits(cp),
                        reference,
                        Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(12))
                    .as(
                        (d, r, s) ->
                            new Case(
                                "urn:epc:id:cpi:"
                                    + d
                                    + "."
                                    + r.replace("#", "%23").replace("/", "%2F")
                                    + "."
                                    + s,
                                cp)));
  }

  /** A Digital Link GTIN with a wrong check digit, for rejection tests. */
  static String withWrongCheckDigit(String digits) {
    char right = CheckDigit.of(digits);
    return digits + (char) ('0' + (right - '0' + 1) % 10);
  }
}
