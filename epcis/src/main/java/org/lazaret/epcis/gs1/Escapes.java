package org.lazaret.epcis.gs1;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The character rules of the two spellings. GS1 data (serials, lots, GIAI...) use the 82 characters
 * of the GS1 AI encodable set; CPI uses 39 of them. An EPC URN escapes the seven of them that are
 * not URN characters (" % & / < > ?); a Digital Link path percent-encodes those and also ! ( ) * +
 * , : — the exact set the CBV event hash expects, so the canonical Digital Link of an EPC is the
 * one the event hash uses. Hex digits of escapes are written in upper case.
 */
final class Escapes {
  private static final String AI_SYMBOLS = "!\"%&'()*+,-./:;<=>?_";
  private static final String URN_ESCAPED = "\"%&/<>?";
  private static final String DIGITAL_LINK_ESCAPED = "!\"%&()*+,/:<>?";

  private Escapes() {}

  /** Whether every character is in the GS1 AI encodable character set 82. */
  static boolean isAiText(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(isAlphanumeric(c) || AI_SYMBOLS.indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  /** Whether every character is in the CPI set: digits, capitals, '-', '#' and '/'. */
  static boolean isCpiText(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || c == '-' || c == '#' || c == '/')) {
        return false;
      }
    }
    return true;
  }

  static String urn(String value) {
    return escape(value, URN_ESCAPED + "#");
  }

  static String digitalLink(String value) {
    return escape(value, DIGITAL_LINK_ESCAPED + "#");
  }

  /** Decodes %XX escapes (UTF-8); an incomplete or non-hex escape is an error. */
  static String unescape(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      if (c == '%') {
        if (i + 2 >= value.length()) {
          throw new IllegalArgumentException("incomplete percent escape at position " + i);
        }
        int high = hex(value.charAt(i + 1));
        int low = hex(value.charAt(i + 2));
        if (high < 0 || low < 0) {
          throw new IllegalArgumentException("invalid percent escape at position " + i);
        }
        bytes.write(high * 16 + low);
        i += 3;
      } else {
        byte[] encoded = Character.toString(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
        i += Character.charCount(c);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("percent escapes are not UTF-8", e);
    }
  }

  private static String escape(String value, String escaped) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (escaped.indexOf(c) >= 0) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    return -1;
  }

  private static boolean isAlphanumeric(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}
