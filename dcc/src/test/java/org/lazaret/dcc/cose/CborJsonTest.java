package org.lazaret.dcc.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.numbers.EInteger;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.encoding.DecodeException;

/** CBOR to JSON and back: tags dropped, numbers exact, keys as text. */
class CborJsonTest {

    @Test
    void dropsTagsAndKeepsNumbersExact() throws DecodeException {
        CBORObject map = CBORObject.NewMap()
                .Add("sc", CBORObject.FromObjectAndTag("2021-06-15T09:50:03Z", 0))
                .Add("big", EInteger.FromString("123456789012345678901234567890"))
                .Add("half", 0.5)
                .Add(7, "seven")
                .Add("bytes", new byte[] {1, 2, 3})
                .Add("nothing", CBORObject.Undefined);
        JsonNode json = CborJson.decode(map.EncodeToBytes());
        assertThat(json.path("sc").textValue()).isEqualTo("2021-06-15T09:50:03Z");
        assertThat(json.path("big").bigIntegerValue()).hasToString("123456789012345678901234567890");
        assertThat(json.path("half").decimalValue()).isEqualByComparingTo(new BigDecimal("0.5"));
        assertThat(json.path("7").textValue()).isEqualTo("seven");
        assertThat(json.path("bytes").textValue()).isEqualTo("AQID");
        assertThat(json.path("nothing").isNull()).isTrue();
    }

    @Test
    void rejectsKeysThatCollideOnceWrittenAsText() {
        CBORObject map = CBORObject.NewMap().Add(1, "a").Add("1", "b");
        assertThatThrownBy(() -> CborJson.decode(map.EncodeToBytes())).hasMessageContaining("has key '1' twice");
    }

    @Test
    void jsonToCborAndBackIsTheIdentityForADcc() throws Exception {
        JsonNode dcc = DccJson.parse("{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\"MUSTER\"},\"dob\":\"1990-01-01\","
                + "\"v\":[{\"dn\":1,\"sd\":2,\"tg\":\"840539006\"}]}");
        assertThat(CborJson.decode(CborJson.fromJson(dcc).EncodeToBytes())).isEqualTo(dcc);
    }

    @Test
    void refusesFractionsWhenIssuing() throws Exception {
        assertThatThrownBy(() -> CborJson.fromJson(DccJson.parse("{\"dn\": 1.5}")))
                .hasMessageContaining("$.dn is the fraction 1.5");
        assertThat(CborJson.fromJson(DccJson.parse("{\"dn\": 2.0}")).get("dn").AsInt32Value()).isEqualTo(2);
    }
}
