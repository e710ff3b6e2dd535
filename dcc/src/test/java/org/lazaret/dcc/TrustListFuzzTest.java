package org.lazaret.dcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Trust-list files are outside input too: any bytes parse or fail with a {@link TrustListException}. */
class TrustListFuzzTest {

    @FuzzTest
    void parse(byte[] content) {
        try {
            assertThat(TrustList.parse(content, "fuzz").size()).isPositive();
        } catch (TrustListException rejected) {
            assertThat(rejected.getMessage()).startsWith("fuzz");
        }
    }
}
