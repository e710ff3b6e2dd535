package org.lazaret.epcis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one way this module turns text into a JSON tree, so every entry point reads numbers the same
 * way (decimals as exact {@link java.math.BigDecimal} as written, 0.10 stays 0.10, never through
 * {@code double}), applies the same bounds, and reports malformed input with the same line/column
 * wording. Thread-safe.
 */
final class Json {
  /** EPCIS documents nest a handful of levels; this bounds recursion over hostile input. */
  static final int NESTING_DEPTH_MAX = 200;

  /** Longest single JSON string accepted (an EPCIS value is a URI or short text). */
  static final int STRING_CHARS_MAX = 1 << 20;

  private static final JsonMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(NESTING_DEPTH_MAX)
                          .maxStringLength(STRING_CHARS_MAX)
                          .build())
                  .build())
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .build();

  private Json() {}

  /** Parses one JSON value; malformed text yields an exception naming line and column. */
  static JsonNode read(String text) {
    if (text == null) {
      throw new EpcisFormatException("$", "no document (null)");
    }
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new EpcisFormatException(
            "line 1, column 1", "empty document, expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String position =
          at == null
              ? "unknown position"
              : "line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new EpcisFormatException(position, "malformed JSON: " + e.getOriginalMessage());
    }
  }
}
