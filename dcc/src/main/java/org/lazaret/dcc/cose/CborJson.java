package org.lazaret.dcc.cose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORNumber;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import com.upokecenter.numbers.EInteger;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.encoding.DecodeException;

/**
 * Converts between the CBOR data model of a DCC payload and JSON. Tags are dropped (SE issuers
 * tag the test sample time with tag 0, a date-time string; the JSON value is the string).
 * Numbers stay exact: integers become the smallest JSON integer node that holds them, floats
 * become exact decimals, and NaN or infinity are rejected because JSON cannot carry them.
 * Byte strings become base64 text; integer map keys become their decimal text.
 */
public final class CborJson {
    /** Nesting bound: a DCC is 4 levels deep; outside input must not exhaust the stack. */
    public static final int DEPTH_MAX = 32;
    /** Largest integer read from CBOR: far beyond any DCC field, small enough to print quickly. */
    public static final int INTEGER_BITS_MAX = 1024;
    private static final JsonNodeFactory NODES = DccJson.nodes();

    private CborJson() {}

    /** Decodes CBOR bytes (e.g. the test vectors' CBOR field) to JSON. */
    public static JsonNode decode(byte[] cbor) throws DecodeException {
        return toJson(Cbor.decode(cbor, "CBOR"), "$", 0);
    }

    static JsonNode toJson(CBORObject item, String path, int depth) throws DecodeException {
        if (depth > DEPTH_MAX) {
            throw new DecodeException(path + " nests deeper than " + DEPTH_MAX + " levels");
        }
        // Bignums and decimal fractions (tags 2 to 5) are numbers only with their tags.
        if (item.isNumber()) {
            return number(item.AsNumber(), path);
        }
        CBORObject value = item.isTagged() ? item.Untag() : item;
        if (value.isNumber()) {
            return number(value.AsNumber(), path);
        }
        return switch (value.getType()) {
            case Integer, Number, FloatingPoint -> number(value.AsNumber(), path);
            case Boolean -> NODES.booleanNode(value.isTrue());
            case SimpleValue -> {
                if (value.isNull() || value.isUndefined()) {
                    yield NODES.nullNode();
                }
                throw new DecodeException(path + " is CBOR simple value " + value.getSimpleValue());
            }
            case ByteString -> NODES.textNode(Base64.getEncoder().encodeToString(value.GetByteString()));
            case TextString -> NODES.textNode(value.AsString());
            case Array -> {
                ArrayNode array = NODES.arrayNode(value.size());
                for (int i = 0; i < value.size(); i++) {
                    array.add(toJson(value.get(i), path + "[" + i + "]", depth + 1));
                }
                yield array;
            }
            case Map -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<CBORObject, CBORObject> entry : value.getEntries()) {
                    String key = key(entry.getKey(), path);
                    if (object.has(key)) {
                        throw new DecodeException(path + " has key '" + key + "' twice");
                    }
                    object.set(key, toJson(entry.getValue(), path + "." + key, depth + 1));
                }
                yield object;
            }
        };
    }

    private static JsonNode integer(EInteger value) {
        if (value.CanFitInInt32()) {
            return NODES.numberNode(value.ToInt32Checked());
        }
        if (value.CanFitInInt64()) {
            return NODES.numberNode(value.ToInt64Checked());
        }
        return NODES.numberNode(new BigInteger(value.toString()));
    }

    /**
     * Plain integers, bignums up to {@link #INTEGER_BITS_MAX} bits and binary floats are read;
     * decimal fractions, bigfloats and rationals (tags 4, 5, 30) are refused: no DCC uses them,
     * and their exponents could make an exact conversion arbitrarily large.
     */
    private static JsonNode number(CBORNumber number, String path) throws DecodeException {
        return switch (number.getKind()) {
            case Integer, EInteger -> {
                EInteger value = number.ToEInteger();
                if (value.GetSignedBitLengthAsInt64() > INTEGER_BITS_MAX) {
                    throw new DecodeException(path + " is an integer of more than " + INTEGER_BITS_MAX + " bits");
                }
                yield integer(value);
            }
            case Double -> {
                if (!number.IsFinite()) {
                    throw new DecodeException(path + " is a non-finite number, which JSON cannot hold");
                }
                BigDecimal exact = new BigDecimal(number.ToEDecimal().toString());
                yield number.IsInteger() ? integer(EInteger.FromString(exact.toBigIntegerExact().toString()))
                        : NODES.numberNode(exact);
            }
            case EDecimal, EFloat, ERational -> throw new DecodeException(path
                    + " is a decimal fraction, bigfloat or rational, which a DCC never holds");
        };
    }

    private static String key(CBORObject key, String path) throws DecodeException {
        CBORObject plain = key.isTagged() ? key.Untag() : key;
        if (plain.getType() == CBORType.TextString) {
            return plain.AsString();
        }
        if (plain.getType() == CBORType.Integer) {
            return plain.AsEIntegerValue().toString();
        }
        throw new DecodeException(path + " has a " + Cbor.describe(key) + " as map key");
    }

    /** Converts a JSON tree (a DCC to issue) to CBOR: object keys as text, numbers exact. */
    public static CBORObject fromJson(JsonNode node) {
        return fromJson(node, "$", 0);
    }

    private static CBORObject fromJson(JsonNode node, String path, int depth) {
        if (depth > DEPTH_MAX) {
            throw new IllegalArgumentException(path + " nests deeper than " + DEPTH_MAX + " levels");
        }
        return switch (node.getNodeType()) {
            case OBJECT -> {
                CBORObject map = CBORObject.NewMap();
                Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
                while (fields.hasNext()) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    map.Add(field.getKey(), fromJson(field.getValue(), path + "." + field.getKey(), depth + 1));
                }
                yield map;
            }
            case ARRAY -> {
                CBORObject array = CBORObject.NewArray();
                for (int i = 0; i < node.size(); i++) {
                    array.Add(fromJson(node.get(i), path + "[" + i + "]", depth + 1));
                }
                yield array;
            }
            case STRING -> CBORObject.FromObject(node.textValue());
            case BOOLEAN -> CBORObject.FromObject(node.booleanValue());
            case NULL -> CBORObject.Null;
            case NUMBER -> number(node, path);
            case BINARY, MISSING, POJO -> throw new IllegalArgumentException(
                    path + " is a " + node.getNodeType() + " node, which a DCC cannot hold");
        };
    }

    private static CBORObject number(JsonNode node, String path) {
        BigDecimal value = node.decimalValue().stripTrailingZeros();
        if (value.scale() > 0) {
            throw new IllegalArgumentException(path + " is the fraction " + node.asText()
                    + "; a DCC holds integers only");
        }
        return CBORObject.FromObject(EInteger.FromString(value.toBigIntegerExact().toString()));
    }
}
