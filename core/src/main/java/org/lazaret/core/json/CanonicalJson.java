package org.lazaret.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.lazaret.core.Limits;

/**
 * JSON with exactly one byte sequence per value, for everything that is hashed or signed:
 * transaction arguments, state values and event data. Object keys are sorted, there is no
 * whitespace, duplicate keys are refused and numbers must be integers — fractions would bring
 * floating point into contract execution, which must be deterministic.
 */
public final class CanonicalJson {
  private static final ObjectMapper MAPPER = mapper();

  private CanonicalJson() {}

  private static ObjectMapper mapper() {
    JsonFactory f =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(Limits.JSON_DEPTH_MAX)
                    .maxNumberLength(100)
                    // Proof files carry a whole transaction or state value in hex: twice its bytes.
                    .maxStringLength(2 * Math.max(Limits.TX_SIZE_BYTES_MAX, Limits.STATE_VALUE_BYTES_MAX))
                    .build())
            .build();
    f.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    ObjectMapper m = new ObjectMapper(f);
    m.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    m.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    return m;
  }

  /** The shared node factory, so that modules build values without their own mapper. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /**
   * Parses outside JSON, refusing anything that cannot be canonical.
   *
   * @throws IllegalArgumentException naming {@code field} and the reason
   */
  public static JsonNode parse(String field, String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(field + ": not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException(field + ": empty");
    }
    checkNumbers(field, node);
    return node;
  }

  public static JsonNode parse(String field, byte[] json) {
    // Most state values are a bare integer (a balance, a nonce): read without a parser.
    JsonNode integer = integerLiteral(json);
    if (integer != null) {
      return integer;
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (IOException e) {
      // Invalid UTF-8 lands here too: canonical JSON bytes are UTF-8, so it is refused.
      throw new IllegalArgumentException(field + ": not valid JSON (" + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")");
    }
    if (node == null || node.isMissingNode()) {
      throw new IllegalArgumentException(field + ": empty");
    }
    checkNumbers(field, node);
    return node;
  }

  /**
   * The value of {@code json} when it is exactly a canonical integer that fits a long, typed as
   * the parser would type it (int when it fits); null otherwise, for the parser to decide.
   */
  private static JsonNode integerLiteral(byte[] json) {
    int n = json.length;
    if (n == 0 || n > 18) {
      return null;
    }
    int i = json[0] == '-' ? 1 : 0;
    if (i == n || (json[i] == '0' && n > i + 1)) {
      return null;
    }
    long v = 0;
    for (int k = i; k < n; k++) {
      int d = json[k] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      v = v * 10 + d;
    }
    if (i == 1) {
      v = -v;
    }
    return v == (int) v ? IntNode.valueOf((int) v) : LongNode.valueOf(v);
  }

  private static void checkNumbers(String path, JsonNode node) {
    List<String> at = new ArrayList<>();
    if (!integralOnly(node, at)) {
      StringBuilder p = new StringBuilder(path);
      for (int i = at.size() - 1; i >= 0; i--) {
        p.append(at.get(i));
      }
      throw new IllegalArgumentException(p + ": fractional numbers are not allowed; use an integer or a string");
    }
  }

  /** False at the first fraction, with its path (innermost first) in {@code at}; builds no path otherwise. */
  private static boolean integralOnly(JsonNode node, List<String> at) {
    if (node.isNumber() && !node.isIntegralNumber()) {
      return false;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!integralOnly(e.getValue(), at)) {
          at.add("." + e.getKey());
          return false;
        }
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        if (!integralOnly(node.get(i), at)) {
          at.add("[" + i + "]");
          return false;
        }
      }
    }
    return true;
  }

  public static byte[] encode(JsonNode node) {
    if (node.isInt() || node.isLong()) {
      return Long.toString(node.longValue()).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
      write(g, node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static String encodeToString(JsonNode node) {
    return new String(encode(node), java.nio.charset.StandardCharsets.UTF_8);
  }

  /** True when {@code bytes} is exactly the canonical encoding of the value it holds. */
  public static boolean isCanonical(byte[] bytes) {
    try {
      return java.util.Arrays.equals(encode(parse("json", bytes)), bytes);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void write(JsonGenerator g, JsonNode node) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        keys.sort(null);
        g.writeStartObject();
        for (String k : keys) {
          g.writeFieldName(k);
          write(g, node.get(k));
        }
        g.writeEndObject();
      }
      case ARRAY -> {
        g.writeStartArray();
        for (JsonNode e : node) {
          write(g, e);
        }
        g.writeEndArray();
      }
      case STRING -> g.writeString(node.textValue());
      case NUMBER -> {
        if (!node.isIntegralNumber()) {
          throw new IllegalArgumentException("fractional numbers have no canonical form");
        }
        if (node.isInt() || node.isLong()) {
          g.writeNumber(node.longValue());
        } else {
          g.writeNumber(node.bigIntegerValue());
        }
      }
      case BOOLEAN -> g.writeBoolean(node.booleanValue());
      case NULL -> g.writeNull();
      default -> throw new IllegalArgumentException("JSON node type " + node.getNodeType() + " has no canonical form");
    }
  }
}
