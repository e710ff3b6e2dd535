package org.lazaret.dcc.cose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.Bytes;
import org.lazaret.dcc.encoding.DecodeException;

/** The COSE_Sign1 envelope: the tag forms DCCs use, header lookup, Sig_structure, and malformed input. */
class CoseDecoderTest {
    static final byte[] KID = {1, 2, 3, 4, 5, 6, 7, 8};

    static CBORObject message(CBORObject protectedHeader, CBORObject unprotected) {
        return CBORObject.NewArray()
                .Add(protectedHeader == null ? new byte[0] : protectedHeader.EncodeToBytes())
                .Add(unprotected)
                .Add(new byte[] {(byte) 0xa0})
                .Add(new byte[64]);
    }

    static CBORObject es256WithKid() {
        return CBORObject.NewMap().Add(1, -7).Add(4, KID);
    }

    @Test
    void readsTaggedUntaggedAndCwtTaggedMessagesAlike() throws DecodeException {
        CBORObject plain = message(es256WithKid(), CBORObject.NewMap());
        CoseSign1 untagged = CoseDecoder.decode(plain.EncodeToBytes());
        CoseSign1 tagged = CoseDecoder.decode(CBORObject.FromObjectAndTag(plain, 18).EncodeToBytes());
        CoseSign1 cwt = CoseDecoder.decode(
                CBORObject.FromObjectAndTag(CBORObject.FromObjectAndTag(plain, 18), 61).EncodeToBytes());
        assertThat(tagged).isEqualTo(untagged).isEqualTo(cwt);
        assertThat(untagged.algorithm()).contains(-7L);
        assertThat(untagged.kid()).contains(Bytes.of(KID));
        assertThat(untagged.payload()).isEqualTo(Bytes.ofHex("a0"));
    }

    @Test
    void theProtectedKidWinsOverTheUnprotectedOne() throws DecodeException {
        CBORObject unprotected = CBORObject.NewMap().Add(4, new byte[] {9, 9});
        CoseSign1 both = CoseDecoder.decode(message(es256WithKid(), unprotected).EncodeToBytes());
        assertThat(both.kid()).contains(Bytes.of(KID));
        CoseSign1 onlyUnprotected = CoseDecoder.decode(
                message(CBORObject.NewMap().Add(1, -7), unprotected).EncodeToBytes());
        assertThat(onlyUnprotected.kid()).contains(Bytes.ofHex("0909"));
    }

    @Test
    void anEmptyProtectedHeaderIsAllowedAndAlgMayBeUnprotected() throws DecodeException {
        CoseSign1 cose = CoseDecoder.decode(message(null, CBORObject.NewMap().Add(1, -37)).EncodeToBytes());
        assertThat(cose.protectedBytes().length()).isZero();
        assertThat(cose.algorithm()).contains(-37L);
        assertThat(cose.kid()).isEmpty();
    }

    @Test
    void sigStructureIsTheRfc9052Encoding() throws DecodeException {
        CoseSign1 cose = CoseDecoder.decode(message(CBORObject.NewMap().Add(1, -7), CBORObject.NewMap()).EncodeToBytes());
        // ["Signature1", h'a10126', h'', h'a0']
        assertThat(HexFormat.of().formatHex(cose.toBeSigned()))
                .isEqualTo("846a5369676e61747572653143a10126" + "40" + "41a0");
        assertThat(cose.toBeSigned()).isEqualTo(CBORObject.NewArray().Add("Signature1")
                .Add(CBORObject.NewMap().Add(1, -7).EncodeToBytes()).Add(new byte[0]).Add(new byte[] {(byte) 0xa0})
                .EncodeToBytes());
    }

    @Test
    void namesWhatIsWrongWithAMalformedMessage() {
        assertThatThrownBy(() -> CoseDecoder.decode(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> CoseDecoder.decode(new byte[] {(byte) 0x84, 0x01})).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> CoseDecoder.decode(CBORObject.NewArray().Add(1).EncodeToBytes()))
                .hasMessageContaining("array of 4, found array of 1");
        assertThatThrownBy(() -> CoseDecoder.decode(CBORObject.FromObjectAndTag(message(es256WithKid(),
                CBORObject.NewMap()), 98).EncodeToBytes())).hasMessageContaining("unexpected CBOR tag 98");
        CBORObject textProtected = CBORObject.NewArray().Add("x").Add(CBORObject.NewMap()).Add(new byte[1]).Add(new byte[1]);
        assertThatThrownBy(() -> CoseDecoder.decode(textProtected.EncodeToBytes()))
                .hasMessageContaining("COSE_Sign1[0] (protected header) must be a byte string, found text string");
        CBORObject textKid = message(CBORObject.NewMap().Add(4, "kid"), CBORObject.NewMap());
        assertThatThrownBy(() -> CoseDecoder.decode(textKid.EncodeToBytes()))
                .hasMessageContaining("kid (label 4) must be a byte string");
        CBORObject nilPayload = CBORObject.NewArray().Add(new byte[0]).Add(CBORObject.NewMap()).Add(CBORObject.Null)
                .Add(new byte[1]);
        assertThatThrownBy(() -> CoseDecoder.decode(nilPayload.EncodeToBytes()))
                .hasMessageContaining("(payload) must be a byte string, found null");
        byte[] trailing = java.util.Arrays.copyOf(message(es256WithKid(), CBORObject.NewMap()).EncodeToBytes(), 200);
        assertThatThrownBy(() -> CoseDecoder.decode(trailing)).isInstanceOf(DecodeException.class);
    }
}
