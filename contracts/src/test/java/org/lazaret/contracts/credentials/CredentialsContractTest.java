package org.lazaret.contracts.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.eventNames;
import static org.lazaret.contracts.TestChain.key;
import static org.lazaret.contracts.TestChain.obj;
import static org.lazaret.contracts.TestChain.reverted;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lazaret.contracts.Revert;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.dcc.issue.TestSigners;

/**
 * Goal: show that the trust behind health certificates changes only as its owners and the
 * consortium decide. Issuers register their own organisation's signing certificates (valid X.509,
 * unexpired, never twice); a signer is suspended, reinstated or revoked with a reason by its own
 * organisation's admins or by a governance vote, and by no one else; certificate hashes are
 * recorded and revoked by the issuing organisation; policies are validated CertLogic owned by the
 * organisation that published them. Method: an in-memory {@link TestChain} with a lab, a clinic and
 * an agency (each with an admin; the lab also has a plain issuer), seeded P-256 signers from the
 * dcc library; each test asserts receipts' codes and reasons and the state written (or not).
 */
class CredentialsContractTest {
  static final KeyPair LAB_ADMIN = key("cred-lab-admin");
  static final KeyPair LAB_ISSUER = key("cred-lab-issuer");
  static final KeyPair CLINIC_ADMIN = key("cred-clinic-admin");
  static final KeyPair AGENCY_ADMIN = key("cred-agency-admin");
  static final TestSigners.Signer LAB_DSC = Dsc.signer(1);
  static final TestSigners.Signer CLINIC_DSC = Dsc.signer(2);
  static final String VALID_RULES =
      "[{\"Identifier\":\"VR-1\",\"Type\":\"Acceptance\",\"Country\":\"XX\",\"Version\":\"1.0.0\",\"CertificateType\":\"General\","
          + "\"Description\":[{\"lang\":\"en\",\"desc\":\"Vaccinated.\"}],\"Engine\":\"CERTLOGIC\",\"Logic\":{\"if\":[{\"var\":\"payload.v.0\"},true,false]}}]";

  static TestChain chain() {
    return TestChain.genesis()
        .org("lab", LAB_ADMIN, "admin", "credential.issuer")
        .member("lab", LAB_ISSUER, "credential.issuer")
        .org("clinic", CLINIC_ADMIN, "admin", "credential.issuer")
        .org("agency", AGENCY_ADMIN, "admin")
        .start(new CredentialsContract());
  }

  static Receipt register(TestChain c, KeyPair k, TestSigners.Signer dsc) {
    return c.call(k, "credentials", "registerSigner", obj("certificate", Dsc.base64(dsc)));
  }

  static JsonNode signer(TestChain c, TestSigners.Signer dsc) {
    return c.read(CredentialsState.signerKey(Dsc.kid(dsc))).orElseThrow();
  }

  static Receipt change(TestChain c, KeyPair k, String method, TestSigners.Signer dsc, String reason) {
    return c.call(k, "credentials", method, obj("kid", Dsc.kid(dsc), "reason", reason));
  }

  @Test
  void anIssuerRegistersASignerOfItsOrganisation() {
    TestChain c = chain();
    long t = c.nextTime();
    Receipt r = register(c, LAB_ISSUER, LAB_DSC);
    assertThat(eventNames(r)).containsExactly("credentials.SignerRegistered");
    String kid = Dsc.kid(LAB_DSC);
    assertThat(kid).hasSize(16).isEqualTo(org.lazaret.core.crypto.Hash32.sha256(java.util.Base64.getDecoder().decode(Dsc.base64(LAB_DSC))).hex().substring(0, 16));
    JsonNode s = signer(c, LAB_DSC);
    assertThat(s.path("org").asText()).isEqualTo("lab");
    assertThat(s.path("status").asText()).isEqualTo("active");
    assertThat(s.path("certificate").asText()).isEqualTo(Dsc.base64(LAB_DSC));
    assertThat(s.path("registeredAt").asLong()).isEqualTo(t);
    assertThat(s.path("subject").asText()).isEqualTo("CN=Lazaret contract test DSC 1");
    applied(register(c, CLINIC_ADMIN, CLINIC_DSC));
    List<String> kids = List.of(kid, Dsc.kid(CLINIC_DSC)).stream().sorted().toList();
    assertThat(c.json(CredentialsState.SIGNERS)).contains(CanonicalJson.encodeToString(TestChain.arr(kids.get(0), kids.get(1))));
  }

  @Test
  void onlyACredentialIssuerRegistersAndNeverTheSameSignerTwice() {
    TestChain c = chain();
    assertThat(reverted(register(c, AGENCY_ADMIN, LAB_DSC), "UNAUTHORIZED")).contains("'credential.issuer'");
    applied(register(c, LAB_ISSUER, LAB_DSC));
    assertThat(reverted(register(c, CLINIC_ADMIN, LAB_DSC), "SIGNER_EXISTS")).isEqualTo("certificate: kid " + Dsc.kid(LAB_DSC) + " is already registered by 'lab' (active)");
    assertThat(signer(c, LAB_DSC).path("org").asText()).isEqualTo("lab");
  }

  @Test
  void aCertificateThatIsNotOneUsableX509IsRefusedNamingTheReason() {
    TestChain c = chain();
    String der = Dsc.base64(LAB_DSC);
    String pem = java.util.Base64.getEncoder().encodeToString(("-----BEGIN CERTIFICATE-----\n" + der + "\n-----END CERTIFICATE-----\n").getBytes());
    byte[] trailing = java.util.Arrays.copyOf(java.util.Base64.getDecoder().decode(der), java.util.Base64.getDecoder().decode(der).length + 1);
    assertThat(reverted(c.call(LAB_ISSUER, "credentials", "registerSigner", obj("certificate", "not base64!")), "BAD_ARGUMENT")).isEqualTo("certificate: not base64 (standard alphabet, padded)");
    assertThat(reverted(c.call(LAB_ISSUER, "credentials", "registerSigner", obj("certificate", pem)), "BAD_ARGUMENT"))
        .isEqualTo("certificate: not DER: an X.509 certificate starts with a SEQUENCE (0x30)");
    assertThat(reverted(c.call(LAB_ISSUER, "credentials", "registerSigner", obj("certificate", "MAMCAQE=")), "BAD_ARGUMENT")).isEqualTo("certificate: not an X.509 certificate");
    assertThat(reverted(c.call(LAB_ISSUER, "credentials", "registerSigner", obj("certificate", java.util.Base64.getEncoder().encodeToString(trailing))), "BAD_ARGUMENT"))
        .startsWith("certificate: not exactly one DER certificate");
    assertThat(reverted(c.call(LAB_ISSUER, "credentials", "registerSigner", obj("certificate", der, "org", "lab")), "BAD_ARGUMENT"))
        .isEqualTo("org: unknown argument; expected one of certificate");
    // Admission gives the same answer without state.
    CredentialsContract contract = new CredentialsContract();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> contract.check("registerSigner", obj("certificate", "MAMCAQE=")))
        .isInstanceOf(Revert.class).hasMessageStartingWith("certificate: not an X.509 certificate");
    assertThat(c.snapshot().keySet()).noneMatch(k -> k.startsWith("credentials/"));
  }

  @Test
  void anExpiredCertificateIsRefused() {
    TestChain c = chain();
    TestSigners.Signer old = Dsc.signer(3, Dsc.GENESIS.minusSeconds(7200), Dsc.GENESIS.minusSeconds(3600));
    assertThat(reverted(register(c, LAB_ISSUER, old), "CERTIFICATE_EXPIRED")).startsWith("certificate: expired at ");
  }

  @Test
  void theOrganisationsAdminSuspendsReinstatesAndFinallyRevokesItsSigner() {
    TestChain c = chain();
    applied(register(c, LAB_ISSUER, LAB_DSC));
    assertThat(reverted(change(c, LAB_ISSUER, "suspendSigner", LAB_DSC, "key on a lost laptop"), "UNAUTHORIZED")).contains("'admin'");
    long t = c.nextTime();
    assertThat(eventNames(change(c, LAB_ADMIN, "suspendSigner", LAB_DSC, "key on a lost laptop"))).containsExactly("credentials.SignerSuspended");
    JsonNode s = signer(c, LAB_DSC);
    assertThat(s.path("status").asText()).isEqualTo("suspended");
    assertThat(s.path("reason").asText()).isEqualTo("key on a lost laptop");
    assertThat(s.path("changedAt").asLong()).isEqualTo(t);
    assertThat(s.path("changedBy").asText()).isEqualTo("lab");
    assertThat(reverted(change(c, LAB_ADMIN, "suspendSigner", LAB_DSC, "again"), "SIGNER_NOT_ACTIVE")).isEqualTo("kid: signer " + Dsc.kid(LAB_DSC) + " is suspended, not active");
    applied(change(c, LAB_ADMIN, "reinstateSigner", LAB_DSC, "laptop found"));
    assertThat(signer(c, LAB_DSC).path("status").asText()).isEqualTo("active");
    assertThat(reverted(change(c, LAB_ADMIN, "reinstateSigner", LAB_DSC, "twice"), "SIGNER_NOT_SUSPENDED")).contains("is active, not suspended");
    applied(change(c, LAB_ADMIN, "revokeSigner", LAB_DSC, "key compromised"));
    assertThat(signer(c, LAB_DSC).path("status").asText()).isEqualTo("revoked");
    assertThat(reverted(change(c, LAB_ADMIN, "reinstateSigner", LAB_DSC, "undo"), "SIGNER_REVOKED")).endsWith("is revoked, which is final");
    assertThat(reverted(change(c, LAB_ADMIN, "revokeSigner", LAB_DSC, "again"), "SIGNER_REVOKED")).endsWith("is revoked, which is final");
  }

  @Test
  void anotherOrganisationsAdminCannotChangeASigner() {
    TestChain c = chain();
    applied(register(c, LAB_ISSUER, LAB_DSC));
    assertThat(reverted(change(c, CLINIC_ADMIN, "revokeSigner", LAB_DSC, "we do not like them"), "UNAUTHORIZED"))
        .isEqualTo("kid: signer " + Dsc.kid(LAB_DSC) + " belongs to 'lab'; only its admins or a governance vote change it");
    assertThat(reverted(change(c, LAB_ADMIN, "suspendSigner", CLINIC_DSC, "unknown"), "UNKNOWN_SIGNER")).isEqualTo("kid: no signer " + Dsc.kid(CLINIC_DSC) + " is registered");
    assertThat(reverted(c.call(LAB_ADMIN, "credentials", "suspendSigner", obj("kid", Dsc.kid(LAB_DSC), "reason", " ")), "BAD_ARGUMENT")).isEqualTo("reason: must not be blank");
    assertThat(reverted(c.call(LAB_ADMIN, "credentials", "suspendSigner", obj("kid", "ABC")), "BAD_ARGUMENT")).isEqualTo("kid: must match [0-9a-f]{16}");
    assertThat(signer(c, LAB_DSC).path("status").asText()).isEqualTo("active");
  }

  @Test
  void aGovernanceVoteRevokesASignerOfAnyOrganisation() {
    TestChain c = chain();
    applied(register(c, LAB_ISSUER, LAB_DSC));
    JsonNode action = obj("type", "contractCall", "contract", "credentials", "method", "revokeSigner", "args", obj("kid", Dsc.kid(LAB_DSC), "reason", "lab closed by the regulator"));
    SignedTransaction propose = c.tx(CLINIC_ADMIN, "governance", "propose", obj("action", action));
    applied(c.block(propose).receipts().get(0));
    assertThat(signer(c, LAB_DSC).path("status").asText()).as("one vote of three").isEqualTo("active");
    Receipt deciding = c.call(AGENCY_ADMIN, "governance", "vote", obj("proposal", propose.id().hex(), "approve", true));
    assertThat(eventNames(deciding)).containsExactly("governance.Voted", "credentials.SignerRevoked", "governance.ProposalPassed");
    JsonNode s = signer(c, LAB_DSC);
    assertThat(s.path("status").asText()).isEqualTo("revoked");
    assertThat(s.path("changedBy").asText()).isEqualTo("governance");
    assertThat(s.path("reason").asText()).isEqualTo("lab closed by the regulator");
  }

  @Test
  void governanceMayCallOnlyTheListedMethodsWithWellFormedArguments() {
    TestChain c = chain();
    JsonNode register = obj("type", "contractCall", "contract", "credentials", "method", "registerSigner", "args", obj("certificate", Dsc.base64(LAB_DSC)));
    assertThat(reverted(c.call(CLINIC_ADMIN, "governance", "propose", obj("action", register)), "BAD_ARGUMENT"))
        .isEqualTo("action.method: governance may call only [credentials.reinstateSigner, credentials.revokeSigner, credentials.suspendSigner]");
    JsonNode transfer = obj("type", "contractCall", "contract", "token", "method", "transfer", "args", obj("to", "x", "amount", 1));
    reverted(c.call(CLINIC_ADMIN, "governance", "propose", obj("action", transfer)), "BAD_ARGUMENT");
    JsonNode badKid = obj("type", "contractCall", "contract", "credentials", "method", "suspendSigner", "args", obj("kid", "nope", "reason", "r"));
    assertThat(reverted(c.call(CLINIC_ADMIN, "governance", "propose", obj("action", badKid)), "BAD_ARGUMENT")).isEqualTo("action.args: kid: must match [0-9a-f]{16}");
    // A member calling directly is not governance, whatever it claims.
    applied(register(c, LAB_ISSUER, LAB_DSC));
    reverted(change(c, AGENCY_ADMIN, "suspendSigner", LAB_DSC, "pretending"), "UNAUTHORIZED");
  }

  @Test
  void theIssuingOrganisationRecordsAndRevokesItsCertificates() {
    TestChain c = chain();
    String hash = Dsc.hash("URN:UVCI:01:XX:LAB/0001#A");
    assertThat(eventNames(c.call(LAB_ISSUER, "credentials", "recordIssued", obj("hash", hash)))).containsExactly("credentials.CertificateRecorded");
    assertThat(c.read(CredentialsState.issuedKey(hash)).orElseThrow().path("org").asText()).isEqualTo("lab");
    assertThat(reverted(c.call(CLINIC_ADMIN, "credentials", "recordIssued", obj("hash", hash)), "ALREADY_RECORDED")).isEqualTo("hash: " + hash + " was recorded by 'lab'");
    assertThat(reverted(c.call(CLINIC_ADMIN, "credentials", "revokeCertificate", obj("hash", hash, "reason", "x")), "UNAUTHORIZED")).isEqualTo("hash: recorded by 'lab'; only its issuers revoke it");
    reverted(c.call(AGENCY_ADMIN, "credentials", "revokeCertificate", obj("hash", hash, "reason", "x")), "UNAUTHORIZED");
    assertThat(eventNames(c.call(LAB_ADMIN, "credentials", "revokeCertificate", obj("hash", hash, "reason", "issued in error")))).containsExactly("credentials.CertificateRevoked");
    assertThat(c.read(CredentialsState.revokedKey(hash)).orElseThrow().path("reason").asText()).isEqualTo("issued in error");
    assertThat(reverted(c.call(LAB_ISSUER, "credentials", "revokeCertificate", obj("hash", hash, "reason", "again")), "ALREADY_REVOKED")).isEqualTo("hash: " + hash + " is already revoked");
    // A certificate issued off this ledger: any issuer may list it.
    String foreign = Dsc.hash("URN:UVCI:01:FR:ELSEWHERE#1");
    applied(c.call(CLINIC_ADMIN, "credentials", "revokeCertificate", obj("hash", foreign, "reason", "reported forged")));
    assertThat(c.longAt(CredentialsState.REVOCATION_COUNT)).isEqualTo(2);
    assertThat(c.json(CredentialsState.revocationPageKey(0))).contains("[\"" + hash + "\",\"" + foreign + "\"]");
    assertThat(reverted(c.call(LAB_ISSUER, "credentials", "recordIssued", obj("hash", hash.toUpperCase(java.util.Locale.ROOT))), "BAD_ARGUMENT")).isEqualTo("hash: must match [0-9a-f]{64}");
  }

  @Test
  void revocationsFillPagesOfAFixedSizeInOrder() {
    TestChain c = chain();
    int n = CredentialsState.REVOCATION_PAGE_SIZE + 2;
    List<SignedTransaction> txs = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(c.tx(LAB_ISSUER, "credentials", "revokeCertificate", obj("hash", Dsc.hash("URN:UVCI:BULK#" + i), "reason", "bulk")));
    }
    c.block(txs).receipts().forEach(TestChain::applied);
    assertThat(c.longAt(CredentialsState.REVOCATION_COUNT)).isEqualTo(n);
    assertThat(c.read(CredentialsState.revocationPageKey(0)).orElseThrow().size()).isEqualTo(CredentialsState.REVOCATION_PAGE_SIZE);
    JsonNode last = c.read(CredentialsState.revocationPageKey(1)).orElseThrow();
    assertThat(last.size()).isEqualTo(2);
    assertThat(last.get(1).asText()).isEqualTo(Dsc.hash("URN:UVCI:BULK#" + (n - 1)));
    TrustData data = CredentialsState.read(c::read, new TrustData.AsOf(TrustData.Source.LEDGER, TestChain.CHAIN, c.height(), "00", c.nextTime()));
    assertThat(data.revoked()).hasSize(n).first().isEqualTo(Dsc.hash("URN:UVCI:BULK#0"));
  }

  @Test
  void anAdminPublishesAValidatedPolicyItsOrganisationOwns() {
    TestChain c = chain();
    JsonNode rules = CanonicalJson.parse("rules", VALID_RULES);
    assertThat(reverted(c.call(LAB_ISSUER, "credentials", "putPolicy", obj("name", "care-home", "rules", rules)), "UNAUTHORIZED")).contains("'admin'");
    assertThat(eventNames(c.call(LAB_ADMIN, "credentials", "putPolicy", obj("name", "care-home", "rules", rules)))).containsExactly("credentials.PolicyPut");
    JsonNode p = c.read(CredentialsState.policyKey("care-home")).orElseThrow();
    assertThat(p.path("org").asText()).isEqualTo("lab");
    assertThat(p.path("version").asLong()).isEqualTo(1);
    assertThat(p.path("rules")).isEqualTo(rules);
    assertThat(c.json(CredentialsState.POLICIES)).contains("[\"care-home\"]");
    assertThat(reverted(c.call(CLINIC_ADMIN, "credentials", "putPolicy", obj("name", "care-home", "rules", rules)), "UNAUTHORIZED")).isEqualTo("name: policy 'care-home' belongs to 'lab'");
    applied(c.call(LAB_ADMIN, "credentials", "putPolicy", obj("name", "care-home", "rules", rules, "country", "DE")));
    assertThat(c.read(CredentialsState.policyKey("care-home")).orElseThrow().path("version").asLong()).isEqualTo(2);
    assertThat(c.json(CredentialsState.POLICIES)).contains("[\"care-home\"]");
  }

  @Test
  void aPolicyThatIsNotValidCertLogicIsRefusedNamingTheRuleAndTheReason() {
    TestChain c = chain();
    JsonNode unknownOperator = CanonicalJson.parse("rules", VALID_RULES.replace("{\"if\":[{\"var\":\"payload.v.0\"},true,false]}", "{\"foo\":[1]}"));
    assertThat(reverted(c.call(LAB_ADMIN, "credentials", "putPolicy", obj("name", "transport", "rules", unknownOperator)), "BAD_ARGUMENT"))
        .isEqualTo("rules: VR-1: Logic is not valid CertLogic: unrecognised operator: \"foo\" in {\"foo\":[1]}");
    JsonNode badArity = CanonicalJson.parse("rules", VALID_RULES.replace("true,false]", "true]"));
    assertThat(reverted(c.call(LAB_ADMIN, "credentials", "putPolicy", obj("name", "transport", "rules", badArity)), "BAD_ARGUMENT"))
        .startsWith("rules: VR-1: Logic is not valid CertLogic: an \"if\"-operation must have exactly 3 values/operands, but it has 2");
    JsonNode noIdentifier = CanonicalJson.parse("rules", VALID_RULES.replace("\"Identifier\":\"VR-1\",", ""));
    assertThat(reverted(c.call(LAB_ADMIN, "credentials", "putPolicy", obj("name", "transport", "rules", noIdentifier)), "BAD_ARGUMENT")).isEqualTo("rules: rule has no Identifier");
    assertThat(reverted(c.call(LAB_ADMIN, "credentials", "putPolicy", obj("name", "transport", "rules", TestChain.arr())), "BAD_ARGUMENT"))
        .isEqualTo("rules: must be a non-empty array of EU business rules");
    assertThat(reverted(c.call(LAB_ADMIN, "credentials", "putPolicy", obj("name", "Transport", "rules", CanonicalJson.parse("r", VALID_RULES))), "BAD_ARGUMENT"))
        .isEqualTo("name: must match [a-z][a-z0-9-]{0,31}");
    assertThat(c.snapshot().keySet()).noneMatch(k -> k.startsWith("credentials/"));
  }

  @Test
  void theSnapshotMaximumAgeIsAGovernanceParameterThatMustBePositive() {
    TestChain c = chain();
    JsonNode negative = obj("type", "setParameter", "name", CredentialsContract.SNAPSHOT_MAX_AGE, "value", -1);
    assertThat(reverted(c.call(LAB_ADMIN, "governance", "propose", obj("action", negative)), "BAD_ARGUMENT")).isEqualTo("action.value: must be positive");
    SignedTransaction propose = c.tx(LAB_ADMIN, "governance", "propose", obj("action", obj("type", "setParameter", "name", CredentialsContract.SNAPSHOT_MAX_AGE, "value", 3_600_000)));
    applied(c.block(propose).receipts().get(0));
    applied(c.call(CLINIC_ADMIN, "governance", "vote", obj("proposal", propose.id().hex(), "approve", true)));
    TrustData data = CredentialsState.read(c::read, new TrustData.AsOf(TrustData.Source.LEDGER, TestChain.CHAIN, c.height(), "00", c.nextTime()));
    assertThat(data.maxAgeMillis()).isEqualTo(3_600_000);
  }
}
