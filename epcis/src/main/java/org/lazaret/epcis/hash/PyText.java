package org.lazaret.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * Text rules of the CBV 2.0 event hash that the published test vectors fix by the behaviour of the
 * reference implementation (a Python program): how a JSON scalar becomes text, which characters
 * count as surrounding whitespace, how a numeric value is written ("1" not "1.0", "1e-05" for very
 * small values), and the order in which strings sort (by Unicode code point, which is also UTF-8
 * byte order). Keeping them in one place makes each deliberate quirk visible and testable. Pure
 * functions; no floating point leaks out except through the exact digit string of a double.
 */
final class PyText {
  /** Sort order of the pre-hash algorithm: code point by code point, not UTF-16 unit. */
  static final Comparator<String> CODE_POINT_ORDER = PyText::compareCodePoints;

  private static final Pattern DIGITS = Pattern.compile("\\d(?:_?\\d)*");
  private static final Pattern FLOAT_SYNTAX =
      Pattern.compile(
          "[+-]?(?:"
              + DIGITS.pattern()
              + "(?:\\.(?:"
              + DIGITS.pattern()
              + ")?)?|\\."
              + DIGITS.pattern()
              + ")(?:[eE][+-]?"
              + DIGITS.pattern()
              + ")?");
  private static final Pattern NAN = Pattern.compile("[+-]?nan", Pattern.CASE_INSENSITIVE);
  private static final Pattern INFINITY =
      Pattern.compile("[+-]?inf(?:inity)?", Pattern.CASE_INSENSITIVE);

  private PyText() {}

  /**
   * The text of a JSON scalar as the reference reads it: strings as they are, integers exactly,
   * decimals as the shortest text of the nearest double, booleans as "True"/"False", null as
   * "None".
   */
  static String scalar(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue() ? "True" : "False";
    }
    if (node.isNull()) {
      return "None";
    }
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue().toString();
    }
    if (node.isNumber()) {
      double value = node.decimalValue().doubleValue();
      return Double.isFinite(value) ? repr(value) : (value > 0 ? "inf" : "-inf");
    }
    return node.toString();
  }

  /**
   * A numeric value rewritten without trailing zeros: integral values as exact integers, others as
   * the shortest decimal that reads back to the same double. Text that is not a number, or is NaN
   * or infinite, is returned unchanged.
   */
  static String numeric(String text) {
    String candidate = asciiDigits(strip(text));
    if (NAN.matcher(candidate).matches() || INFINITY.matcher(candidate).matches()) {
      return text;
    }
    if (!FLOAT_SYNTAX.matcher(candidate).matches()) {
      return text;
    }
    double value = Double.parseDouble(candidate.replace("_", ""));
    if (Double.isInfinite(value)) {
      return text;
    }
    if (value == Math.rint(value)) {
      return new BigDecimal(value).toBigInteger().toString();
    }
    return repr(value);
  }

  /** Python's {@code repr} of a finite double: fixed notation for exponents -4..15, else 1e-05. */
  static String repr(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e16) {
      return new BigDecimal(value).toBigInteger() + ".0";
    }
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - shortest.scale();
    String sign = value < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = shortest.abs().toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String power = String.format("%02d", Math.abs(exponent));
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + power;
  }

  /** Removes leading and trailing whitespace as Python's {@code str.strip()} defines it. */
  static String strip(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && isSpace(text.charAt(start))) {
      start++;
    }
    while (end > start && isSpace(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Python's float() accepts any Unicode decimal digit; map them to ASCII before parsing. */
  private static String asciiDigits(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            cp -> {
              if (cp > 0x7f && Character.getType(cp) == Character.DECIMAL_DIGIT_NUMBER) {
                out.append((char) ('0' + Character.digit(cp, 10)));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }
}
