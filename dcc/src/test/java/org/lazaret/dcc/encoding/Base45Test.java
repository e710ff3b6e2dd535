package org.lazaret.dcc.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Base45 against the examples of RFC 9285 section 4, and each kind of invalid input. */
class Base45Test {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"AB|BB8", "Hello!!|%69 VD92EX0", "base-45|UJCLQE7W581", "ietf!|QED8WEX0"})
    void encodesAndDecodesTheRfcExamples(String plain, String encoded) throws DecodeException {
        assertThat(Base45.encode(plain.getBytes(StandardCharsets.US_ASCII))).isEqualTo(encoded);
        assertThat(new String(Base45.decode(encoded), StandardCharsets.US_ASCII)).isEqualTo(plain);
    }

    @Test
    void encodesTheExtremesOfEachGroupSize() throws DecodeException {
        assertThat(Base45.encode(new byte[0])).isEmpty();
        assertThat(Base45.encode(new byte[] {0})).isEqualTo("00");
        assertThat(Base45.encode(new byte[] {(byte) 0xff})).isEqualTo("U5");
        assertThat(Base45.encode(new byte[] {(byte) 0xff, (byte) 0xff})).isEqualTo("FGW");
        assertThat(Base45.decode("FGW")).containsExactly(0xff, 0xff);
    }

    @Test
    void rejectsATripleAbove65535WithItsPosition() {
        assertThatThrownBy(() -> Base45.decode("000GGW")).isInstanceOf(DecodeException.class)
                .hasMessageContaining("position 3").hasMessageContaining("65536 > 65535");
    }

    @Test
    void rejectsAPairAbove255() {
        assertThatThrownBy(() -> Base45.decode("V5")).hasMessageContaining("> 255");
    }

    @Test
    void rejectsCharactersOutsideTheAlphabetIncludingLowerCase() {
        assertThatThrownBy(() -> Base45.decode("BB8bb8")).hasMessageContaining("'b' at position 3");
        assertThatThrownBy(() -> Base45.decode("BB=")).hasMessageContaining("'=' at position 2");
        assertThatThrownBy(() -> Base45.decode("B\u00e9")).hasMessageContaining("U+00E9");
    }

    @Test
    void rejectsADanglingSingleCharacter() {
        assertThatThrownBy(() -> Base45.decode("BB8B")).hasMessageContaining("single character at position 3");
    }
}
