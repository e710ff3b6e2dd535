package org.lazaret.dcc.issue;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.lazaret.dcc.CertificateType;

/**
 * Self-signed document-signer certificates (BouncyCastle) for tests and demonstrations, with an
 * optional DCC extended key usage. Not for production: a real DSC is issued by a country's CSCA.
 * The randomness is a parameter so that tests can be reproducible.
 */
public final class TestSigners {
    private TestSigners() {}

    /** A private key and its certificate. */
    public record Signer(java.security.PrivateKey privateKey, X509Certificate certificate) {}

    /** A P-256 signer for ES256; {@code usage} empty means no DCC extended key usage (all types). */
    public static Signer ecP256(String commonName, Instant notBefore, Instant notAfter, Set<CertificateType> usage,
            SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return selfSigned(generator.generateKeyPair(), "SHA256withECDSA", commonName, notBefore, notAfter, usage,
                random);
    }

    /** A 2048-bit RSA signer for PS256. */
    public static Signer rsa2048(String commonName, Instant notBefore, Instant notAfter, Set<CertificateType> usage,
            SecureRandom random) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), random);
        return selfSigned(generator.generateKeyPair(), "SHA256withRSA", commonName, notBefore, notAfter, usage, random);
    }

    private static Signer selfSigned(KeyPair keys, String signatureAlgorithm, String commonName, Instant notBefore,
            Instant notAfter, Set<CertificateType> usage, SecureRandom random) throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + commonName.replace(",", "\\,"));
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(63, random).add(BigInteger.ONE),
                Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
        try {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (!usage.isEmpty()) {
                KeyPurposeId[] purposes = usage.stream().sorted()
                        .map(type -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(type.oid())))
                        .toArray(KeyPurposeId[]::new);
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setSecureRandom(random)
                    .build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Signer(keys.getPrivate(), certificate);
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("test certificate for " + commonName + " cannot be built: "
                    + e.getMessage(), e);
        }
    }
}
