package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.dcc.CertificateType;

/**
 * One rule in the JSON shape of the EU DCC business rules (dgc-business-rules, the gateway's
 * rule format): {@code Identifier}, {@code Type}, {@code Country}, {@code Version},
 * {@code CertificateType} (General, Vaccination, Test or Recovery), {@code Description}
 * (list of {lang, desc}), {@code ValidFrom}/{@code ValidTo}, {@code Engine} and {@code Logic}.
 * The logic is validated when the rule is read, so an accepted rule has a well-formed expression.
 */
public record BusinessRule(String identifier, String type, String country, String version,
        Optional<CertificateType> certificateType, String description, Optional<Instant> validFrom,
        Optional<Instant> validTo, JsonNode logic) {
    public BusinessRule {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(certificateType, "certificateType");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(validTo, "validTo");
        logic = Objects.requireNonNull(logic, "logic").deepCopy();
    }

    /** The logic expression (a copy). */
    @Override
    public JsonNode logic() {
        return logic.deepCopy();
    }

    /** Reads a rule; the exception names the field and the reason. */
    public static BusinessRule fromJson(JsonNode json) throws RuleFormatException {
        if (!json.isObject()) {
            throw new RuleFormatException("a business rule must be a JSON object, found " + json.getNodeType());
        }
        String identifier = text(json, "Identifier", "").strip();
        if (identifier.isEmpty()) {
            throw new RuleFormatException("rule has no Identifier");
        }
        String engine = text(json, "Engine", "CERTLOGIC");
        if (!engine.equalsIgnoreCase("CERTLOGIC")) {
            throw new RuleFormatException(identifier + ": Engine '" + engine + "' is not CERTLOGIC");
        }
        JsonNode logic = json.get("Logic");
        if (logic == null) {
            throw new RuleFormatException(identifier + ": rule has no Logic");
        }
        List<CertLogicIssue> issues = CertLogic.validate(logic);
        if (!issues.isEmpty()) {
            throw new RuleFormatException(identifier + ": Logic is not valid CertLogic: " + issues.get(0).message()
                    + " in " + issues.get(0).expression());
        }
        return new BusinessRule(identifier, text(json, "Type", "Acceptance"), text(json, "Country", ""),
                text(json, "Version", ""), certificateType(identifier, text(json, "CertificateType", "General")),
                description(json.path("Description")), instant(json, "ValidFrom", identifier),
                instant(json, "ValidTo", identifier), logic);
    }

    /** Whether the rule is in force at the instant and concerns a DCC of the given types. */
    boolean appliesTo(List<CertificateType> types, Instant at) {
        boolean inForce = validFrom.map(from -> !at.isBefore(from)).orElse(true)
                && validTo.map(to -> !at.isAfter(to)).orElse(true);
        return inForce && certificateType.map(types::contains).orElse(true);
    }

    private static Optional<CertificateType> certificateType(String identifier, String name)
            throws RuleFormatException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "general" -> Optional.empty();
            case "vaccination" -> Optional.of(CertificateType.VACCINATION);
            case "test" -> Optional.of(CertificateType.TEST);
            case "recovery" -> Optional.of(CertificateType.RECOVERY);
            default -> throw new RuleFormatException(identifier + ": CertificateType '" + name
                    + "' is not General, Vaccination, Test or Recovery");
        };
    }

    /** The English description, else the first one, else empty. */
    private static String description(JsonNode descriptions) {
        String first = "";
        for (JsonNode description : descriptions) {
            String text = description.path("desc").asText("");
            if (description.path("lang").asText("").equalsIgnoreCase("en")) {
                return text;
            }
            if (first.isEmpty()) {
                first = text;
            }
        }
        return first;
    }

    private static String text(JsonNode json, String field, String fallback) {
        JsonNode value = json.get(field);
        return value != null && value.isTextual() ? value.textValue() : fallback;
    }

    private static Optional<Instant> instant(JsonNode json, String field, String identifier)
            throws RuleFormatException {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.asText()).toInstant());
        } catch (DateTimeParseException e) {
            throw new RuleFormatException(identifier + ": " + field + " '" + value.asText()
                    + "' is not an ISO-8601 date-time with offset");
        }
    }
}
