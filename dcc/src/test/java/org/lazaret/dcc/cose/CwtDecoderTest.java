package org.lazaret.dcc.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.encoding.DecodeException;

/** CWT claims: integer and floating-point NumericDates, the hcert claim, and malformed claims. */
class CwtDecoderTest {

    static CBORObject dcc() {
        return CBORObject.NewMap().Add("ver", "1.3.0").Add("dob", "1990")
                .Add("v", CBORObject.NewArray().Add(CBORObject.NewMap().Add("dn", 2).Add("sd", 2)));
    }

    static CBORObject claims(Object exp, Object iat) {
        CBORObject claims = CBORObject.NewMap().Add(1, "AT");
        if (exp != null) {
            claims.Add(4, exp);
        }
        if (iat != null) {
            claims.Add(6, iat);
        }
        return claims.Add(-260, CBORObject.NewMap().Add(1, dcc()));
    }

    @Test
    void readsIssuerTimesAndTheDccAsJson() throws DecodeException {
        CwtClaims claims = CwtDecoder.decode(claims(1_700_000_000L, 1_600_000_000L).EncodeToBytes());
        assertThat(claims.issuer()).contains("AT");
        assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(1_700_000_000L));
        assertThat(claims.issuedAt()).contains(Instant.ofEpochSecond(1_600_000_000L));
        assertThat(claims.dcc().path("v").path(0).path("dn").intValue()).isEqualTo(2);
        assertThat(claims.dcc().path("ver").textValue()).isEqualTo("1.3.0");
    }

    @Test
    void floatingPointTimesAreConvertedExactlyAndRoundedDown() throws DecodeException {
        // 1621844130.76 is not representable: the double is 1621844130.75999999046...
        CwtClaims claims = CwtDecoder.decode(claims(1621844130.76, 1.5).EncodeToBytes());
        assertThat(claims.expiresAt()).contains(Instant.ofEpochSecond(1621844130L, 759_999_990));
        assertThat(claims.issuedAt()).contains(Instant.ofEpochSecond(1, 500_000_000));
    }

    @Test
    void timesAreOptionalHere() throws DecodeException {
        CwtClaims claims = CwtDecoder.decode(claims(null, null).EncodeToBytes());
        assertThat(claims.expiresAt()).isEmpty();
        assertThat(claims.issuedAt()).isEmpty();
    }

    @Test
    void namesEachMalformedClaim() {
        assertThatThrownBy(() -> CwtDecoder.decode(CBORObject.NewArray().EncodeToBytes()))
                .hasMessageContaining("CWT payload must be a map");
        assertThatThrownBy(() -> CwtDecoder.decode(claims("tomorrow", 1).EncodeToBytes()))
                .hasMessageContaining("claim 4 (exp) must be a number, found text string");
        assertThatThrownBy(() -> CwtDecoder.decode(claims(Double.NaN, 1).EncodeToBytes()))
                .hasMessageContaining("claim 4 (exp) is not finite");
        assertThatThrownBy(() -> CwtDecoder.decode(claims(1e300, 1).EncodeToBytes()))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> CwtDecoder.decode(CBORObject.NewMap().Add(1, "AT").EncodeToBytes()))
                .hasMessageContaining("claim -260 (hcert) is missing");
        assertThatThrownBy(() -> CwtDecoder.decode(CBORObject.NewMap().Add(-260, CBORObject.NewMap().Add(1, new byte[3]))
                .EncodeToBytes())).hasMessageContaining("must be a map, found byte string");
        assertThatThrownBy(() -> CwtDecoder.decode(CBORObject.NewMap().Add(1, 7).Add(-260, CBORObject.NewMap())
                .EncodeToBytes())).hasMessageContaining("claim 1 (iss) must be a text string");
    }

    @Test
    void theDccMustBeRepresentableAsJson() {
        CBORObject withNaN = CBORObject.NewMap().Add(-260, CBORObject.NewMap().Add(1, CBORObject.NewMap().Add("x",
                Double.NaN)));
        assertThatThrownBy(() -> CwtDecoder.decode(withNaN.EncodeToBytes())).hasMessageContaining("dcc.x is a non-finite");
        CBORObject deep = CBORObject.NewArray();
        for (int i = 0; i < 40; i++) {
            deep = CBORObject.NewArray().Add(deep);
        }
        CBORObject nested = CBORObject.NewMap().Add(-260, CBORObject.NewMap().Add(1, CBORObject.NewMap().Add("x", deep)));
        assertThatThrownBy(() -> CwtDecoder.decode(nested.EncodeToBytes())).hasMessageContaining("nests deeper than");
    }
}
