package org.lazaret.dcc;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;

/**
 * A DCC key identifier: the first 8 bytes of the SHA-256 of the signer certificate's DER
 * encoding, as the eHealth network specification defines it.
 */
public record Kid(Bytes value) {
    public static final int LENGTH_BYTES = 8;

    public Kid {
        Objects.requireNonNull(value, "value");
    }

    public static Kid of(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return new Kid(Bytes.of(Arrays.copyOf(digest, LENGTH_BYTES)));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("certificate cannot be DER-encoded: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return value.hex();
    }
}
