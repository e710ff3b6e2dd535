package org.lazaret.contracts.credentials;

import java.io.ByteArrayInputStream;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.dcc.TrustedKey;
import org.lazaret.dcc.signature.VerificationKey;

/**
 * A document-signing certificate as the ledger accepts it: base64 of exactly one DER-encoded
 * X.509 certificate whose key a DCC verifier can use (EC or RSA). Parsing is the JDK's X.509
 * decoder, a pure function of the bytes, so every node reaches the same answer; the kid is the
 * first 8 bytes of SHA-256 of the DER, as the eHealth network specification defines it. Refusals
 * are fixed sentences, never the JDK's exception text: they go into receipts, which every node
 * must compute byte for byte alike even on different JDK versions.
 */
public record SignerCertificate(X509Certificate certificate, String kid, String base64) {
  /** Larger than any real document signer certificate (they are under 2 KiB). */
  public static final int DER_BYTES_MAX = 8 * 1024;
  public static final int KID_BYTES = 8;
  public static final String KID_PATTERN = "[0-9a-f]{16}";

  /**
   * Parses base64 DER; the exception message gives the reason (the caller names the field).
   *
   * @throws IllegalArgumentException when the text is not base64 of one usable X.509 certificate
   */
  public static SignerCertificate parse(String base64) {
    byte[] der;
    try {
      der = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not base64 (standard alphabet, padded)");
    }
    if (der.length == 0 || der.length > DER_BYTES_MAX) {
      throw new IllegalArgumentException("must be 1 to " + DER_BYTES_MAX + " bytes of DER, found " + der.length);
    }
    if (der[0] != 0x30) {
      throw new IllegalArgumentException("not DER: an X.509 certificate starts with a SEQUENCE (0x30)");
    }
    X509Certificate certificate;
    try {
      certificate = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
      if (!Arrays.equals(certificate.getEncoded(), der)) {
        throw new IllegalArgumentException("not exactly one DER certificate (trailing or re-encoded bytes)");
      }
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot be re-encoded as DER");
    } catch (CertificateException | ClassCastException e) {
      throw new IllegalArgumentException("not an X.509 certificate");
    }
    TrustedKey key;
    try {
      key = TrustedKey.of(certificate);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unusable as a DCC signer: its extended key usage cannot be read");
    }
    if (key.verificationKey() instanceof VerificationKey.UnusableKey unusable) {
      throw new IllegalArgumentException("its " + unusable.algorithm() + " key can verify no DCC signature (EC or RSA required)");
    }
    byte[] digest = Hash32.sha256(der).toBytes();
    return new SignerCertificate(certificate, HexFormat.of().formatHex(digest, 0, KID_BYTES), Base64.getEncoder().encodeToString(der));
  }

  public long notBeforeMillis() {
    return certificate.getNotBefore().getTime();
  }

  public long notAfterMillis() {
    return certificate.getNotAfter().getTime();
  }

  /** The subject's distinguished name in RFC 2253 form, for people reading the trust list. */
  public String subject() {
    return certificate.getSubjectX500Principal().getName();
  }
}
