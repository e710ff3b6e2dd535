package org.lazaret.dcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trust lists from DER, PEM (one or several blocks) and bare base64, and what is rejected. */
class TrustListTest {
    static final X509Certificate FIRST = Fixtures.signer(21, Set.of(CertificateType.RECOVERY)).certificate();
    static final X509Certificate SECOND = Fixtures.signer(22).certificate();

    static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    @Test
    void readsDerPemAndBase64() throws Exception {
        assertThat(TrustList.parse(FIRST.getEncoded(), "der").keys()).extracting(TrustedKey::certificate)
                .containsExactly(FIRST);
        TrustList both = TrustList.parse((pem(FIRST) + pem(SECOND)).getBytes(StandardCharsets.US_ASCII), "pem");
        assertThat(both.keys()).extracting(TrustedKey::certificate).containsExactly(FIRST, SECOND);
        byte[] base64 = Base64.getEncoder().encode(SECOND.getEncoded());
        assertThat(TrustList.parse(base64, "b64").keys()).extracting(TrustedKey::certificate).containsExactly(SECOND);
    }

    @Test
    void indexesKeysByKidAndReadsTheirKeyUsage() {
        TrustList trust = TrustList.of(FIRST, SECOND);
        TrustedKey first = trust.find(Kid.of(FIRST)).get(0);
        assertThat(first.allowedTypes()).containsExactly(CertificateType.RECOVERY);
        assertThat(first.allows(CertificateType.TEST)).isFalse();
        assertThat(trust.find(Kid.of(SECOND)).get(0).allows(CertificateType.TEST)).isTrue();
        assertThat(trust.find(new Kid(Bytes.ofHex("0011223344556677")))).isEmpty();
        assertThat(Kid.of(FIRST).value().length()).isEqualTo(8);
    }

    @Test
    void loadsAndMergesFiles(@TempDir Path dir) throws Exception {
        Path der = Files.write(dir.resolve("a.der"), FIRST.getEncoded());
        Path pem = Files.writeString(dir.resolve("b.pem"), pem(SECOND));
        assertThat(TrustList.load(List.of(der, pem)).size()).isEqualTo(2);
        assertThatThrownBy(() -> TrustList.load(List.of(dir.resolve("missing.pem"))))
                .isInstanceOf(TrustListException.class).hasMessageContaining("missing.pem");
    }

    @Test
    void rejectsWhatIsNotACertificate() {
        assertThatThrownBy(() -> TrustList.parse("hello world".getBytes(StandardCharsets.US_ASCII), "junk.txt"))
                .isInstanceOf(TrustListException.class).hasMessageContaining("junk.txt");
        assertThatThrownBy(() -> TrustList.parse(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, "short.der"))
                .isInstanceOf(TrustListException.class).hasMessageContaining("short.der");
        assertThatThrownBy(() -> TrustList.parse(new byte[0], "empty")).isInstanceOf(TrustListException.class);
    }
}
