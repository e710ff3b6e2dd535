package org.lazaret.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.contracts.credentials.TrustSnapshot;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.Revocations;
import org.lazaret.node.CredentialsTestNode;
import org.lazaret.sdk.ApiException;

/**
 * The credentials endpoints as verifiers and issuers use them: the trust list, policies and
 * revocation status read from the ledger; verification of pasted text and of a QR picture; a
 * venue gate's accept/deny with reasons; the snapshot with its proofs checked offline against the
 * block hash the node reports; and every bad request answered as an RFC 9457 problem naming the
 * field. One node serves the class, with a registered signer, a valid and a revoked certificate.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CredentialsApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  CredentialsTestNode n;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    n = CredentialsTestNode.start(dir);
  }

  @AfterAll
  void stop() {
    n.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(n.url() + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private JsonNode verify(ObjectNode body) throws Exception {
    return ok(post("/v1/credentials/verify", body.toString()));
  }

  private static JsonNode problem(HttpResponse<String> r, int status, String code, String field) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    JsonNode p = JSON.readTree(r.body());
    assertThat(p.path("code").asText()).isEqualTo(code);
    assertThat(p.path("field").asText()).isEqualTo(field);
    assertThat(p.path("detail").asText()).isNotBlank();
    return p;
  }

  @Test
  void theTrustListShowsTheRegisteredSignerWithItsOrganisation() throws Exception {
    JsonNode list = n.client.get("/v1/credentials/signers");
    assertThat(list.path("signers")).hasSize(1);
    JsonNode s = list.path("signers").get(0);
    assertThat(s.path("kid").asText()).isEqualTo(n.kid());
    assertThat(s.path("org").asText()).isEqualTo("health-agency");
    assertThat(s.path("status").asText()).isEqualTo("active");
    assertThat(n.client.get("/v1/credentials/signers/" + n.kid()).path("subject").asText()).isEqualTo("CN=Lazaret node test DSC");
    assertThat(problem(http.send(HttpRequest.newBuilder(URI.create(n.url() + "/v1/credentials/signers/XYZ")).build(), HttpResponse.BodyHandlers.ofString()), 400, "BAD_REQUEST", "kid")).isNotNull();
    try {
      n.client.get("/v1/credentials/signers/0000000000000000");
      throw new AssertionError("expected 404");
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(404);
    }
  }

  @Test
  void aValidCertificateVerifiesFromTextAndFromItsQrPicture() throws Exception {
    JsonNode v = verify(CanonicalJson.object().put("qr", n.valid));
    assertThat(v.path("valid").asBoolean()).as(v.toString()).isTrue();
    assertThat(v.path("failures")).isEmpty();
    assertThat(v.path("signer").path("org").asText()).isEqualTo("health-agency");
    assertThat(v.path("trust").path("source").asText()).isEqualTo("ledger");
    assertThat(v.path("trust").path("stale").asBoolean()).isFalse();
    assertThat(v.path("payload").path("v").get(0).path("ci").asText()).isEqualTo(CredentialsTestNode.VALID_UVCI);
    JsonNode picture = verify(CanonicalJson.object().put("qrImage", Base64.getEncoder().encodeToString(n.validPng)));
    assertThat(picture.path("valid").asBoolean()).as(picture.toString()).isTrue();
    assertThat(picture.path("text").asText()).isEqualTo(n.valid);
    JsonNode dataUrl = verify(CanonicalJson.object().put("qrImage", "data:image/png;base64," + Base64.getEncoder().encodeToString(n.validPng)));
    assertThat(dataUrl.path("valid").asBoolean()).isTrue();
  }

  @Test
  void aRevokedCertificateIsReportedRevokedWithTheLedgersReason() throws Exception {
    JsonNode v = verify(CanonicalJson.object().put("qr", n.revoked));
    assertThat(v.path("valid").asBoolean()).isFalse();
    assertThat(v.path("failures")).hasSize(1);
    assertThat(v.path("failures").get(0).asText()).isEqualTo("revoked");
    String hash = Revocations.uciHash(CredentialsTestNode.REVOKED_UVCI);
    JsonNode status = n.client.get("/v1/credentials/revoked/" + hash);
    assertThat(status.path("revoked").asBoolean()).isTrue();
    assertThat(status.path("revocation").path("reason").asText()).isEqualTo("issued to the wrong person");
    assertThat(status.path("recorded").path("org").asText()).isEqualTo("health-agency");
    JsonNode notRevoked = n.client.get("/v1/credentials/revoked/" + Revocations.uciHash(CredentialsTestNode.VALID_UVCI));
    assertThat(notRevoked.path("revoked").asBoolean()).isFalse();
    problem(http.send(HttpRequest.newBuilder(URI.create(n.url() + "/v1/credentials/revoked/ABC")).build(), HttpResponse.BodyHandlers.ofString()), 400, "BAD_REQUEST", "hash");
  }

  @Test
  void aPolicyJudgesTheCertificateAndAnUnknownPolicyIsAProblem() throws Exception {
    assertThat(verify(CanonicalJson.object().put("qr", n.valid).put("policy", "vaccinated")).path("valid").asBoolean()).isTrue();
    JsonNode tested = verify(CanonicalJson.object().put("qr", n.valid).put("policy", "tested"));
    assertThat(tested.path("failures").get(0).asText()).isEqualTo("policy");
    assertThat(tested.path("policy").asText()).isEqualTo("tested");
    JsonNode p = problem(post("/v1/credentials/verify", CanonicalJson.object().put("qr", n.valid).put("policy", "disco").toString()), 404, "UNKNOWN_POLICY", "policy");
    assertThat(p.path("detail").asText()).contains("workplace");
    JsonNode policies = n.client.get("/v1/credentials/policies");
    assertThat(policies.path("builtIn").toString()).contains("workplace", "vaccinated");
    assertThat(policies.path("maxAgeMillis").asLong()).isEqualTo(48L * 3600 * 1000);
  }

  @Test
  void aGateAcceptsOrDeniesWithTheReasons() throws Exception {
    JsonNode accept = ok(post("/v1/credentials/gate", CanonicalJson.object().put("qr", n.valid).put("venue", "vaccinated").toString()));
    assertThat(accept.path("decision").asText()).isEqualTo("accept");
    assertThat(accept.path("reasons")).isEmpty();
    JsonNode revoked = ok(post("/v1/credentials/gate", CanonicalJson.object().put("qr", n.revoked).put("venue", "vaccinated").toString()));
    assertThat(revoked.path("decision").asText()).isEqualTo("deny");
    assertThat(revoked.path("reasons").get(0).asText()).startsWith("revoked: hash ");
    JsonNode tested = ok(post("/v1/credentials/gate", CanonicalJson.object().put("qr", n.valid).put("venue", "tested").toString()));
    assertThat(tested.path("decision").asText()).isEqualTo("deny");
    assertThat(tested.path("reasons").get(0).asText()).startsWith("policy: ");
    problem(post("/v1/credentials/gate", CanonicalJson.object().put("qr", n.valid).toString()), 400, "BAD_REQUEST", "venue");
  }

  @Test
  void badRequestsAreProblemsNamingTheField() throws Exception {
    problem(post("/v1/credentials/verify", "{}"), 400, "BAD_REQUEST", "qr");
    problem(post("/v1/credentials/verify", CanonicalJson.object().put("qr", n.valid).put("qrImage", "AAAA").toString()), 400, "BAD_REQUEST", "qrImage");
    problem(post("/v1/credentials/verify", CanonicalJson.object().put("qrImage", "not base64!").toString()), 400, "BAD_REQUEST", "qrImage");
    problem(post("/v1/credentials/verify", CanonicalJson.object().put("qr", n.valid).put("at", "yesterday").toString()), 400, "BAD_REQUEST", "at");
    problem(post("/v1/credentials/verify", "[1,2]"), 400, "BAD_REQUEST", "body");
    problem(post("/v1/credentials/verify", "{not json"), 400, "MALFORMED", "body");
    // A picture that is no QR code is a verdict, not a bad request: the picture check fails.
    JsonNode noQr = verify(CanonicalJson.object().put("qrImage", Base64.getEncoder().encodeToString("not a png".getBytes(StandardCharsets.US_ASCII))));
    assertThat(noQr.path("failures").get(0).asText()).isEqualTo("picture");
    // Judged at a time after the certificate's expiry.
    JsonNode later = verify(CanonicalJson.object().put("qr", n.valid).put("at", "2099-01-01T00:00:00Z"));
    assertThat(later.path("failures").toString()).contains("expired");
  }

  @Test
  void theSnapshotChecksOfflineAgainstTheReportedBlockHash() throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(n.url() + "/v1/credentials/snapshot")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode doc = JSON.readTree(r.body());
    long height = doc.path("height").asLong();
    String blockHash = n.client.block(height).path("hash").asText();
    TrustSnapshot.Opened opened = TrustSnapshot.verify(r.body(), Hash32.fromHex("hash", blockHash));
    assertThat(opened.data().signers()).hasSize(1);
    assertThat(opened.data().revoked()).containsExactly(Revocations.uciHash(CredentialsTestNode.REVOKED_UVCI));
    assertThat(opened.data().maxAgeMillis()).isEqualTo(48L * 3600 * 1000);
    // The snapshot re-encoded by a JSON client stays byte-identical (the CLI writes it this way).
    assertThat(CanonicalJson.encodeToString(doc) + "\n").isEqualTo(new String(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  void aPolicyWithBadCertLogicIsRefusedAtAdmissionNamingTheRule() throws Exception {
    String rules = "[{\"Identifier\":\"GATE-1\",\"CertificateType\":\"General\",\"Logic\":{\"nope\":[1]}}]";
    ObjectNode args = CanonicalJson.object().put("name", "transport");
    args.set("rules", CanonicalJson.parse("rules", rules));
    try {
      n.client.submit(n.client.sign(n.demo, "credentials", "putPolicy", args, Duration.ofMinutes(1)));
      throw new AssertionError("expected a rejection");
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
      assertThat(e.problem().path("detail").asText()).contains("GATE-1: Logic is not valid CertLogic: unrecognised operator: \"nope\"");
    }
  }
}
