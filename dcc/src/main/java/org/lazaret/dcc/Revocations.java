package org.lazaret.dcc;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.lazaret.dcc.cose.CoseAlgorithm;

/**
 * Revoked certificates, as lowercase hex hashes. Two hash kinds are supported, each either in
 * full (32 bytes, 64 hex digits) or truncated to the first 16 bytes (32 hex digits) as the EU DCC
 * revocation specification distributes them:
 * <ul>
 *   <li>UCI: SHA-256 of the UTF-8 of a certificate identifier ({@code ci}) of any entry;</li>
 *   <li>SIGNATURE: SHA-256 of the COSE signature's r value for ECDSA (the first half of r||s,
 *       which stays the same when s is negated), or of the whole signature for RSA-PSS.</li>
 * </ul>
 * The spec's third kind, COUNTRYCODEUCI, is not supported. Order of entries is kept.
 */
public final class Revocations {
    private static final Revocations NONE = new Revocations(Set.of());
    private static final HexFormat HEX = HexFormat.of();
    private final Set<String> hashes;

    private Revocations(Set<String> hashes) {
        this.hashes = hashes;
    }

    public static Revocations none() {
        return NONE;
    }

    /** @throws IllegalArgumentException naming the first entry that is not 32 or 64 hex digits */
    public static Revocations of(Collection<String> hexHashes) {
        LinkedHashSet<String> normalised = new LinkedHashSet<>();
        for (String entry : hexHashes) {
            String hash = entry.strip().toLowerCase(Locale.ROOT);
            if ((hash.length() != 32 && hash.length() != 64) || !hash.chars().allMatch(HexFormat::isHexDigit)) {
                throw new IllegalArgumentException("revocation entry '" + entry
                        + "' is not 32 or 64 hexadecimal digits");
            }
            normalised.add(hash);
        }
        return new Revocations(java.util.Collections.unmodifiableSet(normalised));
    }

    public boolean isEmpty() {
        return hashes.isEmpty();
    }

    public Set<String> hashes() {
        return hashes;
    }

    /** The first candidate hash on the list, if any. */
    Optional<String> firstMatch(List<String> candidates) {
        return candidates.stream().filter(hashes::contains).findFirst();
    }

    /** The UCI hash of a certificate identifier, full length. */
    public static String uciHash(String certificateIdentifier) {
        return HEX.formatHex(sha256(certificateIdentifier.getBytes(StandardCharsets.UTF_8)));
    }

    /** The SIGNATURE hash of a COSE signature, full length. */
    public static String signatureHash(CoseAlgorithm algorithm, byte[] signature) {
        byte[] signed = algorithm.family() == CoseAlgorithm.Family.ECDSA
                ? Arrays.copyOf(signature, signature.length / 2)
                : signature;
        return HEX.formatHex(sha256(signed));
    }

    /** Every hash (full and 16-byte form) under which this certificate could be listed. */
    static List<String> candidates(Optional<JsonNode> dcc, Optional<String> signatureHash) {
        List<String> full = new java.util.ArrayList<>();
        dcc.ifPresent(payload -> {
            for (CertificateType type : CertificateType.values()) {
                JsonNode entries = payload.path(type.payloadKey());
                for (JsonNode entry : entries) {
                    JsonNode ci = entry.path("ci");
                    if (ci.isTextual()) {
                        full.add(uciHash(ci.textValue()));
                    }
                }
            }
        });
        signatureHash.ifPresent(full::add);
        List<String> all = new java.util.ArrayList<>(full.size() * 2);
        for (String hash : full) {
            all.add(hash);
            all.add(hash.substring(0, 32));
        }
        return all;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
