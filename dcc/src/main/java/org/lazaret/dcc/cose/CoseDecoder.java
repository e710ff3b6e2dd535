package org.lazaret.dcc.cose;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.Optional;
import org.lazaret.dcc.Bytes;
import org.lazaret.dcc.encoding.DecodeException;

/**
 * Reads the COSE_Sign1 envelope of a DCC: optionally tagged CWT (61) around optionally tagged
 * COSE_Sign1 (18), then [protected bstr, unprotected map, payload bstr, signature bstr]. It does
 * not look inside the payload (see {@link CwtDecoder}) so that the signature can still be checked
 * when the payload is malformed.
 */
public final class CoseDecoder {
    static final int TAG_CWT = 61;
    static final int TAG_COSE_SIGN1 = 18;
    private static final CBORObject LABEL_ALG = CBORObject.FromObject(1);
    private static final CBORObject LABEL_KID = CBORObject.FromObject(4);

    private CoseDecoder() {}

    public static CoseSign1 decode(byte[] bytes) throws DecodeException {
        CBORObject message = Cbor.decode(bytes, "COSE message");
        message = untag(message);
        if (!Cbor.is(message, CBORType.Array) || message.size() != 4) {
            throw new DecodeException("COSE_Sign1 must be an array of 4, found " + Cbor.describe(message));
        }
        CBORObject protectedItem = message.get(0);
        if (!Cbor.is(protectedItem, CBORType.ByteString)) {
            throw new DecodeException("COSE_Sign1[0] (protected header) must be a byte string, found "
                    + Cbor.describe(protectedItem));
        }
        byte[] protectedBytes = protectedItem.GetByteString();
        CoseHeaders protectedHeaders = protectedBytes.length == 0
                ? CoseHeaders.EMPTY
                : headers(Cbor.decode(protectedBytes, "protected header"), "protected header");
        CoseHeaders unprotectedHeaders = headers(message.get(1), "COSE_Sign1[1] (unprotected header)");
        CBORObject payload = message.get(2);
        if (!Cbor.is(payload, CBORType.ByteString)) {
            throw new DecodeException("COSE_Sign1[2] (payload) must be a byte string, found " + Cbor.describe(payload));
        }
        CBORObject signature = message.get(3);
        if (!Cbor.is(signature, CBORType.ByteString)) {
            throw new DecodeException("COSE_Sign1[3] (signature) must be a byte string, found "
                    + Cbor.describe(signature));
        }
        return new CoseSign1(Bytes.of(protectedBytes), protectedHeaders, unprotectedHeaders,
                Bytes.of(payload.GetByteString()), Bytes.of(signature.GetByteString()));
    }

    private static CBORObject untag(CBORObject message) throws DecodeException {
        CBORObject current = message;
        if (current.isTagged() && current.HasMostOuterTag(TAG_CWT)) {
            current = current.UntagOne();
        }
        if (current.isTagged() && current.HasMostOuterTag(TAG_COSE_SIGN1)) {
            current = current.UntagOne();
        }
        if (current.isTagged()) {
            throw new DecodeException("unexpected CBOR tag " + current.getMostOuterTag()
                    + " (expected 61 CWT and/or 18 COSE_Sign1)");
        }
        return current;
    }

    private static CoseHeaders headers(CBORObject map, String where) throws DecodeException {
        if (!Cbor.is(map, CBORType.Map)) {
            throw new DecodeException(where + " must be a map, found " + Cbor.describe(map));
        }
        Optional<Long> algorithm = Optional.empty();
        CBORObject alg = map.get(LABEL_ALG);
        if (alg != null) {
            if (!Cbor.is(alg, CBORType.Integer) || !alg.CanValueFitInInt64()) {
                throw new DecodeException(where + " alg (label 1) must be an integer, found " + Cbor.describe(alg));
            }
            algorithm = Optional.of(alg.AsInt64Value());
        }
        Optional<Bytes> kid = Optional.empty();
        CBORObject kidItem = map.get(LABEL_KID);
        if (kidItem != null) {
            if (!Cbor.is(kidItem, CBORType.ByteString)) {
                throw new DecodeException(where + " kid (label 4) must be a byte string, found "
                        + Cbor.describe(kidItem));
            }
            kid = Optional.of(Bytes.of(kidItem.GetByteString()));
        }
        return new CoseHeaders(algorithm, kid);
    }
}
