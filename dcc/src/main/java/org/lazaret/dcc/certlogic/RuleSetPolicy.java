package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.lazaret.dcc.CertificateType;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.Policy;
import org.lazaret.dcc.PolicyDecision;
import org.lazaret.dcc.PolicyInput;

/**
 * A policy made of EU-style business rules. Each rule in force at the validation clock and
 * concerning the DCC's type is evaluated on the EU data context
 * <pre>{"payload": DCC, "external": {"validationClock", "valueSets", "countryCode", "region",
 *   "exp", "iat", "issuerCountryCode", "kid"}}</pre>
 * (times as ISO-8601 UTC text, kid as base64). A rule passes only when its logic is truthy; a
 * falsy result, a result neither truthy nor falsy, or an evaluation error denies, so a rule that
 * cannot be evaluated never lets a certificate through. Every failed rule is reported.
 */
public final class RuleSetPolicy implements Policy {
    private final String name;
    private final List<BusinessRule> rules;
    private final JsonNode valueSets;
    private final String countryCode;

    public RuleSetPolicy(String name, List<BusinessRule> rules, JsonNode valueSets, String countryCode) {
        this.name = Objects.requireNonNull(name, "name");
        this.rules = List.copyOf(rules);
        this.valueSets = Objects.requireNonNull(valueSets, "valueSets").deepCopy();
        this.countryCode = Objects.requireNonNull(countryCode, "countryCode");
    }

    /** Reads a JSON array of rules in the EU business-rule shape. */
    public static RuleSetPolicy fromJson(String name, JsonNode rules, JsonNode valueSets, String countryCode)
            throws RuleFormatException {
        if (!rules.isArray()) {
            throw new RuleFormatException(name + ": a rule set must be a JSON array of rules");
        }
        List<BusinessRule> parsed = new ArrayList<>(rules.size());
        for (JsonNode rule : rules) {
            parsed.add(BusinessRule.fromJson(rule));
        }
        return new RuleSetPolicy(name, parsed, valueSets, countryCode);
    }

    @Override
    public String name() {
        return name;
    }

    public List<BusinessRule> rules() {
        return rules;
    }

    @Override
    public PolicyDecision judge(PolicyInput input) {
        List<CertificateType> types = new ArrayList<>();
        for (CertificateType type : CertificateType.values()) {
            if (input.payload().has(type.payloadKey())) {
                types.add(type);
            }
        }
        JsonNode data = context(input);
        List<String> denials = new ArrayList<>();
        for (BusinessRule rule : rules) {
            if (!rule.appliesTo(types, input.validationClock())) {
                continue;
            }
            String label = rule.identifier() + (rule.description().isEmpty() ? "" : " (" + rule.description() + ")");
            try {
                if (!CertLogic.test(rule.logic(), data)) {
                    denials.add(label + " is not met");
                }
            } catch (CertLogicException e) {
                denials.add(label + " cannot be evaluated: " + e.getMessage());
            }
        }
        return denials.isEmpty() ? new PolicyDecision.Allowed() : new PolicyDecision.Denied(denials);
    }

    private JsonNode context(PolicyInput input) {
        ObjectNode data = DccJson.nodes().objectNode();
        data.set("payload", input.payload());
        ObjectNode external = data.putObject("external");
        external.put("validationClock", input.validationClock().toString());
        external.set("valueSets", valueSets);
        external.put("countryCode", countryCode);
        external.put("region", "");
        input.expiresAt().ifPresent(exp -> external.put("exp", exp.toString()));
        input.issuedAt().ifPresent(iat -> external.put("iat", iat.toString()));
        input.issuerCountry().ifPresent(country -> external.put("issuerCountryCode", country));
        input.kid().ifPresent(kid -> external.put("kid", Base64.getEncoder().encodeToString(kid.value().toArray())));
        return data;
    }

    @Override
    public String toString() {
        return "RuleSetPolicy[" + name + ", " + rules.size() + " rules]";
    }
}
