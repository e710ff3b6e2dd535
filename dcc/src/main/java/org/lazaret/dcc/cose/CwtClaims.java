package org.lazaret.dcc.cose;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The claims of a DCC's CWT payload (RFC 8392): issuer country (1), expiry (4), issued-at (6)
 * and the EU DCC itself, claim -260 (hcert) key 1, as JSON.
 */
public record CwtClaims(Optional<String> issuer, Optional<Instant> issuedAt, Optional<Instant> expiresAt,
        JsonNode dcc) {
    public CwtClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(dcc, "dcc");
    }
}
