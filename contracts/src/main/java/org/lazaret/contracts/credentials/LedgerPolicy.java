package org.lazaret.contracts.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.Policy;
import org.lazaret.dcc.certlogic.RuleFormatException;
import org.lazaret.dcc.certlogic.RuleSetPolicy;

/**
 * A venue's verification policy as published on the ledger: EU business rules in CertLogic, with
 * the value sets and country they are evaluated with, ready for the dcc verifier.
 */
public record LedgerPolicy(String name, String org, long version, Policy policy, JsonNode json) {
  public LedgerPolicy {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(policy, "policy");
    json = json.deepCopy();
  }

  /**
   * Reads the state value {@code credentials/policy/<name>}.
   *
   * @throws IllegalArgumentException naming the policy and the reason
   */
  public static LedgerPolicy fromJson(JsonNode json) {
    String name = json.path("name").asText("");
    if (!name.matches(CredentialsContract.POLICY_NAME)) {
      throw new IllegalArgumentException("policy: name '" + name + "' is not valid");
    }
    JsonNode valueSets = json.has("valueSets") ? json.get("valueSets") : DccJson.nodes().objectNode();
    try {
      Policy policy = RuleSetPolicy.fromJson(name, json.path("rules"), valueSets, json.path("country").asText(""));
      return new LedgerPolicy(name, json.path("org").asText(""), json.path("version").asLong(0), policy, json);
    } catch (RuleFormatException e) {
      throw new IllegalArgumentException("policy " + name + ": " + e.getMessage());
    }
  }

  @Override
  public JsonNode json() {
    return json.deepCopy();
  }

  /** Name, organisation, version, and each rule's identifier, certificate type and English description. */
  public ObjectNode summary() {
    ObjectNode o = CanonicalJson.object();
    o.put("name", name).put("org", org).put("version", version);
    ArrayNode rules = o.putArray("rules");
    for (JsonNode rule : json.path("rules")) {
      String description = "";
      for (JsonNode d : rule.path("Description")) {
        if (description.isEmpty() || d.path("lang").asText("").equals("en")) {
          description = d.path("desc").asText("");
        }
      }
      rules.addObject()
          .put("identifier", rule.path("Identifier").asText(""))
          .put("certificateType", rule.path("CertificateType").asText("General"))
          .put("description", description);
    }
    return o;
  }
}
