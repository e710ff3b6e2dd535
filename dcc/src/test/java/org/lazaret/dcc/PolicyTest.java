package org.lazaret.dcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.certlogic.BuiltInPolicies;
import org.lazaret.dcc.issue.TestSigners;

/** The built-in policies through the verifier: each accepted case, and each rule that denies. */
class PolicyTest {
    static final TestSigners.Signer SIGNER = Fixtures.signer(31);
    static final TrustList TRUST = TrustList.of(SIGNER.certificate());
    static final Instant NOW = Instant.parse("2021-06-03T12:00:00Z");

    static Verdict judge(String policy, com.fasterxml.jackson.databind.JsonNode dcc) {
        String text = Fixtures.issue(dcc, SIGNER);
        return Verifier.verify(VerifyRequest.ofText(text, TRUST, NOW)
                .withPolicy(BuiltInPolicies.named(policy).orElseThrow()));
    }

    static String reasons(Verdict verdict) {
        return verdict.findings().toString();
    }

    @Test
    void workplaceAcceptsAFullVaccinationCourse() {
        assertThat(judge("workplace", Fixtures.vaccination(2, 2, "2021-05-20")).valid()).isTrue();
        Verdict partial = judge("workplace", Fixtures.vaccination(1, 2, "2021-05-20"));
        assertThat(partial.failures()).containsExactly(Failure.POLICY);
        assertThat(reasons(partial)).contains("LZ-V-0001");
        assertThat(reasons(judge("workplace", Fixtures.vaccination(2, 2, "2021-06-04")))).contains("LZ-V-0002");
    }

    @Test
    void workplaceAcceptsANegativeTestOfAtMost48Hours() {
        Instant sampled = NOW.minus(Duration.ofHours(48));
        assertThat(judge("workplace", Fixtures.test(sampled.toString(), "260415000")).valid()).isTrue();
        Verdict stale = judge("workplace", Fixtures.test(sampled.minusSeconds(1).toString(), "260415000"));
        assertThat(reasons(stale)).contains("LZ-T-0002").doesNotContain("LZ-T-0001");
        Verdict positive = judge("workplace", Fixtures.test(NOW.minus(Duration.ofHours(3)).toString(), "260373001"));
        assertThat(reasons(positive)).contains("LZ-T-0001").doesNotContain("LZ-T-0002");
        Verdict future = judge("workplace", Fixtures.test(NOW.plusSeconds(60).toString(), "260415000"));
        assertThat(future.failures()).containsExactly(Failure.POLICY);
    }

    @Test
    void workplaceAcceptsARecoveryOfAtMost180Days() {
        // 2020-12-06 + 180 days = 2021-06-04T00:00Z, after NOW; 2020-12-05 + 180 days is before NOW.
        assertThat(judge("workplace", Fixtures.recovery("2020-12-06")).valid()).isTrue();
        assertThat(reasons(judge("workplace", Fixtures.recovery("2020-12-05")))).contains("LZ-R-0001");
    }

    @Test
    void workplaceDeniesAnotherDisease() {
        var dcc = Fixtures.vaccination(2, 2, "2021-05-20");
        ((com.fasterxml.jackson.databind.node.ObjectNode) dcc.path("v").get(0)).put("tg", "123");
        assertThat(reasons(judge("workplace", dcc))).contains("LZ-G-0001");
    }

    @Test
    void singleTypePoliciesDenyTheOtherTypes() {
        assertThat(judge("vaccinated", Fixtures.vaccination(2, 2, "2021-05-20")).valid()).isTrue();
        assertThat(reasons(judge("vaccinated", Fixtures.recovery("2021-05-01")))).contains("LZ-G-0002");
        assertThat(judge("tested", Fixtures.test("2021-06-03T08:00:00Z", "260415000")).valid()).isTrue();
        assertThat(reasons(judge("tested", Fixtures.vaccination(2, 2, "2021-05-20")))).contains("LZ-G-0003");
        assertThat(judge("recovered", Fixtures.recovery("2021-05-01")).valid()).isTrue();
        assertThat(reasons(judge("recovered", Fixtures.test("2021-06-03T08:00:00Z", "260415000")))).contains("LZ-G-0004");
    }

    @Test
    void aPayloadTheRulesCannotReadIsDeniedNotThrown() {
        var dcc = Fixtures.test("yesterday", "260415000");
        Verdict verdict = judge("tested", dcc);
        assertThat(verdict.failures()).contains(Failure.POLICY);
        assertThat(reasons(verdict)).contains("cannot be evaluated");
    }

    @Test
    void knowsItsNames() {
        assertThat(BuiltInPolicies.names()).containsExactly("workplace", "vaccinated", "tested", "recovered");
        BuiltInPolicies.names().forEach(name -> assertThat(BuiltInPolicies.named(name)).isPresent());
        assertThat(BuiltInPolicies.named("lax")).isEmpty();
    }
}
