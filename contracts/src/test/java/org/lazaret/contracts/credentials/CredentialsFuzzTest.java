package org.lazaret.contracts.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * The two decoders of outside input in the credentials module, on arbitrary bytes: a snapshot
 * file either opens or is refused with a {@link SnapshotException} that gives a reason; a signer
 * certificate either parses (and then its kid is 16 hex digits) or is refused with an
 * IllegalArgumentException with a reason — never any other exception, which on a node would be a
 * halt. Without JAZZER_FUZZ this replays the seeds beside it (a real snapshot among them).
 */
class CredentialsFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void open(byte[] data) {
    try {
      TrustSnapshot.Opened opened = TrustSnapshot.open(data);
      assertThat(opened.proofCount()).isPositive();
    } catch (SnapshotException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void certificate(byte[] data) {
    try {
      SignerCertificate cert = SignerCertificate.parse(new String(data, StandardCharsets.ISO_8859_1));
      assertThat(cert.kid()).matches(SignerCertificate.KID_PATTERN);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }
}
