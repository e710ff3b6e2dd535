package org.lazaret.dcc;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What a policy judges: the decoded DCC JSON, the instant of judgement, and the CWT facts
 * business rules may refer to (issuer country, issued-at, expiry, key identifier).
 */
public record PolicyInput(JsonNode payload, Instant validationClock, Optional<String> issuerCountry,
        Optional<Instant> issuedAt, Optional<Instant> expiresAt, Optional<Kid> kid) {
    public PolicyInput {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(validationClock, "validationClock");
        Objects.requireNonNull(issuerCountry, "issuerCountry");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(kid, "kid");
    }
}
