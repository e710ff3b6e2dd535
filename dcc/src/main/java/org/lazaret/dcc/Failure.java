package org.lazaret.dcc;

import java.util.Optional;

/**
 * Why a certificate is not valid. Declaration order is the order of the checks along the
 * decoding pipeline, and {@link Verdict#failures()} lists failures in this order; the wire names
 * are a stable contract with the CLI and must never change or be reused.
 */
public enum Failure {
    /** The PNG could not be read or holds no QR code. */
    PICTURE("picture"),
    /** The text does not start with the {@code HC1:} context identifier. */
    PREFIX("prefix"),
    /** The text after the prefix is not valid base45 (RFC 9285). */
    BASE45("base45"),
    /** The bytes are not a zlib stream, are corrupt, or inflate beyond the size limit. */
    COMPRESSION("compression"),
    /** The bytes are not a COSE_Sign1 carrying a CWT with a DCC payload. */
    COSE("cose"),
    /** The signature does not verify, or its algorithm is missing or unsupported. */
    SIGNATURE("signature"),
    /** The key identifier names no certificate in the trust list (or the trust list is empty). */
    UNKNOWN_KEY("unknown_key"),
    /** The signer certificate's extended key usage excludes this certificate type. */
    KEY_USAGE("key_usage"),
    /** The CWT expired before the instant judged at, or was signed after its signer expired. */
    EXPIRED("expired"),
    /** The CWT was issued after the instant judged at, or before its signer became valid. */
    NOT_YET_VALID("not_yet_valid"),
    /** The DCC JSON does not conform to the EU DCC JSON schema. */
    SCHEMA("schema"),
    /** The certificate identifier or signature is on the revocation list. */
    REVOKED("revoked"),
    /** The verifier's policy (business rules) denies the certificate. */
    POLICY("policy");

    private final String wireName;

    Failure(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Failure> fromWireName(String name) {
        for (Failure failure : values()) {
            if (failure.wireName.equals(name)) {
                return Optional.of(failure);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
