package org.lazaret.dcc.cose;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lazaret.dcc.encoding.DecodeException;

/**
 * The COSE and CWT decoders on arbitrary bytes: each either decodes or rejects with a
 * {@link DecodeException}; no other exception, no hang, no unbounded recursion.
 */
class CoseFuzzTest {

    @FuzzTest
    void decodeCoseAndCwt(byte[] bytes) {
        try {
            CoseSign1 cose = CoseDecoder.decode(bytes);
            assertThat(cose.toBeSigned()).isNotEmpty();
            CwtDecoder.decode(cose.payload().toArray());
        } catch (DecodeException rejected) {
            assertThat(rejected.getMessage()).isNotBlank();
        }
        try {
            CwtDecoder.decode(bytes);
        } catch (DecodeException rejected) {
            assertThat(rejected.getMessage()).isNotBlank();
        }
    }
}
