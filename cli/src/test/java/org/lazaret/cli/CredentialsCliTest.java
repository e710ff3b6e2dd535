package org.lazaret.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.dcc.CertificateType;
import org.lazaret.dcc.issue.TestSigners;
import org.lazaret.node.Node;
import org.lazaret.node.api.CredentialsApi;

/**
 * The certificate commands end to end, as an issuer and an offline verifier would use them
 * against a real node: register a signer, issue a certificate (text, QR picture, hash on the
 * ledger), export the trust list and check it against the block hash, verify offline with the
 * snapshot, revoke on the ledger (an old snapshot does not know yet; a new one does), suspend the
 * signer, and judge a snapshot past its maximum age. The tests run in order: each step builds on
 * the ledger the previous ones left. The offline {@code cert verify} interface stays as it was:
 * four fields with certificate files, exit 0 valid, 1 invalid, 2 usage error.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CredentialsCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  Node node;
  String url;
  Path demoKey;
  Path keyPem;
  Path certPem;
  Path payload;
  String kid;
  String text;
  Path png;
  Path firstSnapshot;



  @BeforeAll
  void start() throws Exception {
    Cli.TestChain chain = Cli.start(dir, "cert-cli-demo", "cert-cli-chain", System.currentTimeMillis(), List.of(CredentialsApi.factory(InstantSource.system())));
    node = chain.node();
    demoKey = chain.demoKey();
    url = node.url();
    Instant now = Instant.now();
    TestSigners.Signer dsc = TestSigners.ecP256("CLI test DSC", now.minus(1, ChronoUnit.DAYS), now.plus(730, ChronoUnit.DAYS), Set.of(CertificateType.values()), new SecureRandom());
    keyPem = dir.resolve("dsc-key.pem");
    certPem = dir.resolve("dsc-cert.pem");
    Files.writeString(keyPem, CertFiles.pem(dsc.privateKey()));
    Files.writeString(certPem, CertFiles.pem(dsc.certificate()));
    payload = dir.resolve("vaccination.json");
    Files.writeString(payload, DemoCredentials.payload().toString());
    png = dir.resolve("vaccination.png");
  }

  @AfterAll
  void stop() {
    node.close();
  }

  private Cli.Run export(String name) {
    Path out = dir.resolve(name);
    Cli.Run r = Cli.run("cert", "trust", "export", "--node", url, "--out", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    return r;
  }

  private Cli.Run verify(String... extra) {
    List<String> args = new ArrayList<>(List.of("cert", "verify", "--qr", text));
    args.addAll(List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void anIssuerRegistersItsSignerAndIssuesACertificateRecordedByHash() throws Exception {
    Cli.Run registered = Cli.run("cert", "signer", "register", "--cert-pem", certPem.toString(), "--sender-key", demoKey.toString(), "--node", url);
    assertThat(registered.code()).as(registered.err()).isZero();
    kid = registered.json().path("kid").asText();
    assertThat(kid).matches("[0-9a-f]{16}");
    Cli.Run again = Cli.run("cert", "signer", "register", "--cert-pem", certPem.toString(), "--sender-key", demoKey.toString(), "--node", url);
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("SIGNER_EXISTS");

    Cli.Run issued = Cli.run("cert", "issue", "--key-pem", keyPem.toString(), "--cert-pem", certPem.toString(), "--payload", payload.toString(), "--png", png.toString(), "--node", url,
        "--sender-key", demoKey.toString());
    assertThat(issued.code()).as(issued.err()).isZero();
    text = issued.out().strip();
    assertThat(text).startsWith("HC1:");
    assertThat(issued.err()).contains("recorded certificate hash " + org.lazaret.dcc.Revocations.uciHash(DemoCredentials.UVCI));
    assertThat(Files.size(png)).isPositive();
    // The same certificate identifier cannot be recorded twice.
    Cli.Run twice = Cli.run("cert", "issue", "--key-pem", keyPem.toString(), "--cert-pem", certPem.toString(), "--payload", payload.toString(), "--node", url, "--sender-key", demoKey.toString());
    assertThat(twice.code()).isEqualTo(1);
    assertThat(twice.err()).contains("ALREADY_RECORDED");
    assertThat(twice.out()).isEmpty();
  }

  @Test
  @Order(2)
  void theExportedSnapshotChecksAgainstTheBlockHashAndVerifiesOffline() throws Exception {
    Cli.Run exported = export("trust-1.json");
    firstSnapshot = dir.resolve("trust-1.json");
    JsonNode doc = JSON.readTree(firstSnapshot.toFile());
    String blockHash = JSON.readTree(Cli.run("block", "get", "--node", url, doc.path("height").asText()).out()).path("hash").asText();
    assertThat(exported.err()).contains("--block-hash " + blockHash);
    Cli.Run checked = Cli.run("cert", "trust", "verify", firstSnapshot.toString(), "--block-hash", blockHash);
    assertThat(checked.code()).as(checked.err()).isZero();
    assertThat(checked.json().path("activeSigners").asLong()).isEqualTo(1);
    assertThat(checked.json().path("signers").get(0).path("kid").asText()).isEqualTo(kid);
    String genesisHash = JSON.readTree(Cli.run("block", "get", "--node", url, "0").out()).path("hash").asText();
    Cli.Run wrong = Cli.run("cert", "trust", "verify", firstSnapshot.toString(), "--block-hash", genesisHash);
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err().strip().lines()).hasSize(1);
    assertThat(wrong.err()).contains("not of the trusted block");
    assertThat(Cli.run("cert", "trust", "verify", firstSnapshot.toString(), "--block-hash", "xyz").code()).isEqualTo(2);

    Cli.Run valid = verify("--trust", firstSnapshot.toString());
    assertThat(valid.code()).as(valid.out() + valid.err()).isZero();
    JsonNode v = valid.json();
    assertThat(v.path("valid").asBoolean()).isTrue();
    assertThat(v.path("failures")).isEmpty();
    assertThat(v.path("text").asText()).isEqualTo(text);
    assertThat(v.path("payload").path("v").get(0).path("ci").asText()).isEqualTo(DemoCredentials.UVCI);
    assertThat(v.path("warnings")).isEmpty();
    assertThat(v.path("trust").path("source").asText()).isEqualTo("snapshot");
    assertThat(v.path("signer").path("org").asText()).isEqualTo("health-agency");
    Cli.Run picture = Cli.run("cert", "verify", "--qr-image", png.toString(), "--trust", firstSnapshot.toString());
    assertThat(picture.code()).as(picture.out()).isZero();
    Cli.Run policy = verify("--trust", firstSnapshot.toString(), "--policy", "tested");
    assertThat(policy.code()).isEqualTo(1);
    assertThat(policy.json().path("failures").get(0).asText()).isEqualTo("policy");
    assertThat(verify("--trust", firstSnapshot.toString(), "--policy", "disco").code()).isEqualTo(2);
  }

  @Test
  @Order(3)
  void aRevocationOnTheLedgerReachesVerifiersWithTheirNextSnapshot() throws Exception {
    Cli.Run revoked = Cli.run("cert", "revoke", "--qr", text, "--reason", "issued to the wrong person", "--sender-key", demoKey.toString(), "--node", url);
    assertThat(revoked.code()).as(revoked.err()).isZero();
    assertThat(revoked.json().path("hash").asText()).isEqualTo(org.lazaret.dcc.Revocations.uciHash(DemoCredentials.UVCI));
    assertThat(verify("--trust", firstSnapshot.toString()).code()).as("the old snapshot does not know yet").isZero();
    export("trust-2.json");
    Cli.Run after = verify("--trust", dir.resolve("trust-2.json").toString());
    assertThat(after.code()).isEqualTo(1);
    assertThat(after.json().path("valid").asBoolean()).isFalse();
    assertThat(after.json().path("failures")).hasSize(1);
    assertThat(after.json().path("failures").get(0).asText()).isEqualTo("revoked");
    assertThat(after.err()).contains("invalid: revoked");
  }

  @Test
  @Order(4)
  void aSnapshotPastItsMaximumAgeGivesAStaleVerdictThatIsNotValid() throws Exception {
    JsonNode doc = JSON.readTree(firstSnapshot.toFile());
    Instant blockTime = Instant.ofEpochMilli(doc.path("blockTime").asLong());
    Instant later = blockTime.plusMillis(doc.path("maxAgeMillis").asLong()).plus(1, ChronoUnit.HOURS);
    Cli.Run stale = verify("--trust", firstSnapshot.toString(), "--at", later.toString());
    assertThat(stale.code()).isEqualTo(1);
    JsonNode v = stale.json();
    assertThat(v.path("valid").asBoolean()).isFalse();
    assertThat(v.path("failures")).as("no new failure name").isEmpty();
    assertThat(v.path("warnings")).hasSize(1);
    assertThat(v.path("warnings").get(0).asText()).isEqualTo("stale");
    assertThat(v.path("trust").path("stale").asBoolean()).isTrue();
    assertThat(stale.err()).contains("stale trust data");
    Cli.Run fresh = verify("--trust", firstSnapshot.toString(), "--at", blockTime.plus(1, ChronoUnit.HOURS).toString());
    assertThat(fresh.code()).as(fresh.out()).isZero();
  }

  @Test
  @Order(5)
  void aSuspendedSignerIsUnknownToVerifiersWithTheReasonShown() throws Exception {
    Cli.Run suspended = Cli.run("cert", "signer", "suspend", "--kid", kid, "--reason", "key under investigation", "--sender-key", demoKey.toString(), "--node", url);
    assertThat(suspended.code()).as(suspended.err()).isZero();
    export("trust-3.json");
    Cli.Run r = Cli.run("cert", "verify", "--qr-image", png.toString(), "--trust", dir.resolve("trust-3.json").toString());
    assertThat(r.code()).isEqualTo(1);
    JsonNode v = r.json();
    assertThat(v.path("failures").toString()).contains("unknown_key");
    assertThat(v.path("signer").path("status").asText()).isEqualTo("suspended");
    assertThat(v.path("signer").path("reason").asText()).isEqualTo("key under investigation");
    Cli.Run reinstated = Cli.run("cert", "signer", "reinstate", "--kid", kid, "--reason", "cleared", "--sender-key", demoKey.toString(), "--node", url);
    assertThat(reinstated.code()).as(reinstated.err()).isZero();
  }

  @Test
  @Order(6)
  void theOfflineInterfaceIsUnchangedForCertificateFilesAndRefusesAnEditedSnapshot() throws Exception {
    Cli.Run plain = verify("--trust", certPem.toString());
    assertThat(plain.code()).as(plain.out()).isZero();
    List<String> fields = new ArrayList<>();
    plain.json().fieldNames().forEachRemaining(fields::add);
    assertThat(fields).containsExactly("valid", "failures", "text", "payload");
    Cli.Run none = verify();
    assertThat(none.code()).isEqualTo(1);
    assertThat(none.json().path("failures").get(0).asText()).isEqualTo("unknown_key");

    String edited = Files.readString(firstSnapshot).replace("\"status\":\"active\"", "\"status\":\"revoked\"");
    Path forged = dir.resolve("forged.json");
    Files.writeString(forged, edited);
    Cli.Run refused = verify("--trust", forged.toString());
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).contains("not a usable snapshot").contains("differ from what its proofs show");
    assertThat(refused.out()).isEmpty();
    Cli.Run two = verify("--trust", firstSnapshot.toString(), "--trust", dir.resolve("trust-2.json").toString());
    assertThat(two.code()).isEqualTo(2);
  }
}
