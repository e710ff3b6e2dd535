package org.lazaret.contracts.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.Revert;
import org.lazaret.contracts.Roles;
import org.lazaret.contracts.governance.GovernanceContract;
import org.lazaret.core.Limits;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.certlogic.RuleFormatException;
import org.lazaret.dcc.certlogic.RuleSetPolicy;

/**
 * The trust behind health certificates (EU DCC): which document-signing certificates (DSCs) are
 * trusted, which issued certificates are revoked, and which verification policies venues apply.
 * Only hashes of certificates reach the ledger, never the personal data they carry.
 *
 * <ul>
 *   <li>{@code registerSigner} {certificate}: a {@code credential.issuer} registers a DSC of its
 *       organisation (base64 DER, unexpired at block time); its kid must be new.
 *   <li>{@code suspendSigner}, {@code reinstateSigner}, {@code revokeSigner} {kid, reason}: by an
 *       admin of the signer's organisation, or by a passed governance proposal (action
 *       {@code contractCall}). Suspension can be undone; revocation is final.
 *   <li>{@code recordIssued} {hash}: a {@code credential.issuer} records the revocation hash of a
 *       certificate it issued: SHA-256 of the certificate identifier (UVCI, {@code ci}), 64
 *       lower-case hex digits, as the EU DCC revocation lists use it.
 *   <li>{@code revokeCertificate} {hash, reason}: by a {@code credential.issuer} of the
 *       organisation that recorded the hash; a hash nobody recorded (a certificate issued off
 *       this ledger) may be revoked by any {@code credential.issuer}.
 *   <li>{@code putPolicy} {name, rules, valueSets?, country?}: an admin publishes the EU
 *       business rules (CertLogic) of a venue such as {@code workplace} or {@code care-home};
 *       rules are validated on the way in, naming the rule and the reason. The organisation that
 *       first published a name owns it: only its admins replace it.
 * </ul>
 *
 * <p>State (all under {@code credentials/}, listed by {@link CredentialsState}); the maximum age
 * of a verifier's snapshot is the governance parameter {@value #SNAPSHOT_MAX_AGE}.
 */
public final class CredentialsContract implements Contract {
  public static final String NAME = "credentials";
  public static final String ISSUER_ROLE = "credential.issuer";
  public static final String SNAPSHOT_MAX_AGE = "credentials.snapshotMaxAgeMillis";
  public static final long SNAPSHOT_MAX_AGE_DEFAULT = 48L * 60 * 60 * 1000;
  public static final String HASH_PATTERN = "[0-9a-f]{64}";
  public static final String POLICY_NAME = "[a-z][a-z0-9-]{0,31}";
  public static final String COUNTRY = "[A-Z]{2}";
  public static final int SIGNER_COUNT_MAX = 1_000;
  public static final int POLICY_COUNT_MAX = 100;
  /** Methods a passed governance proposal may call (see GovernanceContract's contractCall). */
  public static final Set<String> GOVERNED_METHODS = Set.of("suspendSigner", "reinstateSigner", "revokeSigner");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> methods() {
    return Set.of("registerSigner", "suspendSigner", "reinstateSigner", "revokeSigner", "recordIssued", "revokeCertificate", "putPolicy");
  }

  @Override
  public void check(String method, JsonNode args) {
    checkArgs(method, new Args(args));
  }

  /** Everything about a call that needs no state; the call runs it again. */
  private static void checkArgs(String method, Args a) {
    switch (method) {
      case "registerSigner" -> certificate(a.only("certificate"));
      case "suspendSigner", "reinstateSigner", "revokeSigner" -> {
        a.only("kid", "reason").text("kid", SignerCertificate.KID_PATTERN);
        reason(a);
      }
      case "recordIssued" -> a.only("hash").text("hash", HASH_PATTERN);
      case "revokeCertificate" -> {
        a.only("hash", "reason").text("hash", HASH_PATTERN);
        reason(a);
      }
      case "putPolicy" -> policy(a.only("name", "rules", "valueSets", "country"));
      default -> throw new Revert("UNKNOWN_METHOD", "contract '" + NAME + "' has no method '" + method + "'");
    }
  }

  @Override
  public void call(String method, JsonNode args, Context ctx) {
    Args a = new Args(args);
    checkArgs(method, a);
    switch (method) {
      case "registerSigner" -> registerSigner(a, ctx);
      case "suspendSigner" -> changeSigner(a, ctx, Optional.of(SignerStatus.ACTIVE), SignerStatus.SUSPENDED, "SignerSuspended");
      case "reinstateSigner" -> changeSigner(a, ctx, Optional.of(SignerStatus.SUSPENDED), SignerStatus.ACTIVE, "SignerReinstated");
      case "revokeSigner" -> changeSigner(a, ctx, Optional.empty(), SignerStatus.REVOKED, "SignerRevoked");
      case "recordIssued" -> recordIssued(a, ctx);
      case "revokeCertificate" -> revokeCertificate(a, ctx);
      case "putPolicy" -> putPolicy(a, ctx);
      default -> throw new IllegalStateException("method list and dispatch disagree: " + method);
    }
  }

  private static SignerCertificate certificate(Args a) {
    String text = a.text("certificate");
    try {
      return SignerCertificate.parse(text);
    } catch (IllegalArgumentException e) {
      throw a.invalid("certificate", e.getMessage());
    }
  }

  private static String reason(Args a) {
    String reason = a.text("reason");
    if (reason.isBlank()) {
      throw a.invalid("reason", "must not be blank");
    }
    if (reason.getBytes(StandardCharsets.UTF_8).length > Limits.REASON_BYTES_MAX) {
      throw a.invalid("reason", "must be at most " + Limits.REASON_BYTES_MAX + " bytes");
    }
    return reason;
  }

  /** Validates the rules with the CertLogic validator the verifiers use; the message names the rule. */
  private static void policy(Args a) {
    String name = a.text("name", POLICY_NAME);
    JsonNode rules = a.node("rules");
    if (!rules.isArray() || rules.isEmpty()) {
      throw a.invalid("rules", "must be a non-empty array of EU business rules");
    }
    JsonNode valueSets = DccJson.nodes().objectNode();
    if (a.has("valueSets")) {
      a.object("valueSets");
      valueSets = a.node("valueSets");
    }
    String country = a.has("country") ? a.text("country", COUNTRY) : "";
    try {
      RuleSetPolicy.fromJson(name, rules, valueSets, country);
    } catch (RuleFormatException e) {
      throw a.invalid("rules", e.getMessage());
    }
  }

  private static void registerSigner(Args a, Context ctx) {
    String org = ctx.roles().require(ISSUER_ROLE);
    SignerCertificate cert = certificate(a);
    if (cert.notAfterMillis() < ctx.timeMillis()) {
      throw new Revert("CERTIFICATE_EXPIRED", "certificate: expired at " + java.time.Instant.ofEpochMilli(cert.notAfterMillis()) + ", before the block time");
    }
    String key = CredentialsState.signerKey(cert.kid());
    Optional<JsonNode> existing = ctx.read(key);
    if (existing.isPresent()) {
      throw new Revert("SIGNER_EXISTS", "certificate: kid " + cert.kid() + " is already registered by '" + existing.get().path("org").asText() + "' ("
          + existing.get().path("status").asText() + ")");
    }
    TreeSet<String> kids = sortedList(ctx, CredentialsState.SIGNERS);
    if (kids.size() >= SIGNER_COUNT_MAX) {
      throw new Revert("TOO_MANY_SIGNERS", "the trust list holds " + SIGNER_COUNT_MAX + " signers, its limit");
    }
    ObjectNode s = CanonicalJson.object();
    s.put("kid", cert.kid()).put("certificate", cert.base64()).put("org", org).put("status", SignerStatus.ACTIVE.wireName());
    s.put("subject", cert.subject()).put("notBefore", cert.notBeforeMillis()).put("notAfter", cert.notAfterMillis());
    s.put("registeredAt", ctx.timeMillis());
    ctx.write(key, s);
    kids.add(cert.kid());
    writeSortedList(ctx, CredentialsState.SIGNERS, kids);
    ctx.emit("SignerRegistered", CanonicalJson.object().put("kid", cert.kid()).put("org", org).put("subject", cert.subject()));
  }

  /** A status change from {@code from} (from any status but revoked when empty) to {@code to}. */
  private static void changeSigner(Args a, Context ctx, Optional<SignerStatus> from, SignerStatus to, String event) {
    String kid = a.text("kid", SignerCertificate.KID_PATTERN);
    String reason = reason(a);
    String key = CredentialsState.signerKey(kid);
    ObjectNode s = (ObjectNode) ctx.read(key).orElseThrow(() -> new Revert("UNKNOWN_SIGNER", "kid: no signer " + kid + " is registered")).deepCopy();
    String by;
    if (ctx.invokedBy().equals(Optional.of(GovernanceContract.NAME))) {
      by = "governance";
    } else {
      String org = ctx.roles().require(Roles.ADMIN);
      if (!org.equals(s.path("org").asText())) {
        throw new Revert("UNAUTHORIZED", "kid: signer " + kid + " belongs to '" + s.path("org").asText() + "'; only its admins or a governance vote change it");
      }
      by = org;
    }
    SignerStatus current = SignerStatus.fromWireName(s.path("status").asText()).orElseThrow(() -> new IllegalStateException("signer " + kid + " has status " + s.path("status")));
    if (current == SignerStatus.REVOKED) {
      throw new Revert("SIGNER_REVOKED", "kid: signer " + kid + " is revoked, which is final");
    }
    if (from.isPresent() && current != from.get()) {
      throw new Revert("SIGNER_NOT_" + from.get().name(), "kid: signer " + kid + " is " + current + ", not " + from.get());
    }
    s.put("status", to.wireName()).put("reason", reason).put("changedAt", ctx.timeMillis()).put("changedBy", by);
    ctx.write(key, s);
    ctx.emit(event, CanonicalJson.object().put("kid", kid).put("reason", reason).put("by", by));
  }

  private static void recordIssued(Args a, Context ctx) {
    String org = ctx.roles().require(ISSUER_ROLE);
    String hash = a.text("hash", HASH_PATTERN);
    Optional<JsonNode> existing = ctx.read(CredentialsState.issuedKey(hash));
    if (existing.isPresent()) {
      throw new Revert("ALREADY_RECORDED", "hash: " + hash + " was recorded by '" + existing.get().path("org").asText() + "'");
    }
    ctx.write(CredentialsState.issuedKey(hash), CanonicalJson.object().put("hash", hash).put("org", org).put("recordedAt", ctx.timeMillis()));
    ctx.emit("CertificateRecorded", CanonicalJson.object().put("hash", hash).put("org", org));
  }

  private static void revokeCertificate(Args a, Context ctx) {
    String org = ctx.roles().require(ISSUER_ROLE);
    String hash = a.text("hash", HASH_PATTERN);
    String reason = reason(a);
    Optional<JsonNode> issued = ctx.read(CredentialsState.issuedKey(hash));
    if (issued.isPresent() && !org.equals(issued.get().path("org").asText())) {
      throw new Revert("UNAUTHORIZED", "hash: recorded by '" + issued.get().path("org").asText() + "'; only its issuers revoke it");
    }
    if (ctx.read(CredentialsState.revokedKey(hash)).isPresent()) {
      throw new Revert("ALREADY_REVOKED", "hash: " + hash + " is already revoked");
    }
    ctx.write(CredentialsState.revokedKey(hash), CanonicalJson.object().put("hash", hash).put("org", org).put("reason", reason).put("revokedAt", ctx.timeMillis()));
    long count = ctx.read(CredentialsState.REVOCATION_COUNT).map(JsonNode::longValue).orElse(0L);
    String pageKey = CredentialsState.revocationPageKey(count / CredentialsState.REVOCATION_PAGE_SIZE);
    ArrayNode page = ctx.read(pageKey).map(p -> (ArrayNode) p.deepCopy()).orElseGet(() -> CanonicalJson.object().arrayNode());
    page.add(hash);
    ctx.write(pageKey, page);
    ctx.write(CredentialsState.REVOCATION_COUNT, CanonicalJson.object().numberNode(count + 1));
    ctx.emit("CertificateRevoked", CanonicalJson.object().put("hash", hash).put("org", org).put("reason", reason));
  }

  private static void putPolicy(Args a, Context ctx) {
    String org = ctx.roles().require(Roles.ADMIN);
    String name = a.text("name", POLICY_NAME);
    String key = CredentialsState.policyKey(name);
    Optional<JsonNode> existing = ctx.read(key);
    if (existing.isPresent() && !org.equals(existing.get().path("org").asText())) {
      throw new Revert("UNAUTHORIZED", "name: policy '" + name + "' belongs to '" + existing.get().path("org").asText() + "'");
    }
    TreeSet<String> names = sortedList(ctx, CredentialsState.POLICIES);
    if (!names.contains(name) && names.size() >= POLICY_COUNT_MAX) {
      throw new Revert("TOO_MANY_POLICIES", "the ledger holds " + POLICY_COUNT_MAX + " policies, its limit");
    }
    long version = existing.map(p -> p.path("version").longValue() + 1).orElse(1L);
    ObjectNode p = CanonicalJson.object().put("name", name).put("org", org).put("version", version).put("updatedAt", ctx.timeMillis());
    p.set("rules", a.node("rules"));
    if (a.has("valueSets")) {
      p.set("valueSets", a.node("valueSets"));
    }
    if (a.has("country")) {
      p.put("country", a.text("country"));
    }
    ctx.write(key, p);
    names.add(name);
    writeSortedList(ctx, CredentialsState.POLICIES, names);
    ctx.emit("PolicyPut", CanonicalJson.object().put("name", name).put("org", org).put("version", version).put("rules", a.node("rules").size()));
  }

  private static TreeSet<String> sortedList(Context ctx, String key) {
    TreeSet<String> out = new TreeSet<>();
    ctx.read(key).ifPresent(n -> n.forEach(e -> out.add(e.asText())));
    return out;
  }

  private static void writeSortedList(Context ctx, String key, TreeSet<String> values) {
    ArrayNode arr = CanonicalJson.object().arrayNode();
    values.forEach(arr::add);
    ctx.write(key, arr);
  }
}
