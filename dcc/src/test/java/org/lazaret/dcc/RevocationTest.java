package org.lazaret.dcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.cose.CoseAlgorithm;
import org.lazaret.dcc.cose.CoseDecoder;
import org.lazaret.dcc.cose.CoseSign1;
import org.lazaret.dcc.encoding.Base45;
import org.lazaret.dcc.encoding.Hc1Prefix;
import org.lazaret.dcc.encoding.Zlib;
import org.lazaret.dcc.issue.TestSigners;

/** Revocation by UCI hash and by signature hash, full and 16-byte forms. */
class RevocationTest {
    static final TestSigners.Signer SIGNER = Fixtures.signer(11);
    static final TrustList TRUST = TrustList.of(SIGNER.certificate());
    static final Instant NOW = Fixtures.ISSUED.plus(Duration.ofDays(1));
    static final String UCI = "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W";

    static Verdict verify(String text, Revocations revocations) {
        return Verifier.verify(VerifyRequest.ofText(text, TRUST, NOW).withRevocations(revocations));
    }

    @Test
    void theUciHashIsSha256OfTheCertificateIdentifier() {
        // printf '%s' 'URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W' | sha256sum
        assertThat(Revocations.uciHash(UCI))
                .isEqualTo("f07527a45b104e036ec065620b3b4f6d8a09cc4f8a289dc0f77d6d03d7ca390a");
        assertThat(Revocations.uciHash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void aRevokedUciIsRevokedInFullAndTruncatedForm() {
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), SIGNER);
        String full = Revocations.uciHash(UCI);
        assertThat(verify(text, Revocations.of(List.of(full))).failures()).containsExactly(Failure.REVOKED);
        assertThat(verify(text, Revocations.of(List.of(full.substring(0, 32).toUpperCase()))).failures())
                .containsExactly(Failure.REVOKED);
        assertThat(verify(text, Revocations.of(List.of(Revocations.uciHash(UCI + "X")))).valid()).isTrue();
        assertThat(verify(text, Revocations.none()).valid()).isTrue();
    }

    @Test
    void aRevokedSignatureIsRevokedByTheHashOfR() throws Exception {
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), SIGNER);
        CoseSign1 cose = CoseDecoder.decode(Zlib.inflate(Base45.decode(Hc1Prefix.strip(text))));
        String hash = Revocations.signatureHash(CoseAlgorithm.ES256, cose.signature().toArray());
        byte[] r = java.util.Arrays.copyOf(cose.signature().toArray(), 32);
        assertThat(hash).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(r)));
        assertThat(verify(text, Revocations.of(List.of(hash.substring(0, 32)))).failures())
                .containsExactly(Failure.REVOKED);
    }

    @Test
    void rejectsMalformedEntries() {
        assertThatThrownBy(() -> Revocations.of(List.of("abc"))).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> Revocations.of(List.of("z".repeat(64)))).isInstanceOf(IllegalArgumentException.class);
    }
}
