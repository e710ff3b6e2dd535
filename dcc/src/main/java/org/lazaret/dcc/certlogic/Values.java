package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lazaret.dcc.DccJson;

/**
 * The value universe of the CertLogic evaluator and its rules, which mirror JavaScript's as far
 * as CertLogic lets them show. A value is one of: a Jackson {@link JsonNode} (data and literals),
 * a {@link DateTime}, a {@code List<Object>} (an evaluated array literal) or a
 * {@code Map<String, Object>} (the context {@code reduce} gives its lambda). Integers are exact
 * ({@link BigInteger}); a JSON number is an integer when it has no fractional part, as in
 * JavaScript. Truthiness is CertLogic's narrow one: some values are neither truthy nor falsy.
 */
final class Values {
    private static final JsonNodeFactory NODES = DccJson.nodes();
    static final int DECIMAL_EXPONENT_MAX = 1100;

    private Values() {}

    /** TRUE for truthy, FALSE for falsy, empty for neither. */
    static Optional<Boolean> boolsiness(Object value) {
        if (value instanceof JsonNode node) {
            return switch (node.getNodeType()) {
                case BOOLEAN -> Optional.of(node.booleanValue());
                case NULL -> Optional.of(false);
                case STRING -> Optional.of(!node.textValue().isEmpty());
                case NUMBER -> Optional.of(node.decimalValue().signum() != 0);
                case ARRAY, OBJECT -> Optional.of(node.size() > 0);
                case BINARY, MISSING, POJO -> Optional.empty();
            };
        }
        if (value instanceof List<?> list) {
            return Optional.of(!list.isEmpty());
        }
        if (value instanceof Map<?, ?> map) {
            return Optional.of(!map.isEmpty());
        }
        return Optional.empty();
    }

    /** The integer this value is (JSON numbers without fractional part), if it is one. */
    static Optional<BigInteger> integer(Object value) {
        if (value instanceof JsonNode node && node.isNumber()) {
            if (node.isIntegralNumber()) {
                return Optional.of(node.bigIntegerValue());
            }
            BigDecimal decimal = node.decimalValue();
            if (!bounded(decimal)) {
                return Optional.empty();
            }
            if (decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0) {
                return Optional.of(decimal.toBigIntegerExact());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether a decimal is within 10^±{@value #DECIMAL_EXPONENT_MAX}, where exact comparison
     * and integer conversion stay cheap. Beyond it (JavaScript would say Infinity or 0) a number
     * is no integer and equals only itself; JSON text like {@code 1e999999999} cannot stall rules.
     */
    static boolean bounded(BigDecimal decimal) {
        long magnitude = (long) decimal.precision() - decimal.scale();
        return decimal.signum() == 0 || (magnitude <= DECIMAL_EXPONENT_MAX && magnitude >= -DECIMAL_EXPONENT_MAX);
    }

    static boolean isNull(Object value) {
        return value instanceof JsonNode node && (node.isNull() || node.isMissingNode());
    }

    static Optional<String> string(Object value) {
        return value instanceof JsonNode node && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    /** The elements of an array value, or empty when the value is not an array. */
    static Optional<List<Object>> elements(Object value) {
        if (value instanceof JsonNode node && node.isArray()) {
            List<Object> elements = new ArrayList<>(node.size());
            node.forEach(elements::add);
            return Optional.of(elements);
        }
        if (value instanceof List<?> list) {
            return Optional.of(new ArrayList<>(list));
        }
        return Optional.empty();
    }

    /**
     * JavaScript's {@code ===}: numbers by value, strings and booleans by content, null equals
     * null; arrays, objects and dates only when they are the very same value.
     */
    static boolean strictEquals(Object left, Object right) {
        if (left instanceof JsonNode l && right instanceof JsonNode r) {
            if (l.isNumber() && r.isNumber()) {
                BigDecimal a = l.decimalValue();
                BigDecimal b = r.decimalValue();
                return bounded(a) && bounded(b) ? a.compareTo(b) == 0 : a.equals(b);
            }
            if (l.isTextual() && r.isTextual()) {
                return l.textValue().equals(r.textValue());
            }
            if (l.isBoolean() && r.isBoolean()) {
                return l.booleanValue() == r.booleanValue();
            }
            if (isNull(l) && isNull(r)) {
                return true;
            }
        }
        return left == right;
    }

    /** {@code data[fragment]} with JavaScript property access on objects, arrays and strings. */
    static Object property(Object container, String fragment) {
        Optional<Integer> index = parseIntPrefix(fragment);
        if (container instanceof JsonNode node) {
            if (node.isObject()) {
                JsonNode found = node.get(index.map(String::valueOf).orElse(fragment));
                return found == null ? NODES.nullNode() : found;
            }
            if (node.isArray()) {
                return index.filter(i -> i >= 0 && i < node.size()).<Object>map(node::get).orElse(NODES.nullNode());
            }
            if (node.isTextual()) {
                String text = node.textValue();
                return index.filter(i -> i >= 0 && i < text.length())
                        .<Object>map(i -> NODES.textNode(String.valueOf(text.charAt(i))))
                        .orElse(NODES.nullNode());
            }
            return NODES.nullNode();
        }
        if (container instanceof Map<?, ?> map) {
            Object found = map.get(index.map(String::valueOf).orElse(fragment));
            return found == null ? NODES.nullNode() : found;
        }
        if (container instanceof List<?> list) {
            return index.filter(i -> i >= 0 && i < list.size()).<Object>map(list::get).orElse(NODES.nullNode());
        }
        return NODES.nullNode();
    }

    /** JavaScript's {@code parseInt(s, 10)} for indices: optional sign and leading digits, else NaN. */
    static Optional<Integer> parseIntPrefix(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        int start = i;
        if (i < text.length() && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            i++;
        }
        int digits = i;
        while (i < text.length() && i - digits < 9 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == digits) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(text.substring(start, i)));
    }

    static JsonNode number(BigInteger value) {
        if (value.bitLength() < 32) {
            return NODES.numberNode(value.intValue());
        }
        if (value.bitLength() < 64) {
            return NODES.numberNode(value.longValue());
        }
        return NODES.numberNode(value);
    }

    /** The JSON form of a value; date-times become ISO-8601 UTC strings with milliseconds. */
    static JsonNode toJson(Object value) {
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof DateTime dateTime) {
            return NODES.textNode(dateTime.toString());
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode(list.size());
            list.forEach(element -> array.add(toJson(element)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, element) -> object.set(String.valueOf(key), toJson(element)));
            return object;
        }
        throw new IllegalStateException("not a CertLogic value: " + value);
    }

    /** A short rendering for error messages (at most 120 characters). */
    static String describe(Object value) {
        String text = value instanceof DateTime ? "date-time " + value : DccJson.write(toJson(value));
        return text.length() <= 120 ? text : text.substring(0, 117) + "...";
    }
}
