package org.lazaret.dcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.dcc.Failure.EXPIRED;
import static org.lazaret.dcc.Failure.KEY_USAGE;
import static org.lazaret.dcc.Failure.NOT_YET_VALID;
import static org.lazaret.dcc.Failure.SCHEMA;
import static org.lazaret.dcc.Failure.SIGNATURE;
import static org.lazaret.dcc.Failure.UNKNOWN_KEY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.upokecenter.cbor.CBORObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.issue.TestSigners;

/**
 * The verifier end to end on certificates issued here: each check fails alone when only its
 * condition is broken, later checks still run after a bad signature, and time bounds are
 * inclusive with the documented skew.
 */
class VerifierTest {
    static final TestSigners.Signer SIGNER = Fixtures.signer(1);
    static final TrustList TRUST = TrustList.of(SIGNER.certificate());
    static final Instant NOW = Fixtures.ISSUED.plus(Duration.ofDays(2));

    static Verdict verify(String text, TrustList trust, Instant at) {
        return Verifier.verify(VerifyRequest.ofText(text, trust, at));
    }

    @Test
    void anIssuedCertificateIsValidAndRoundTripsItsPayload() {
        ObjectNode dcc = Fixtures.vaccination(2, 2, "2021-05-20");
        String text = Fixtures.issue(dcc, SIGNER);
        Verdict verdict = verify(text, TRUST, NOW);
        assertThat(verdict.valid()).as(verdict.toString()).isTrue();
        assertThat(verdict.failures()).isEmpty();
        assertThat(verdict.text()).contains(text);
        assertThat(verdict.payload()).contains(dcc);
        assertThat(verdict.signer().map(TrustedKey::kid)).contains(Kid.of(SIGNER.certificate()));
        assertThat(verdict.claims().flatMap(c -> c.issuer())).contains("DE");
        assertThat(verdict.claims().flatMap(c -> c.expiresAt())).contains(Fixtures.EXPIRES);
    }

    @Test
    void expiresAfterExpButNotAtIt() {
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), SIGNER);
        assertThat(verify(text, TRUST, Fixtures.EXPIRES).valid()).isTrue();
        assertThat(verify(text, TRUST, Fixtures.EXPIRES.plusSeconds(1)).failures()).containsExactly(EXPIRED);
    }

    @Test
    void isNotYetValidWhenIssuedMoreThanTheSkewAfterTheInstant() {
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), SIGNER);
        assertThat(verify(text, TRUST, Fixtures.ISSUED.minus(Verifier.CLOCK_SKEW)).valid()).isTrue();
        assertThat(verify(text, TRUST, Fixtures.ISSUED.minus(Verifier.CLOCK_SKEW).minusSeconds(1)).failures())
                .containsExactly(NOT_YET_VALID);
    }

    @Test
    void extendedKeyUsageRestrictsTheCertificateTypes() {
        TestSigners.Signer testsOnly = Fixtures.signer(2, Set.of(CertificateType.TEST));
        TrustList trust = TrustList.of(testsOnly.certificate());
        Verdict vaccination = verify(Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), testsOnly), trust, NOW);
        assertThat(vaccination.failures()).containsExactly(KEY_USAGE);
        assertThat(vaccination.findings().get(0).detail()).contains("VACCINATION");
        Verdict test = verify(Fixtures.issue(Fixtures.test("2021-06-01T07:00:00Z", "260415000"), testsOnly), trust, NOW);
        assertThat(test.valid()).as(test.toString()).isTrue();
    }

    @Test
    void aKeyOutsideTheTrustListIsUnknown() {
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), SIGNER);
        TrustList other = TrustList.of(Fixtures.signer(3).certificate());
        assertThat(verify(text, other, NOW).failures()).containsExactly(UNKNOWN_KEY);
        assertThat(verify(text, TrustList.empty(), NOW).failures()).containsExactly(UNKNOWN_KEY);
        assertThat(verify(text, other.plus(TRUST), NOW).valid()).isTrue();
    }

    @Test
    void aForgedSignatureFailsButSchemaAndExpiryAreStillJudged() {
        ObjectNode broken = Fixtures.vaccination(2, 2, "2021-05-20");
        broken.remove("dob");
        // Signed by an untrusted key that claims the trusted key's kid.
        CBORObject header = CBORObject.NewMap().Add(1, -7).Add(4, Kid.of(SIGNER.certificate()).value().toArray());
        String forged = Fixtures.custom(header, null, Fixtures.claims(broken, Fixtures.ISSUED, Fixtures.ISSUED.plusSeconds(60)),
                Fixtures.signer(4));
        Verdict verdict = verify(forged, TRUST, NOW);
        assertThat(verdict.failures()).containsExactly(SIGNATURE, EXPIRED, SCHEMA);
        assertThat(verdict.payload()).contains(broken);
        assertThat(verdict.signer()).isEmpty();
    }

    @Test
    void withoutAKidEveryTrustedKeyIsTried() {
        CBORObject header = CBORObject.NewMap().Add(1, -7);
        JsonNode dcc = Fixtures.vaccination(2, 2, "2021-05-20");
        String noKid = Fixtures.custom(header, null, Fixtures.claims(dcc, Fixtures.ISSUED, Fixtures.EXPIRES), SIGNER);
        TrustList several = TrustList.of(Fixtures.signer(5).certificate()).plus(TRUST);
        assertThat(verify(noKid, several, NOW).valid()).isTrue();
        Verdict untrusted = verify(noKid, TrustList.of(Fixtures.signer(5).certificate()), NOW);
        assertThat(untrusted.failures()).containsExactly(SIGNATURE);
        assertThat(verify(noKid, TrustList.empty(), NOW).failures()).containsExactly(UNKNOWN_KEY);
    }

    @Test
    void aKidOnlyInTheUnprotectedHeaderIsUsed() {
        CBORObject unprotected = CBORObject.NewMap().Add(4, Kid.of(SIGNER.certificate()).value().toArray());
        JsonNode dcc = Fixtures.vaccination(2, 2, "2021-05-20");
        String text = Fixtures.custom(CBORObject.NewMap().Add(1, -7), unprotected,
                Fixtures.claims(dcc, Fixtures.ISSUED, Fixtures.EXPIRES), SIGNER);
        assertThat(verify(text, TRUST, NOW).valid()).isTrue();
    }

    @Test
    void aMissingOrUnsupportedAlgorithmIsASignatureFailure() {
        JsonNode dcc = Fixtures.vaccination(2, 2, "2021-05-20");
        byte[] kid = Kid.of(SIGNER.certificate()).value().toArray();
        String noAlg = Fixtures.custom(CBORObject.NewMap().Add(4, kid), null,
                Fixtures.claims(dcc, Fixtures.ISSUED, Fixtures.EXPIRES), SIGNER);
        assertThat(verify(noAlg, TRUST, NOW).failures()).containsExactly(SIGNATURE);
        String eddsa = Fixtures.custom(CBORObject.NewMap().Add(1, -8).Add(4, kid), null,
                Fixtures.claims(dcc, Fixtures.ISSUED, Fixtures.EXPIRES), SIGNER);
        Verdict verdict = verify(eddsa, TRUST, NOW);
        assertThat(verdict.failures()).containsExactly(SIGNATURE);
        assertThat(verdict.findings().get(0).detail()).contains("unsupported signature algorithm -8");
    }

    @Test
    void aMissingExpiryCountsAsExpired() {
        JsonNode dcc = Fixtures.vaccination(2, 2, "2021-05-20");
        CBORObject header = CBORObject.NewMap().Add(1, -7).Add(4, Kid.of(SIGNER.certificate()).value().toArray());
        String text = Fixtures.custom(header, null, Fixtures.claims(dcc, Fixtures.ISSUED, null), SIGNER);
        Verdict verdict = verify(text, TRUST, NOW);
        assertThat(verdict.failures()).containsExactly(EXPIRED);
        assertThat(verdict.findings().get(0).detail()).contains("exp) is missing");
    }

    @Test
    void theSignerMustHaveBeenValidWhenTheCertificateWasIssued() {
        JsonNode dcc = Fixtures.vaccination(2, 2, "2021-05-20");
        String afterSignerExpiry = Fixtures.issue(dcc, SIGNER, Fixtures.SIGNER_TO.plusSeconds(1),
                Fixtures.SIGNER_TO.plus(Duration.ofDays(30)));
        assertThat(verify(afterSignerExpiry, TRUST, Fixtures.SIGNER_TO.plus(Duration.ofDays(1))).failures())
                .containsExactly(EXPIRED);
        String beforeSignerStart = Fixtures.issue(dcc, SIGNER, Fixtures.SIGNER_FROM.minusSeconds(1), Fixtures.EXPIRES);
        assertThat(verify(beforeSignerStart, TRUST, NOW).failures()).containsExactly(NOT_YET_VALID);
        String atSignerStart = Fixtures.issue(dcc, SIGNER, Fixtures.SIGNER_FROM, Fixtures.EXPIRES);
        assertThat(verify(atSignerStart, TRUST, NOW).valid()).isTrue();
    }

    @Test
    void rsaPssSignaturesVerify() throws Exception {
        TestSigners.Signer rsa = TestSigners.rsa2048("Lazaret RSA DSC", Fixtures.SIGNER_FROM, Fixtures.SIGNER_TO,
                Set.of(), Fixtures.random(6));
        String text = Fixtures.issue(Fixtures.recovery("2021-05-01"), rsa);
        assertThat(verify(text, TrustList.of(rsa.certificate()), NOW).valid()).isTrue();
        assertThat(verify(text, TRUST.plus(TrustList.of(Fixtures.signer(7).certificate())), NOW).failures())
                .containsExactly(UNKNOWN_KEY);
    }

    @Test
    void decodingFailuresStopThePipelineAndNameTheirStage() {
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), SIGNER);
        assertThat(verify(text.substring(4), TRUST, NOW).failures()).containsExactly(Failure.PREFIX);
        assertThat(verify(text + "a", TRUST, NOW).failures()).containsExactly(Failure.BASE45);
        assertThat(verify("HC1:" + text.substring(4, text.length() - 3), TRUST, NOW).failures())
                .containsExactly(Failure.COMPRESSION);
        String notCose = "HC1:" + org.lazaret.dcc.encoding.Base45.encode(
                org.lazaret.dcc.encoding.Zlib.deflate(new byte[] {1, 2, 3}));
        Verdict verdict = verify(notCose, TRUST, NOW);
        assertThat(verdict.failures()).containsExactly(Failure.COSE, SIGNATURE);
        assertThat(verdict.payload()).isEmpty();
        assertThat(verdict.text()).contains(notCose);
    }

    @Test
    void aBadPayloadInAGoodEnvelopeIsACoseFailureWithTheSignatureStillChecked() {
        CBORObject header = CBORObject.NewMap().Add(1, -7).Add(4, Kid.of(SIGNER.certificate()).value().toArray());
        CBORObject claims = CBORObject.NewMap().Add(1, "DE").Add(4, Fixtures.EXPIRES.getEpochSecond())
                .Add(-260, CBORObject.NewMap().Add(1, new byte[] {1, 2}));
        Verdict verdict = verify(Fixtures.custom(header, null, claims, SIGNER), TRUST, NOW);
        assertThat(verdict.failures()).containsExactly(Failure.COSE);
        assertThat(verdict.signer()).isPresent();
        assertThat(verdict.payload()).isEmpty();
    }

    @Test
    void theJsonFormIsWhatTheCliPrints() throws Exception {
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), SIGNER);
        JsonNode expired = DccJson.parse(verify(text, TRUST, Fixtures.EXPIRES.plusSeconds(1)).toJsonString());
        assertThat(expired.path("valid").booleanValue()).isFalse();
        assertThat(expired.path("failures")).hasSize(1);
        assertThat(expired.path("failures").get(0).textValue()).isEqualTo("expired");
        assertThat(expired.path("text").textValue()).isEqualTo(text);
        assertThat(expired.path("payload").path("v").get(0).path("dn").intValue()).isEqualTo(2);
        List<String> fields = List.copyOf(toList(expired.fieldNames()));
        assertThat(fields).containsExactly("valid", "failures", "text", "payload");
        JsonNode garbage = DccJson.parse(verify("nonsense", TRUST, NOW).toJsonString());
        assertThat(garbage.path("payload").isNull()).isTrue();
        assertThat(garbage.path("failures").get(0).textValue()).isEqualTo("prefix");
        JsonNode detailed = verify(text, TRUST, Fixtures.EXPIRES.plusSeconds(1)).toDetailedJson();
        assertThat(detailed.path("details").get(0).path("detail").textValue()).contains("before");
        assertThat(detailed.path("signerKid").textValue()).isEqualTo(Kid.of(SIGNER.certificate()).toString());
    }

    @Test
    void failureWireNamesAreStable() {
        assertThat(List.of(Failure.values())).extracting(Failure::wireName).containsExactly("picture", "prefix",
                "base45", "compression", "cose", "signature", "unknown_key", "key_usage", "expired", "not_yet_valid",
                "schema", "revoked", "policy");
        assertThat(Failure.fromWireName("unknown_key")).contains(UNKNOWN_KEY);
        assertThat(Failure.fromWireName("nope")).isEmpty();
    }

    private static List<String> toList(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
