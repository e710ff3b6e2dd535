package org.lazaret.node.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.CertificateType;
import org.lazaret.dcc.Revocations;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.issue.TestSigners;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.genesis.Genesis;

/**
 * Issuing over HTTP on an issuer's own node: a valid payload comes back as an HC1 certificate and
 * QR code that verify against the node's signer, with the hash-only ledger call to record it; a
 * payload that would not verify is refused with the failing checks; a node without a signing key
 * says it does not issue.
 */
class IssuingApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static ObjectNode payload(String uvci) {
    ObjectNode dcc = CanonicalJson.object();
    dcc.put("ver", "1.3.0");
    dcc.putObject("nam").put("fn", "Muster").put("fnt", "MUSTER").put("gn", "Erika").put("gnt", "ERIKA");
    dcc.put("dob", "1980-01-01");
    dcc.putArray("v").addObject().put("tg", "840539006").put("vp", "1119349007").put("mp", "EU/1/20/1528").put("ma", "ORG-100030215").put("dn", 2).put("sd", 2)
        .put("dt", "2024-02-01").put("co", "DE").put("is", "Test lab").put("ci", uvci);
    return dcc;
  }

  private Node start(Path data, Optional<IssuingApi.IssuingKey> key) throws Exception {
    Files.createDirectories(data);
    NodeConfig cfg = NodeConfig.defaults(data, 0);
    Files.writeString(cfg.genesisFile(), Genesis.demo("issuing-chain", 1_700_000_000_000L, KeyPair.deterministic("issuing-demo").publicKey(), Map.of()).document().toString());
    return Node.start(cfg, List.of(IssuingApi.factory(key, InstantSource.system())), (why, cause) -> {
      throw new AssertionError(why, cause);
    });
  }

  private static HttpResponse<String> post(Node n, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(n.url() + "/v1/credentials/issue")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anIssuersNodeIssuesCertificatesThatVerifyAndRefusesOnesThatWouldNot() throws Exception {
    Instant now = Instant.now();
    TestSigners.Signer signer = TestSigners.ecP256("Lab DSC", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(730)), EnumSet.of(CertificateType.VACCINATION), new SecureRandom());
    try (Node n = start(dir.resolve("issuer"), Optional.of(new IssuingApi.IssuingKey(signer.privateKey(), signer.certificate(), "DE")))) {
      String uvci = "URN:UVCI:01:DE:LAZARET0000000001#S";
      HttpResponse<String> r = post(n, CanonicalJson.object().put("validDays", 30).set("payload", payload(uvci)).toString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      JsonNode issued = JSON.readTree(r.body());
      assertThat(issued.path("text").asText()).startsWith("HC1:");
      assertThat(issued.path("hash").asText()).isEqualTo(Revocations.uciHash(uvci));
      assertThat(issued.path("record").path("method").asText()).isEqualTo("recordIssued");
      TrustList trust = TrustList.of(signer.certificate());
      assertThat(Verifier.verify(VerifyRequest.ofText(issued.path("text").asText(), trust, now)).valid()).isTrue();
      byte[] png = Base64.getDecoder().decode(issued.path("qrPng").asText());
      assertThat(Verifier.verify(VerifyRequest.ofPicture(png, trust, now)).text()).contains(issued.path("text").asText());
      assertThat(Verifier.verify(VerifyRequest.ofText(issued.path("text").asText(), trust, now.plus(Duration.ofDays(31)))).valid()).isFalse();

      ObjectNode test = payload(uvci);
      test.remove("v");
      test.putArray("t").addObject().put("tg", "840539006").put("tt", "LP6464-4").put("sc", "2024-02-01T10:00:00Z").put("tr", "260415000").put("tc", "Lab").put("co", "DE").put("is", "Lab").put("ci", uvci);
      HttpResponse<String> wrongType = post(n, CanonicalJson.object().set("payload", test).toString());
      assertThat(wrongType.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(wrongType.body()).path("detail").asText()).contains("key_usage");

      ObjectNode noName = payload(uvci);
      noName.remove("nam");
      assertThat(JSON.readTree(post(n, CanonicalJson.object().set("payload", noName).toString()).body()).path("detail").asText()).contains("schema");
      assertThat(JSON.readTree(post(n, "{}").body()).path("field").asText()).isEqualTo("payload");
      assertThat(JSON.readTree(post(n, CanonicalJson.object().put("validDays", 0).set("payload", payload(uvci)).toString()).body()).path("field").asText()).isEqualTo("validDays");
    }
    try (Node plain = start(dir.resolve("plain"), Optional.empty())) {
      HttpResponse<String> r = post(plain, CanonicalJson.object().set("payload", payload("URN:UVCI:01:DE:X#1")).toString());
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(JSON.readTree(r.body()).path("code").asText()).isEqualTo("NOT_AN_ISSUER");
    }
  }
}
