package org.lazaret.dcc.cose;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBOREncodeOptions;
import com.upokecenter.cbor.CBORType;
import org.lazaret.dcc.encoding.DecodeException;

/**
 * Strict CBOR decoding of outside input with the upokecenter library: one complete data item,
 * no duplicate map keys, map key order kept. The library signals bad input with several
 * unchecked exception types; they are all turned into a {@link DecodeException} here, at the
 * only place this module hands it untrusted bytes.
 */
final class Cbor {
    private static final CBOREncodeOptions STRICT = new CBOREncodeOptions("allowduplicatekeys=false;keepkeyorder=true");

    private Cbor() {}

    static CBORObject decode(byte[] bytes, String what) throws DecodeException {
        if (bytes.length == 0) {
            throw new DecodeException(what + " is empty");
        }
        try {
            return CBORObject.DecodeFromBytes(bytes, STRICT);
        } catch (CBORException | IllegalArgumentException | IllegalStateException | ArithmeticException
                | IndexOutOfBoundsException | UnsupportedOperationException e) {
            throw new DecodeException(what + " is not well-formed CBOR: " + e.getMessage());
        }
    }

    static String describe(CBORObject object) {
        if (object == null) {
            return "absent";
        }
        String tags = object.isTagged() ? "tagged " : "";
        return tags + switch (object.getType()) {
            case Number -> "number";
            case Boolean -> "boolean";
            case SimpleValue -> object.isNull() ? "null" : object.isUndefined() ? "undefined" : "simple value";
            case ByteString -> "byte string";
            case TextString -> "text string";
            case Array -> "array of " + object.size();
            case Map -> "map of " + object.size();
            case Integer -> "integer";
            case FloatingPoint -> "floating-point number";
        };
    }

    static boolean is(CBORObject object, CBORType type) {
        return object != null && !object.isTagged() && object.getType() == type;
    }
}
