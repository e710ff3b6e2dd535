package org.lazaret.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The point decoder batch verification uses reads public keys and signatures' R from outside: on
 * any 32 bytes it must accept a public key exactly when BouncyCastle's verifier does, and what it
 * accepts must encode back to the same bytes. Without JAZZER_FUZZ this replays the seeds in
 * src/test/resources/org/lazaret/core/crypto/PointDecodingFuzzTestInputs.
 */
class PointDecodingFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void publicKey(byte[] data) {
    byte[] key = Arrays.copyOf(data, PublicKey.LENGTH);
    Optional<EdwardsPoint> p = EdwardsPoint.decode(key, 0);
    boolean ours = p.filter(point -> !point.timesEightIsNeutral()).isPresent();
    assertThat(ours).as("accepted as a public key").isEqualTo(Ed25519.validatePublicKeyPartial(key, 0));
    p.ifPresent(point -> assertThat(point.encode()).isEqualTo(key));
  }
}
