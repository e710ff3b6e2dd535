package org.lazaret.dcc.issue;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * What issuing a DCC needs: the DCC JSON payload, the issuer country (CWT iss, ISO 3166 alpha-2),
 * issued-at and expiry instants (CWT iat and exp, whole seconds), and the document signer's
 * private key with its certificate (whose SHA-256 gives the kid).
 */
public record IssueRequest(JsonNode dcc, String issuerCountry, Instant issuedAt, Instant expiresAt,
        PrivateKey privateKey, X509Certificate certificate) {
    public IssueRequest {
        Objects.requireNonNull(dcc, "dcc");
        Objects.requireNonNull(issuerCountry, "issuerCountry");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        dcc = dcc.deepCopy();
        if (!dcc.isObject()) {
            throw new IllegalArgumentException("dcc must be a JSON object, found " + dcc.getNodeType());
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt " + expiresAt + " must be after issuedAt " + issuedAt);
        }
        if (issuerCountry.isBlank()) {
            throw new IllegalArgumentException("issuerCountry is blank");
        }
    }

    @Override
    public JsonNode dcc() {
        return dcc.deepCopy();
    }
}
