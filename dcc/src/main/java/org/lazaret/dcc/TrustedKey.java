package org.lazaret.dcc;

import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.lazaret.dcc.signature.VerificationKey;

/**
 * One document-signer certificate of a trust list, with what verification needs from it parsed
 * once: key identifier, public key (also prepared for fast verification), validity period, and the certificate types its extended key
 * usage allows (empty = no DCC-specific EKU = all types allowed).
 */
public record TrustedKey(Kid kid, X509Certificate certificate, PublicKey publicKey, VerificationKey verificationKey,
        Instant notBefore, Instant notAfter, Set<CertificateType> allowedTypes) {
    public TrustedKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(verificationKey, "verificationKey");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        allowedTypes = allowedTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowedTypes));
    }

    public static TrustedKey of(X509Certificate certificate) {
        PublicKey key = certificate.getPublicKey();
        return new TrustedKey(Kid.of(certificate), certificate, key, VerificationKey.of(key),
                certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), allowedTypes(certificate));
    }

    /** Whether this key may sign a DCC holding entries of the given type. */
    public boolean allows(CertificateType type) {
        return allowedTypes.isEmpty() || allowedTypes.contains(type);
    }

    private static Set<CertificateType> allowedTypes(X509Certificate certificate) {
        List<String> usages;
        try {
            usages = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("extended key usage of " + certificate.getSubjectX500Principal()
                    + " cannot be parsed: " + e.getMessage(), e);
        }
        EnumSet<CertificateType> types = EnumSet.noneOf(CertificateType.class);
        if (usages != null) {
            for (String oid : usages) {
                CertificateType.forOid(oid).ifPresent(types::add);
            }
        }
        return types;
    }
}
