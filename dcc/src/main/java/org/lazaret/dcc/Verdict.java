package org.lazaret.dcc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.dcc.cose.CwtClaims;

/**
 * The result of verifying one DCC: every failed check (in pipeline order, each with a detail),
 * the QR text that was read, and the decoded claims when decoding got that far. Valid means no
 * failure at all. Immutable; {@link #payload()} returns a copy of the DCC JSON.
 */
public final class Verdict {
    private final List<Finding> findings;
    private final Optional<String> text;
    private final Optional<CwtClaims> claims;
    private final Optional<TrustedKey> signer;

    Verdict(List<Finding> findings, Optional<String> text, Optional<CwtClaims> claims, Optional<TrustedKey> signer) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(Comparator.comparing(Finding::failure));
        this.findings = List.copyOf(sorted);
        this.text = Objects.requireNonNull(text, "text");
        this.claims = Objects.requireNonNull(claims, "claims");
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    public boolean valid() {
        return findings.isEmpty();
    }

    /** The distinct failures, in {@link Failure} declaration (= pipeline) order. */
    public List<Failure> failures() {
        return findings.stream().map(Finding::failure).distinct().toList();
    }

    /** Every failed check with its detail, in pipeline order. */
    public List<Finding> findings() {
        return findings;
    }

    /** The QR text read (absent only when a picture could not be read). */
    public Optional<String> text() {
        return text;
    }

    /** The DCC JSON, when the CWT payload could be decoded. */
    public Optional<JsonNode> payload() {
        return claims.map(c -> c.dcc().deepCopy());
    }

    /** Issuer, issued-at and expiry from the CWT, when it could be decoded. */
    public Optional<CwtClaims> claims() {
        return claims.map(c -> new CwtClaims(c.issuer(), c.issuedAt(), c.expiresAt(), c.dcc().deepCopy()));
    }

    /** The trusted certificate whose key verified the signature, when one did. */
    public Optional<TrustedKey> signer() {
        return signer;
    }

    /** {@code {"valid", "failures", "text", "payload"}}, absent values as JSON null: the CLI's output. */
    public ObjectNode toJson() {
        ObjectNode json = DccJson.nodes().objectNode();
        json.put("valid", valid());
        ArrayNode failures = json.putArray("failures");
        failures().forEach(failure -> failures.add(failure.wireName()));
        json.put("text", text.orElse(null));
        json.set("payload", claims.<JsonNode>map(c -> c.dcc().deepCopy()).orElse(DccJson.nodes().nullNode()));
        return json;
    }

    /** {@link #toJson()} plus "details" (failure, detail) and the CWT claims and signer kid. */
    public ObjectNode toDetailedJson() {
        ObjectNode json = toJson();
        ArrayNode details = json.putArray("details");
        for (Finding finding : findings) {
            details.addObject().put("failure", finding.failure().wireName()).put("detail", finding.detail());
        }
        claims.ifPresent(c -> {
            c.issuer().ifPresent(issuer -> json.put("issuer", issuer));
            c.issuedAt().ifPresent(at -> json.put("issuedAt", at.toString()));
            c.expiresAt().ifPresent(at -> json.put("expiresAt", at.toString()));
        });
        signer.ifPresent(key -> json.put("signerKid", key.kid().toString()));
        return json;
    }

    public String toJsonString() {
        return DccJson.write(toJson());
    }

    @Override
    public String toString() {
        return "Verdict" + failures() + findings.stream().map(Finding::detail).toList();
    }
}
