package org.lazaret.consensus.raft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.Hash32;

/**
 * The certificates operators will run with: what a node certificate names and allows, that PEM
 * files read back to the same keys, and that {@link MemberTrust} accepts exactly the CA-signed
 * certificates of current members.
 */
class TlsMaterialTest {
  private static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration VALIDITY = Duration.ofDays(365);
  private final SecureRandom random = new SecureRandom();

  private final TlsMaterial.Authority ca = TlsMaterial.newAuthority("consortium CA", NOT_BEFORE, VALIDITY, random);

  @Test
  void aNodeCertificateNamesTheNodeAndItsAddressesAndIsSignedByTheCa() throws Exception {
    TlsMaterial.NodeCredentials node = TlsMaterial.issueNode(ca, "hospital-1", List.of("localhost", "127.0.0.1", "node.example.org"), NOT_BEFORE, VALIDITY, random);
    X509Certificate cert = node.certificate();

    assertThat(TlsMaterial.commonName(cert)).isEqualTo("hospital-1");
    assertThat(cert.getSubjectAlternativeNames().stream().map(l -> (Object) l.get(1)).toList())
        .containsExactlyInAnyOrder("localhost", "127.0.0.1", "node.example.org");
    assertThat(cert.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    assertThat(cert.getNotBefore()).isEqualTo(Date.from(NOT_BEFORE));
    assertThat(cert.getNotAfter()).isEqualTo(Date.from(NOT_BEFORE.plus(VALIDITY)));
    assertThat(node.chain()).containsExactly(cert, ca.certificate());
    cert.verify(ca.certificate().getPublicKey());
    assertThat(ca.certificate().getBasicConstraints()).isEqualTo(0);

    TlsMaterial.Authority other = TlsMaterial.newAuthority("other CA", NOT_BEFORE, VALIDITY, random);
    assertThatThrownBy(() -> cert.verify(other.certificate().getPublicKey())).isInstanceOf(SignatureException.class);
  }

  @Test
  void pemFilesReadBackToTheSameCertificatesAndKeysAndTheKeyIsPrivate(@TempDir Path dir) throws Exception {
    TlsMaterial.NodeCredentials node = TlsMaterial.issueNode(ca, "lab-7", List.of("127.0.0.1"), NOT_BEFORE, VALIDITY, random);
    RaftTransport.MutualTls files = TlsMaterial.writeNode(dir, ca.certificate(), node);
    assertThat(TlsMaterial.readCertificates(files.certificateChain())).isEqualTo(node.chain());
    assertThat(TlsMaterial.readPrivateKey(files.privateKey()).getEncoded()).isEqualTo(node.privateKey().getEncoded());
    assertThat(TlsMaterial.readCertificates(files.trustedCa())).containsExactly(ca.certificate());
    assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey()))).isEqualTo("rw-------");

    TlsMaterial.writeAuthority(dir.resolve("ca"), ca);
    TlsMaterial.Authority back = TlsMaterial.readAuthority(dir.resolve("ca").resolve(TlsMaterial.CA_CERTIFICATE_FILE), dir.resolve("ca").resolve(TlsMaterial.CA_KEY_FILE));
    assertThat(back.certificate()).isEqualTo(ca.certificate());
    assertThat(back.privateKey().getEncoded()).isEqualTo(ca.privateKey().getEncoded());
  }

  @Test
  void badInputIsRefusedNamingWhatIsWrong(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> TlsMaterial.issueNode(ca, "bad id!", List.of("localhost"), NOT_BEFORE, VALIDITY, random))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("id:");
    assertThatThrownBy(() -> TlsMaterial.issueNode(ca, "node1", List.of(), NOT_BEFORE, VALIDITY, random))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("hostNames:");
    Path empty = Files.writeString(dir.resolve("empty.pem"), "not a pem file\n");
    assertThatThrownBy(() -> TlsMaterial.readCertificates(empty)).isInstanceOf(IOException.class).hasMessageContaining("no PEM certificate");
    assertThatThrownBy(() -> TlsMaterial.readPrivateKey(empty)).isInstanceOf(IOException.class).hasMessageContaining("no unencrypted PEM private key");
  }

  @Test
  void memberTrustAcceptsOnlyCaSignedCertificatesOfCurrentMembers(@TempDir Path dir) throws Exception {
    TlsMaterial.NodeCredentials self = TlsMaterial.issueNode(ca, "node1", List.of("127.0.0.1"), NOT_BEFORE, VALIDITY, random);
    AtomicReference<Set<String>> members = new AtomicReference<>(Set.of("node1", "node2"));
    Map<String, String> pins = new ConcurrentHashMap<>();
    var config = MemberTrust.tlsConfig(TlsMaterial.writeNode(dir, ca.certificate(), self), members::get, id -> Optional.ofNullable(pins.get(id)));
    assertThat(config.getMtlsEnabled()).isTrue();
    X509ExtendedTrustManager trust = (X509ExtendedTrustManager) config.getTrustManager().getTrustManager();

    X509Certificate[] member = chain(TlsMaterial.issueNode(ca, "node2", List.of("127.0.0.1"), NOT_BEFORE, VALIDITY, random));
    X509Certificate[] stranger = chain(TlsMaterial.issueNode(ca, "node9", List.of("127.0.0.1"), NOT_BEFORE, VALIDITY, random));
    TlsMaterial.Authority other = TlsMaterial.newAuthority("other CA", NOT_BEFORE, VALIDITY, random);
    X509Certificate[] foreign = chain(TlsMaterial.issueNode(other, "node2", List.of("127.0.0.1"), NOT_BEFORE, VALIDITY, random));

    trust.checkClientTrusted(member, "EC");
    assertThatThrownBy(() -> trust.checkClientTrusted(stranger, "EC"))
        .isInstanceOf(CertificateException.class).hasMessageContaining("'node9' is not a member");
    assertThatThrownBy(() -> trust.checkClientTrusted(foreign, "EC")).isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkServerTrusted(foreign, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);

    // Pinned to another certificate of node2 (same CA, same name): refused both ways; pinned to this one: accepted.
    X509Certificate[] sameName = chain(TlsMaterial.issueNode(ca, "node2", List.of("127.0.0.1"), NOT_BEFORE, VALIDITY, random));
    pins.put("node2", Hash32.sha256(sameName[0].getEncoded()).hex());
    assertThatThrownBy(() -> trust.checkClientTrusted(member, "EC")).isInstanceOf(CertificateException.class).hasMessageContaining("other than the one admitted");
    assertThatThrownBy(() -> trust.checkServerTrusted(member, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class).hasMessageContaining("other than the one admitted");
    trust.checkClientTrusted(sameName, "EC");
    pins.put("node2", Hash32.sha256(member[0].getEncoded()).hex());
    trust.checkClientTrusted(member, "EC");
    trust.checkServerTrusted(member, "ECDHE_ECDSA");

    members.set(Set.of("node1")); // node2 removed: its next handshake is refused
    assertThatThrownBy(() -> trust.checkClientTrusted(member, "EC")).isInstanceOf(CertificateException.class);
  }

  private static X509Certificate[] chain(TlsMaterial.NodeCredentials node) {
    return node.chain().toArray(X509Certificate[]::new);
  }
}
