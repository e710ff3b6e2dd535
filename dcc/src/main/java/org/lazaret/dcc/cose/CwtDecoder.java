package org.lazaret.dcc.cose;

import com.fasterxml.jackson.databind.JsonNode;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;
import org.lazaret.dcc.encoding.DecodeException;

/**
 * Reads the CWT claims a DCC carries. Times are NumericDate: integer seconds, or (as the
 * Spanish issuers write them) floating-point seconds, which are converted exactly and rounded
 * down to the nanosecond, never through double arithmetic.
 */
public final class CwtDecoder {
    static final int CLAIM_ISSUER = 1;
    static final int CLAIM_EXPIRES = 4;
    static final int CLAIM_ISSUED_AT = 6;
    static final int CLAIM_HCERT = -260;
    static final int HCERT_EU_DCC = 1;

    private CwtDecoder() {}

    public static CwtClaims decode(byte[] payload) throws DecodeException {
        CBORObject claims = Cbor.decode(payload, "CWT payload");
        if (!Cbor.is(claims, CBORType.Map)) {
            throw new DecodeException("CWT payload must be a map, found " + Cbor.describe(claims));
        }
        Optional<String> issuer = Optional.empty();
        CBORObject iss = claims.get(CBORObject.FromObject(CLAIM_ISSUER));
        if (iss != null) {
            if (!Cbor.is(iss, CBORType.TextString)) {
                throw new DecodeException("claim 1 (iss) must be a text string, found " + Cbor.describe(iss));
            }
            issuer = Optional.of(iss.AsString());
        }
        Optional<Instant> expiresAt = time(claims, CLAIM_EXPIRES, "exp");
        Optional<Instant> issuedAt = time(claims, CLAIM_ISSUED_AT, "iat");
        CBORObject hcert = claims.get(CBORObject.FromObject(CLAIM_HCERT));
        if (hcert == null) {
            throw new DecodeException("claim -260 (hcert) is missing");
        }
        if (!Cbor.is(hcert, CBORType.Map)) {
            throw new DecodeException("claim -260 (hcert) must be a map, found " + Cbor.describe(hcert));
        }
        CBORObject dcc = hcert.get(CBORObject.FromObject(HCERT_EU_DCC));
        if (dcc == null) {
            throw new DecodeException("claim -260 (hcert) has no key 1 (EU DCC)");
        }
        if (!Cbor.is(dcc, CBORType.Map)) {
            throw new DecodeException("claim -260 key 1 (EU DCC) must be a map, found " + Cbor.describe(dcc));
        }
        JsonNode json = CborJson.toJson(dcc, "dcc", 0);
        return new CwtClaims(issuer, issuedAt, expiresAt, json);
    }

    private static Optional<Instant> time(CBORObject claims, int label, String name) throws DecodeException {
        CBORObject item = claims.get(CBORObject.FromObject(label));
        if (item == null) {
            return Optional.empty();
        }
        String where = "claim " + label + " (" + name + ")";
        CBORObject value = item.isTagged() && item.HasOneTag(1) ? item.UntagOne() : item;
        if (!Cbor.is(value, CBORType.Integer) && !Cbor.is(value, CBORType.FloatingPoint)) {
            throw new DecodeException(where + " must be a number, found " + Cbor.describe(item));
        }
        if (!value.AsNumber().IsFinite()) {
            throw new DecodeException(where + " is not finite");
        }
        BigDecimal seconds = new BigDecimal(value.AsNumber().ToEDecimal().toString());
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        try {
            long epochSeconds = whole.longValueExact();
            int nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.FLOOR).intValueExact();
            return Optional.of(Instant.ofEpochSecond(epochSeconds, nanos));
        } catch (ArithmeticException | DateTimeException e) {
            throw new DecodeException(where + " " + seconds.toPlainString() + " s is out of range");
        }
    }
}
