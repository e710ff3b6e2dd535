package org.lazaret.dcc.cose;

import java.util.Optional;

/**
 * The COSE signature algorithms a DCC may carry. The DCC specification names ES256 (primary)
 * and PS256 (secondary); the SHA-384/512 variants are accepted because some issuers' test keys
 * use them. For ECDSA the COSE identifier fixes the hash only: the curve, and so the length of
 * the raw r||s signature, comes from the signer's key (the Spanish test vectors sign with a
 * P-384 key under alg -7, i.e. ECDSA with SHA-256).
 */
public enum CoseAlgorithm {
    ES256(-7, Family.ECDSA, "SHA-256"),
    ES384(-35, Family.ECDSA, "SHA-384"),
    ES512(-36, Family.ECDSA, "SHA-512"),
    PS256(-37, Family.RSA_PSS, "SHA-256"),
    PS384(-38, Family.RSA_PSS, "SHA-384"),
    PS512(-39, Family.RSA_PSS, "SHA-512");

    /** How the signature is computed from the digest. */
    public enum Family { ECDSA, RSA_PSS }

    private final long id;
    private final Family family;
    private final String digest;

    CoseAlgorithm(long id, Family family, String digest) {
        this.id = id;
        this.family = family;
        this.digest = digest;
    }

    public long id() {
        return id;
    }

    public Family family() {
        return family;
    }

    /** JCA digest name, also the MGF1 digest for RSASSA-PSS. */
    public String digest() {
        return digest;
    }

    /** Digest length in bytes: the PSS salt length COSE prescribes. */
    public int digestBytes() {
        return switch (this) {
            case ES256, PS256 -> 32;
            case ES384, PS384 -> 48;
            case ES512, PS512 -> 64;
        };
    }

    public static Optional<CoseAlgorithm> forId(long id) {
        for (CoseAlgorithm algorithm : values()) {
            if (algorithm.id == id) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
