package org.lazaret.dcc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The document-signer certificates a verifier trusts, indexed by key identifier. Keys are parsed
 * once here and reused for every verification, which keeps ES256 checks cheap. Immutable and
 * safe to share between threads; iteration follows load order, never hash order.
 */
public final class TrustList {
    private static final TrustList EMPTY = new TrustList(List.of());
    private final List<TrustedKey> keys;
    private final Map<Kid, List<TrustedKey>> byKid;

    private TrustList(List<TrustedKey> keys) {
        this.keys = List.copyOf(keys);
        Map<Kid, List<TrustedKey>> index = new LinkedHashMap<>();
        for (TrustedKey key : this.keys) {
            index.computeIfAbsent(key.kid(), k -> new ArrayList<>()).add(key);
        }
        index.replaceAll((kid, list) -> List.copyOf(list));
        this.byKid = Map.copyOf(index);
    }

    public static TrustList empty() {
        return EMPTY;
    }

    public static TrustList of(Collection<X509Certificate> certificates) {
        List<TrustedKey> keys = new ArrayList<>(certificates.size());
        for (X509Certificate certificate : certificates) {
            keys.add(TrustedKey.of(certificate));
        }
        return new TrustList(keys);
    }

    public static TrustList of(X509Certificate... certificates) {
        return of(List.of(certificates));
    }

    /**
     * Reads certificates from DER, from PEM (one or several {@code BEGIN CERTIFICATE} blocks), or
     * from bare base64 of a DER certificate (the form of the EU test vectors).
     */
    public static TrustList parse(byte[] content, String sourceName) throws TrustListException {
        return checkedOf(parseCertificates(content, sourceName), sourceName);
    }

    /** Loads and merges the certificates of every file, in order. */
    public static TrustList load(Collection<Path> files) throws TrustListException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path file : files) {
            byte[] content;
            try {
                content = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new TrustListException(file + ": cannot be read: " + e.getMessage(), e);
            }
            certificates.addAll(parseCertificates(content, file.toString()));
        }
        return checkedOf(certificates, files.toString());
    }

    private static TrustList checkedOf(List<X509Certificate> certificates, String sourceName)
            throws TrustListException {
        try {
            return of(certificates);
        } catch (IllegalArgumentException e) {
            throw new TrustListException(sourceName + ": " + e.getMessage(), e);
        }
    }

    public TrustList plus(TrustList other) {
        List<TrustedKey> merged = new ArrayList<>(keys);
        merged.addAll(other.keys);
        return new TrustList(merged);
    }

    public List<TrustedKey> keys() {
        return keys;
    }

    /** The keys with this identifier (usually one; several only on a kid collision). */
    public List<TrustedKey> find(Kid kid) {
        return byKid.getOrDefault(kid, List.of());
    }

    public int size() {
        return keys.size();
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    private static List<X509Certificate> parseCertificates(byte[] content, String sourceName)
            throws TrustListException {
        byte[] input = content;
        String text = new String(content, StandardCharsets.US_ASCII).strip();
        if (!text.contains("-----BEGIN") && content.length > 0 && content[0] != 0x30) {
            try {
                input = Base64.getMimeDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new TrustListException(sourceName + ": neither DER, PEM nor base64 DER: " + e.getMessage(), e);
            }
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> parsed = factory.generateCertificates(new ByteArrayInputStream(input));
            List<X509Certificate> certificates = new ArrayList<>(parsed.size());
            for (Certificate certificate : parsed) {
                if (!(certificate instanceof X509Certificate x509)) {
                    throw new TrustListException(sourceName + ": holds a non-X.509 certificate");
                }
                certificates.add(x509);
            }
            if (certificates.isEmpty()) {
                throw new TrustListException(sourceName + ": holds no certificate");
            }
            return certificates;
        } catch (CertificateException | RuntimeException e) {
            throw new TrustListException(sourceName + ": not an X.509 certificate: " + e.getMessage(), e);
        }
    }
}
