package org.lazaret.core.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lazaret.core.Limits;
import org.lazaret.core.TestFixtures;

class CanonicalJsonTest {

  private static String canon(String json) {
    return CanonicalJson.encodeToString(CanonicalJson.parse("t", json));
  }

  @Test
  void sortsKeysAtEveryLevelAndDropsWhitespace() {
    assertThat(canon(" { \"b\" : 1 ,\n \"a\" : { \"z\" : [ 3 , 2 ] , \"y\" : null } } "))
        .isEqualTo("{\"a\":{\"y\":null,\"z\":[3,2]},\"b\":1}");
    ObjectNode o = CanonicalJson.object();
    o.put("zeta", true);
    o.put("alpha", "x");
    o.put("Beta", 2);
    assertThat(CanonicalJson.encodeToString(o)).isEqualTo("{\"Beta\":2,\"alpha\":\"x\",\"zeta\":true}");
  }

  @Test
  void keepsArrayOrderAndLargeIntegers() {
    assertThat(canon("[3,1,2]")).isEqualTo("[3,1,2]");
    assertThat(canon("123456789012345678901234567890")).isEqualTo("123456789012345678901234567890");
    assertThat(canon("-9223372036854775809")).isEqualTo("-9223372036854775809");
  }

  @Test
  void refusesDuplicateKeys() {
    assertThatThrownBy(() -> CanonicalJson.parse("args", "{\"a\":1,\"a\":2}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("args: not valid JSON");
    assertThatThrownBy(() -> CanonicalJson.parse("args", "{\"x\":{\"a\":1,\"a\":1}}")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1e3", "1E3", "1.0", "-0.0", "{\"a\":[1,2.5]}", "{\"a\":{\"b\":1e-2}}", "0.1e1"})
  void refusesFractionsAndExponents(String json) {
    assertThatThrownBy(() -> CanonicalJson.parse("args", json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fractional");
  }

  @Test
  void namesThePathOfAFraction() {
    assertThatThrownBy(() -> CanonicalJson.parse("args", "{\"a\":[1,{\"b\":2.5}]}")).hasMessageStartingWith("args.a[1].b:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{} {}", "{}x", "{}]", "1 2", "\"a\" \"b\"", "[1]]", "{\"a\":1}}"})
  void refusesTrailingTokens(String json) {
    assertThatThrownBy(() -> CanonicalJson.parse("args", json)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\n"})
  void refusesEmptyInput(String json) {
    assertThatThrownBy(() -> CanonicalJson.parse("args", json)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("args:");
  }

  @ParameterizedTest
  @ValueSource(strings = {"{a:1}", "{'a':1}", "[1,]", "{\"a\":01}", "NaN", "Infinity", "+1", "/*c*/{}", "{\"a\":\"\u0001\"}", "tru"})
  void refusesWhatIsNotStrictJson(String json) {
    assertThatThrownBy(() -> CanonicalJson.parse("args", json)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void boundsTheNestingDepth() {
    int max = Limits.JSON_DEPTH_MAX;
    String ok = "[".repeat(max) + "]".repeat(max);
    assertThat(canon(ok)).isEqualTo(ok);
    String deep = "[".repeat(max + 1) + "]".repeat(max + 1);
    assertThatThrownBy(() -> CanonicalJson.parse("args", deep)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("depth");
    String deepObjects = "{\"a\":".repeat(max + 1) + "1" + "}".repeat(max + 1);
    assertThatThrownBy(() -> CanonicalJson.parse("args", deepObjects)).isInstanceOf(IllegalArgumentException.class);
    String veryDeep = "[".repeat(100_000);
    assertThatThrownBy(() -> CanonicalJson.parse("args", veryDeep)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesToEncodeAFraction() {
    assertThatThrownBy(() -> CanonicalJson.encode(JsonNodeFactory.instance.numberNode(new BigDecimal("1.5"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CanonicalJson.encode(JsonNodeFactory.instance.numberNode(1.0))).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{}", "[]", "0", "-1", "\"x\"", "null", "true", "{\"a\":1,\"b\":[true,null,\"é\"]}", "\"\\n\\\"\\\\\"", "\"\\u0000\""})
  void canonicalBytesAreRecognised(String json) {
    assertThat(CanonicalJson.isCanonical(json.getBytes(StandardCharsets.UTF_8))).as(json).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{ }", "{\"b\":1,\"a\":2}", " 1", "1 ", "-0", "\"\\u00e9\"", "\"\\/\"", "[1, 2]", "{\"a\":1.5}", "{\"a\":1,\"a\":1}", "1e2", "",
        "{\"a\":1}\n", "\"\\u000a\""
      })
  void nonCanonicalBytesAreNot(String json) {
    assertThat(CanonicalJson.isCanonical(json.getBytes(StandardCharsets.UTF_8))).as(json).isFalse();
  }

  @Test
  void stringEscapesHaveOneFixedForm() {
    // Jackson's UTF-8 writer: control characters as upper-case six-character escapes (short forms
    // for newline, tab and the like), characters outside the BMP as an escaped surrogate pair,
    // everything else raw UTF-8. Clients in other languages must write exactly this; it differs
    // from RFC 8785 (JCS), which writes non-BMP characters raw.
    JsonNodeFactory f = JsonNodeFactory.instance;
    assertThat(CanonicalJson.encodeToString(f.textNode("\uD83D\uDE00"))).isEqualTo("\"\\uD83D\\uDE00\"");
    assertThat(CanonicalJson.encodeToString(f.textNode("\u001f\n\u0000"))).isEqualTo("\"\\u001F\\n\\u0000\"");
    assertThat(CanonicalJson.encodeToString(f.textNode("é\u007f\u2028/"))).isEqualTo("\"é\u007f\u2028/\"");
    assertThat(CanonicalJson.encodeToString(f.textNode("\uD800"))).isEqualTo("\"\\uD800\"");
    assertThat(CanonicalJson.isCanonical("\"\uD83D\uDE00\"".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(CanonicalJson.isCanonical("\"\\uD83D\\uDE00\"".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(CanonicalJson.isCanonical("\"\\ud83d\\ude00\"".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void keysSortByUtf16CodeUnitsAsJavaStringsDo() {
    ObjectNode o = CanonicalJson.object();
    o.put("\uFFFF", 1);
    o.put("\uD83D\uDE00", 2);
    o.put("a", 3);
    assertThat(CanonicalJson.encodeToString(o)).isEqualTo("{\"a\":3,\"\\uD83D\\uDE00\":2,\"\uFFFF\":1}");
  }

  @Test
  void invalidUtf8IsNotCanonical() {
    assertThat(CanonicalJson.isCanonical(new byte[] {'"', (byte) 0xC3, '"'})).isFalse();
    assertThat(CanonicalJson.isCanonical(new byte[] {'"', (byte) 0xFF, '"'})).isFalse();
  }

  @Provide
  Arbitrary<String> numberish() {
    Arbitrary<String> longs = Arbitraries.longs().map(v -> Long.toString(v));
    Arbitrary<String> shapes = Arbitraries.strings().withChars("-0123456789 .e+").ofMinLength(0).ofMaxLength(21);
    return Arbitraries.oneOf(longs, shapes, Arbitraries.of("0", "-0", "00", "-", "007", "2147483648", "-2147483649", "999999999999999999", "9223372036854775807", "9223372036854775808"));
  }

  @Property(tries = 1000)
  void theBareIntegerShortcutAgreesWithTheParser(@ForAll("numberish") String text) {
    // parse(byte[]) reads bare integers without Jackson; parse(String) always uses Jackson.
    JsonNode viaParser = null;
    String parserError = null;
    try {
      viaParser = CanonicalJson.parse("v", text);
    } catch (IllegalArgumentException e) {
      parserError = e.getMessage();
    }
    if (parserError != null) {
      assertThatThrownBy(() -> CanonicalJson.parse("v", text.getBytes(StandardCharsets.US_ASCII))).isInstanceOf(IllegalArgumentException.class);
    } else {
      JsonNode viaBytes = CanonicalJson.parse("v", text.getBytes(StandardCharsets.US_ASCII));
      assertThat(viaBytes).isEqualTo(viaParser);
      assertThat(viaBytes.getClass()).isEqualTo(viaParser.getClass());
      assertThat(CanonicalJson.encode(viaBytes)).isEqualTo(CanonicalJson.encode(viaParser));
    }
  }

  @Test
  void theFirstFractionIsNamedByItsPath() {
    assertThatThrownBy(() -> CanonicalJson.parse("args", "{\"a\":[1,{\"b\":2.5}]}".getBytes(StandardCharsets.UTF_8)))
        .hasMessageStartingWith("args.a[1].b: fractional numbers are not allowed");
  }

  @Test
  void invalidUtf8IsRefusedNotReplaced() {
    assertThatThrownBy(() -> CanonicalJson.parse("v", new byte[] {'"', (byte) 0xC3, '"'})).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("v: not valid JSON");
  }

  @Provide
  Arbitrary<JsonNode> values() {
    return Arbitraries.randomValue(r -> TestFixtures.randomJson(r, 4));
  }

  @Property(tries = 300)
  void encodingIsAFixedPointOfParsing(@ForAll("values") JsonNode value) {
    byte[] once = CanonicalJson.encode(value);
    byte[] twice = CanonicalJson.encode(CanonicalJson.parse("v", once));
    assertThat(twice).isEqualTo(once);
    assertThat(CanonicalJson.isCanonical(once)).isTrue();
  }

  @Property(tries = 300)
  void whitespaceAndKeyOrderNeverChangeTheCanonicalForm(@ForAll("values") JsonNode value, @ForAll Random r) {
    byte[] canonical = CanonicalJson.encode(value);
    String loose = loosen(value, r);
    assertThat(CanonicalJson.encode(CanonicalJson.parse("v", loose))).isEqualTo(canonical);
    if (!loose.equals(new String(canonical, StandardCharsets.UTF_8))) {
      assertThat(CanonicalJson.isCanonical(loose.getBytes(StandardCharsets.UTF_8))).isFalse();
    }
  }

  /** Writes the value with random whitespace and reversed key order: same value, other bytes. */
  private static String loosen(JsonNode v, Random r) {
    String ws = switch (r.nextInt(4)) {
      case 0 -> "";
      case 1 -> " ";
      case 2 -> "\n\t";
      default -> "  ";
    };
    if (v.isObject()) {
      java.util.List<String> keys = new java.util.ArrayList<>();
      v.fieldNames().forEachRemaining(keys::add);
      java.util.Collections.reverse(keys);
      StringBuilder sb = new StringBuilder("{" + ws);
      for (int i = 0; i < keys.size(); i++) {
        if (i > 0) {
          sb.append(',').append(ws);
        }
        sb.append(CanonicalJson.encodeToString(JsonNodeFactory.instance.textNode(keys.get(i)))).append(ws).append(':').append(ws);
        sb.append(loosen(v.get(keys.get(i)), r));
      }
      return sb.append(ws).append('}').toString();
    }
    if (v.isArray()) {
      StringBuilder sb = new StringBuilder("[" + ws);
      for (int i = 0; i < v.size(); i++) {
        if (i > 0) {
          sb.append(ws).append(',');
        }
        sb.append(loosen(v.get(i), r));
      }
      return sb.append(ws).append(']').toString();
    }
    return ws + CanonicalJson.encodeToString(v) + ws;
  }
}
