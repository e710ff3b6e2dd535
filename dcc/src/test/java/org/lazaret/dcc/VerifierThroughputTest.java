package org.lazaret.dcc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.lazaret.dcc.cose.CoseAlgorithm;
import org.lazaret.dcc.cose.CoseDecoder;
import org.lazaret.dcc.cose.CoseSign1;
import org.lazaret.dcc.encoding.Base45;
import org.lazaret.dcc.encoding.Hc1Prefix;
import org.lazaret.dcc.encoding.Zlib;
import org.lazaret.dcc.issue.TestSigners;
import org.lazaret.dcc.signature.CoseSignatures;

/**
 * Single-thread throughput of ES256 verification alone and of the whole verifier, measured in
 * this thread's CPU time after a warm-up (so load from other processes on a shared machine does
 * not count) and printed for the record. ES256 must reach the target of 5,000 verifications per
 * second on one core; the whole pipeline (zlib, CBOR, schema, expiry) must reach 1,000.
 */
class VerifierThroughputTest {
    static final TestSigners.Signer SIGNER = Fixtures.signer(51);
    static final TrustList TRUST = TrustList.of(SIGNER.certificate());
    static final Instant NOW = Fixtures.ISSUED.plus(Duration.ofDays(1));

    @Test
    void es256VerificationAndTheWholeVerifierAreFast() throws Exception {
        String text = Fixtures.issue(Fixtures.vaccination(2, 2, "2021-05-20"), SIGNER);
        CoseSign1 cose = CoseDecoder.decode(Zlib.inflate(Base45.decode(Hc1Prefix.strip(text))));
        byte[] toBeSigned = cose.toBeSigned();
        byte[] signature = cose.signature().toArray();
        org.lazaret.dcc.signature.VerificationKey key = TRUST.keys().get(0).verificationKey();
        double signaturesPerSecond = rate(() -> {
            if (!CoseSignatures.verify(CoseAlgorithm.ES256, key, toBeSigned, signature).valid()) {
                throw new AssertionError("signature did not verify");
            }
        });
        VerifyRequest request = VerifyRequest.ofText(text, TRUST, NOW);
        double verdictsPerSecond = rate(() -> {
            if (!Verifier.verify(request).valid()) {
                throw new AssertionError("certificate did not verify");
            }
        });
        System.out.printf("ES256 signature checks: %.0f/s; whole verifier (QR text to verdict): %.0f/s%n",
                signaturesPerSecond, verdictsPerSecond);
        assertThat(signaturesPerSecond).isGreaterThan(5000);
        assertThat(verdictsPerSecond).isGreaterThan(1000);
    }

    /** Operations per second of this thread's CPU time, so that other processes' load does not count. */
    private static double rate(Runnable work) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 3000; i++) {
            work.run();
        }
        long start = threads.getCurrentThreadCpuTime();
        int count = 0;
        while (threads.getCurrentThreadCpuTime() - start < 500_000_000L) {
            for (int i = 0; i < 100; i++) {
                work.run();
            }
            count += 100;
        }
        return count * 1e9 / (threads.getCurrentThreadCpuTime() - start);
    }
}
