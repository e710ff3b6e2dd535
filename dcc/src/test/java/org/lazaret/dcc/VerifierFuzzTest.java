package org.lazaret.dcc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import org.lazaret.dcc.certlogic.BuiltInPolicies;

/**
 * The whole verifier on arbitrary QR text and arbitrary picture bytes: every input ends in a
 * verdict; an invalid verdict names at least one failure, and nothing is ever valid without a
 * trusted key (the trust list here is empty). Revocations and the workplace policy are switched
 * on so that their code runs on whatever the decoders let through.
 */
class VerifierFuzzTest {
    private static final Instant AT = Instant.parse("2021-06-01T00:00:00Z");
    private static final Policy WORKPLACE = BuiltInPolicies.named("workplace").orElseThrow();
    private static final Revocations REVOKED = Revocations.of(java.util.List.of("0".repeat(64)));

    @FuzzTest
    void verifyText(FuzzedDataProvider data) {
        String text = data.consumeBoolean() ? "HC1:" + data.consumeRemainingAsString() : data.consumeRemainingAsString();
        Verdict verdict = Verifier.verify(VerifyRequest.ofText(text, TrustList.empty(), AT)
                .withRevocations(REVOKED).withPolicy(WORKPLACE));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.failures()).isNotEmpty();
        assertThat(verdict.text()).contains(text);
        assertThat(verdict.toJsonString()).startsWith("{\"valid\":false");
    }

    @FuzzTest
    void verifyPicture(byte[] picture) {
        Verdict verdict = Verifier.verify(VerifyRequest.ofPicture(picture, TrustList.empty(), AT));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.failures()).isNotEmpty();
    }
}
