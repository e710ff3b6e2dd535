package org.lazaret.dcc.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Base45 decoding of arbitrary text: decodes and re-encodes to the same text, or is rejected. */
class Base45FuzzTest {

    @FuzzTest
    void decode(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            byte[] bytes = Base45.decode(text);
            assertThat(Base45.encode(bytes)).isEqualTo(text);
        } catch (DecodeException rejected) {
            assertThat(rejected.getMessage()).isNotBlank();
        }
    }
}
