package org.lazaret.contracts.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.Failure;
import org.lazaret.dcc.VerifyRequest;

/**
 * Goal: show that a verifier's answer follows the ledger: a certificate from a registered, active
 * signer is valid; once its hash is revoked it is revoked; once its signer is suspended the key is
 * unknown and the verdict says which organisation suspended it and why; a venue's ledger policy
 * judges it; and trust data from a snapshot older than the governance maximum makes the verdict
 * not valid with a {@code stale} warning, without inventing a failure name. Method: certificates
 * issued by a seeded signer, checked against trust data read from a {@link TestChain}'s state.
 */
class TrustDataTest {
  static final String UVCI = "URN:UVCI:01:XX:LAB/4711#Q";
  static final String CERT = Dsc.issue(Dsc.vaccination(UVCI), CredentialsContractTest.LAB_DSC);
  static final Instant AT = Dsc.ISSUED.plusSeconds(86_400);

  static TestChain chainWithSigner() {
    TestChain c = CredentialsContractTest.chain();
    applied(CredentialsContractTest.register(c, CredentialsContractTest.LAB_ISSUER, CredentialsContractTest.LAB_DSC));
    applied(c.call(CredentialsContractTest.LAB_ISSUER, "credentials", "recordIssued", obj("hash", Dsc.hash(UVCI))));
    return c;
  }

  static TrustData data(TestChain c, TrustData.Source source) {
    return CredentialsState.read(c::read, new TrustData.AsOf(source, TestChain.CHAIN, c.height(), "ab".repeat(32), c.nextTime() - TestChain.BLOCK_INTERVAL_MILLIS));
  }

  static CredentialCheck check(TrustData data, Instant at) {
    return data.check(data.request(new VerifyRequest.QrText(CERT), at), Optional.empty());
  }

  @Test
  void aCertificateOfAnActiveRegisteredSignerIsValidAndNamesItsOrganisation() {
    TrustData data = data(chainWithSigner(), TrustData.Source.LEDGER);
    CredentialCheck check = check(data, AT);
    assertThat(check.valid()).as("%s", check.verdict()).isTrue();
    assertThat(check.signer().orElseThrow().org()).isEqualTo("lab");
    JsonNode json = check.toJson();
    assertThat(json.path("valid").asBoolean()).isTrue();
    assertThat(json.path("failures")).isEmpty();
    assertThat(json.path("warnings")).isEmpty();
    assertThat(json.path("signer").path("status").asText()).isEqualTo("active");
    assertThat(json.path("trust").path("source").asText()).isEqualTo("ledger");
    assertThat(json.path("payload").path("v").get(0).path("ci").asText()).isEqualTo(UVCI);
  }

  @Test
  void withoutARegisteredSignerTheKeyIsUnknown() {
    TrustData data = data(CredentialsContractTest.chain(), TrustData.Source.LEDGER);
    CredentialCheck check = check(data, AT);
    assertThat(check.verdict().failures()).containsExactly(Failure.UNKNOWN_KEY);
    assertThat(check.signer()).isEmpty();
  }

  @Test
  void aRevokedCertificateIsRevoked() {
    TestChain c = chainWithSigner();
    applied(c.call(CredentialsContractTest.LAB_ISSUER, "credentials", "revokeCertificate", obj("hash", Dsc.hash(UVCI), "reason", "issued in error")));
    CredentialCheck check = check(data(c, TrustData.Source.LEDGER), AT);
    assertThat(check.valid()).isFalse();
    assertThat(check.verdict().failures()).containsExactly(Failure.REVOKED);
  }

  @Test
  void aSuspendedSignersCertificateFailsAsUnknownKeyExplainingWhoSuspendedItAndWhy() {
    TestChain c = chainWithSigner();
    applied(CredentialsContractTest.change(c, CredentialsContractTest.LAB_ADMIN, "suspendSigner", CredentialsContractTest.LAB_DSC, "key on a lost laptop"));
    CredentialCheck check = check(data(c, TrustData.Source.LEDGER), AT);
    assertThat(check.verdict().failures()).containsExactly(Failure.UNKNOWN_KEY);
    assertThat(check.signer().orElseThrow().status()).isEqualTo(SignerStatus.SUSPENDED);
    assertThat(check.notes()).containsExactly("signed by " + Dsc.kid(CredentialsContractTest.LAB_DSC) + " of 'lab', which is suspended: key on a lost laptop");
    JsonNode json = check.toJson();
    assertThat(json.path("signer").path("reason").asText()).isEqualTo("key on a lost laptop");
    assertThat(json.path("details").findValuesAsText("detail")).contains(check.notes().get(0));
  }

  @Test
  void aVenuePolicyFromTheLedgerJudgesTheCertificate() {
    TestChain c = chainWithSigner();
    String testOnly = CredentialsContractTest.VALID_RULES.replace("payload.v.0", "payload.t.0").replace("Vaccinated.", "A negative test.");
    applied(c.call(CredentialsContractTest.LAB_ADMIN, "credentials", "putPolicy", obj("name", "care-home", "rules", CanonicalJson.parse("r", testOnly))));
    TrustData data = data(c, TrustData.Source.LEDGER);
    VerifyRequest careHome = data.request(new VerifyRequest.QrText(CERT), AT).withPolicy(data.policy("care-home").orElseThrow());
    CredentialCheck denied = data.check(careHome, Optional.of("care-home"));
    assertThat(denied.verdict().failures()).containsExactly(Failure.POLICY);
    assertThat(denied.verdict().findings().get(0).detail()).isEqualTo("VR-1 (A negative test.) is not met");
    assertThat(denied.toJson().path("policy").asText()).isEqualTo("care-home");
    VerifyRequest vaccinated = data.request(new VerifyRequest.QrText(CERT), AT).withPolicy(data.policy("vaccinated").orElseThrow());
    assertThat(data.check(vaccinated, Optional.of("vaccinated")).valid()).isTrue();
    assertThat(data.policy("no-such-venue")).isEmpty();
  }

  @Test
  void snapshotDataOlderThanTheMaximumAgeIsStaleAndTheVerdictNotValid() {
    TestChain c = chainWithSigner();
    TrustData snapshot = data(c, TrustData.Source.SNAPSHOT);
    Instant blockTime = Instant.ofEpochMilli(snapshot.asOf().blockTimeMillis());
    Instant lastFresh = blockTime.plusMillis(CredentialsContract.SNAPSHOT_MAX_AGE_DEFAULT);
    assertThat(check(snapshot, lastFresh).valid()).as("at exactly the maximum age").isTrue();
    CredentialCheck stale = check(snapshot, lastFresh.plusMillis(1));
    assertThat(stale.stale()).isTrue();
    assertThat(stale.valid()).isFalse();
    assertThat(stale.verdict().valid()).as("the certificate itself is fine").isTrue();
    JsonNode json = stale.toJson();
    assertThat(json.path("valid").asBoolean()).isFalse();
    assertThat(json.path("failures")).isEmpty();
    assertThat(json.path("warnings")).hasSize(1);
    assertThat(json.path("warnings").get(0).asText()).isEqualTo("stale");
    assertThat(json.path("trust").path("stale").asBoolean()).isTrue();
    assertThat(json.path("trust").path("detail").asText()).contains("more than the maximum of 172800000 ms");
    // The node's own live state is never stale: it is the newest the ledger has.
    assertThat(check(data(c, TrustData.Source.LEDGER), lastFresh.plusSeconds(86_400 * 30)).stale()).isFalse();
  }
}
