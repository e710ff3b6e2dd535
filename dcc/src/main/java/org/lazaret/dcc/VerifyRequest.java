package org.lazaret.dcc;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything one verification depends on, so that {@link Verifier#verify} is a pure function:
 * the input (QR text or a PNG of the QR code), the trusted signer certificates, the instant to
 * judge at (no clock is read), the revocation list and the policy.
 */
public record VerifyRequest(Input input, TrustList trustList, Instant at, Revocations revocations, Policy policy) {
    /** What was scanned. */
    public sealed interface Input {}

    /** The text of a QR code, normally starting with {@code HC1:}. */
    public record QrText(String text) implements Input {
        public QrText {
            Objects.requireNonNull(text, "text");
        }
    }

    /** The PNG bytes of a picture of the QR code. */
    public record QrPicture(Bytes png) implements Input {
        public QrPicture {
            Objects.requireNonNull(png, "png");
        }
    }

    public VerifyRequest {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(trustList, "trustList");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(revocations, "revocations");
        Objects.requireNonNull(policy, "policy");
    }

    public static VerifyRequest ofText(String text, TrustList trustList, Instant at) {
        return new VerifyRequest(new QrText(text), trustList, at, Revocations.none(), Policy.none());
    }

    public static VerifyRequest ofPicture(byte[] png, TrustList trustList, Instant at) {
        return new VerifyRequest(new QrPicture(Bytes.of(png)), trustList, at, Revocations.none(), Policy.none());
    }

    public VerifyRequest withRevocations(Revocations newRevocations) {
        return new VerifyRequest(input, trustList, at, newRevocations, policy);
    }

    public VerifyRequest withPolicy(Policy newPolicy) {
        return new VerifyRequest(input, trustList, at, revocations, newPolicy);
    }
}
