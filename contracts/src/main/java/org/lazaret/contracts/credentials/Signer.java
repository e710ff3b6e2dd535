package org.lazaret.contracts.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.core.json.CanonicalJson;

/**
 * A registered document signer as a verifier sees it: its certificate, the organisation that
 * registered it, its status and, once changed, the reason given.
 */
public record Signer(String kid, X509Certificate certificate, String org, SignerStatus status, String subject, Optional<String> reason, JsonNode json) {
  public Signer {
    Objects.requireNonNull(kid, "kid");
    Objects.requireNonNull(certificate, "certificate");
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(reason, "reason");
    json = json.deepCopy();
  }

  /**
   * Reads the state value {@code credentials/signer/<kid>}.
   *
   * @throws IllegalArgumentException naming the signer and the field at fault
   */
  public static Signer fromJson(JsonNode json) {
    String kid = json.path("kid").asText("");
    if (!kid.matches(SignerCertificate.KID_PATTERN)) {
      throw new IllegalArgumentException("signer: kid '" + kid + "' is not 16 hex digits");
    }
    SignerCertificate cert;
    try {
      cert = SignerCertificate.parse(json.path("certificate").asText(""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("signer " + kid + ": certificate " + e.getMessage());
    }
    if (!cert.kid().equals(kid)) {
      throw new IllegalArgumentException("signer " + kid + ": the certificate's kid is " + cert.kid());
    }
    SignerStatus status = SignerStatus.fromWireName(json.path("status").asText(""))
        .orElseThrow(() -> new IllegalArgumentException("signer " + kid + ": unknown status " + json.path("status")));
    Optional<String> reason = json.path("reason").isTextual() ? Optional.of(json.get("reason").textValue()) : Optional.empty();
    return new Signer(kid, cert.certificate(), json.path("org").asText(""), status, json.path("subject").asText(cert.subject()), reason, json);
  }

  @Override
  public JsonNode json() {
    return json.deepCopy();
  }

  /** kid, org, status, subject and reason, without the certificate: what a verdict shows. */
  public ObjectNode summary() {
    ObjectNode o = CanonicalJson.object();
    o.put("kid", kid).put("org", org).put("status", status.wireName()).put("subject", subject);
    reason.ifPresent(r -> o.put("reason", r));
    return o;
  }
}
