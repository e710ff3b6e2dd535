package org.lazaret.core;

import java.util.HexFormat;

/** Lower-case hex, the one text form of bytes used in the API, the CLI and the docs. */
public final class Hex {
  private static final HexFormat FORMAT = HexFormat.of();

  private Hex() {}

  public static String encode(byte[] bytes) {
    return FORMAT.formatHex(bytes);
  }

  /** Decodes hex, naming the field in the error so that callers can pass it straight on. */
  public static byte[] decode(String field, String hex) {
    if (hex.length() % 2 != 0) {
      throw new IllegalArgumentException(field + ": hex has an odd number of digits");
    }
    try {
      return FORMAT.parseHex(hex.toLowerCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": not hex");
    }
  }
}
