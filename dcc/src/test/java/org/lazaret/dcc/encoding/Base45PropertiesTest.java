package org.lazaret.dcc.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Base45 properties: every byte string survives encode/decode, encoded text uses only the
 * alphabet and has the length RFC 9285 fixes, and corrupted text is rejected, never mis-decoded
 * into an exception other than {@link DecodeException}.
 */
class Base45PropertiesTest {

    @Property
    void decodeInvertsEncode(@ForAll @Size(max = 600) byte[] bytes) throws DecodeException {
        String text = Base45.encode(bytes);
        assertThat(text).hasSize(bytes.length / 2 * 3 + bytes.length % 2 * 2);
        assertThat(text.chars()).allMatch(c -> Base45.ALPHABET.indexOf(c) >= 0);
        assertThat(Base45.decode(text)).isEqualTo(bytes);
    }

    @Property
    void aCharacterOutsideTheAlphabetIsRejectedAtItsPosition(@ForAll @Size(min = 1, max = 200) byte[] bytes,
            @ForAll("outsideAlphabet") char bad, @ForAll int where) {
        String text = Base45.encode(bytes);
        int position = Math.floorMod(where, text.length());
        String corrupted = text.substring(0, position) + bad + text.substring(position + 1);
        assertThatThrownBy(() -> Base45.decode(corrupted)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("position " + position);
    }

    @Property
    void aLengthOfOneModuloThreeIsRejected(@ForAll @Size(max = 200) byte[] bytes) {
        String text = Base45.encode(bytes) + "0";
        if (text.length() % 3 == 1) {
            assertThatThrownBy(() -> Base45.decode(text)).isInstanceOf(DecodeException.class);
        }
    }

    @Property
    void anyTextDecodesOrIsRejectedWithDecodeException(@ForAll("base45ish") String text) {
        try {
            byte[] bytes = Base45.decode(text);
            assertThat(Base45.encode(bytes)).isEqualTo(text);
        } catch (DecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    @Provide
    Arbitrary<Character> outsideAlphabet() {
        return Arbitraries.chars().filter(c -> Base45.ALPHABET.indexOf(c) < 0);
    }

    @Provide
    Arbitrary<String> base45ish() {
        return Arbitraries.strings().withChars(Base45.ALPHABET + "abc=\u00e9").ofMaxLength(40);
    }
}
