package org.lazaret.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.CertificateType;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.Revocations;
import org.lazaret.dcc.issue.DccIssuer;
import org.lazaret.dcc.issue.IssueRequest;
import org.lazaret.dcc.issue.TestSigners;
import org.lazaret.dcc.qr.QrCodes;
import org.lazaret.node.api.CredentialsApi;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.sdk.LazaretClient;

/**
 * A node serving the credentials API on a fresh demo chain, with one document signer registered
 * by the demo key (which holds {@code credential.issuer}) and two vaccination certificates it
 * issued and recorded, the second of them revoked on the ledger. Everything is built through the
 * public HTTP API, as an issuer would, so the tests see the node as verifiers do.
 */
public final class CredentialsTestNode implements AutoCloseable {
  public static final String VALID_UVCI = "URN:UVCI:01:XX:LAZARET/VALID0001#A";
  public static final String REVOKED_UVCI = "URN:UVCI:01:XX:LAZARET/REVOKED01#B";
  public final KeyPair demo = KeyPair.deterministic("credentials-demo");
  public final KeyPair hospital = KeyPair.deterministic("credentials-hospital");
  public final Node node;
  public final LazaretClient client;
  public final TestSigners.Signer dsc;
  public final String valid;
  public final String revoked;
  public final byte[] validPng;
  private volatile Throwable halted;

  private CredentialsTestNode(Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("node"));
    NodeConfig config = NodeConfig.defaults(data, 0);
    Genesis genesis = Genesis.demo("credentials-chain", System.currentTimeMillis(), demo.publicKey(), Map.of("city-hospital", hospital.publicKey()));
    Files.writeString(config.genesisFile(), genesis.document().toString());
    node = Node.start(config, List.of(CredentialsApi.factory(InstantSource.system())), (why, cause) -> halted = new AssertionError("node halted: " + why, cause));
    client = new LazaretClient(node.url());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    dsc = TestSigners.ecP256("Lazaret node test DSC", now.minus(1, ChronoUnit.DAYS), now.plus(730, ChronoUnit.DAYS), Set.of(CertificateType.values()), new SecureRandom());
    commit("registerSigner", CanonicalJson.object().put("certificate", Base64.getEncoder().encodeToString(dsc.certificate().getEncoded())));
    valid = issue(VALID_UVCI, now);
    revoked = issue(REVOKED_UVCI, now);
    commit("recordIssued", CanonicalJson.object().put("hash", Revocations.uciHash(VALID_UVCI)));
    commit("recordIssued", CanonicalJson.object().put("hash", Revocations.uciHash(REVOKED_UVCI)));
    commit("revokeCertificate", CanonicalJson.object().put("hash", Revocations.uciHash(REVOKED_UVCI)).put("reason", "issued to the wrong person"));
    validPng = QrCodes.render(valid, 600);
  }

  public static CredentialsTestNode start(Path dir) throws Exception {
    return new CredentialsTestNode(dir);
  }

  public String url() {
    return node.url();
  }

  /** Submits a credentials call from the demo key and waits until it is committed and applied. */
  public JsonNode commit(String method, JsonNode args) {
    var id = client.submit(client.sign(demo, "credentials", method, args, Duration.ofMinutes(5)));
    JsonNode s = client.await(id, Duration.ofSeconds(30));
    if (!s.path("receipt").path("success").asBoolean()) {
      throw new AssertionError(method + " failed: " + s);
    }
    return s;
  }

  public static ObjectNode vaccination(String uvci) {
    ObjectNode dcc = DccJson.nodes().objectNode();
    dcc.put("ver", "1.3.0");
    dcc.putObject("nam").put("fn", "Beispiel").put("fnt", "BEISPIEL").put("gn", "Kim").put("gnt", "KIM");
    dcc.put("dob", "1985-03-04");
    dcc.putArray("v").addObject().put("tg", "840539006").put("vp", "1119349007").put("mp", "EU/1/20/1528").put("ma", "ORG-100030215").put("dn", 2).put("sd", 2)
        .put("dt", "2024-01-15").put("co", "DE").put("is", "Lazaret test lab").put("ci", uvci);
    return dcc;
  }

  private String issue(String uvci, Instant now) throws GeneralSecurityException {
    return DccIssuer.issue(new IssueRequest(vaccination(uvci), "DE", now.minus(1, ChronoUnit.HOURS), now.plus(365, ChronoUnit.DAYS), dsc.privateKey(), dsc.certificate()));
  }

  public String kid() {
    try {
      return org.lazaret.contracts.credentials.SignerCertificate.parse(Base64.getEncoder().encodeToString(dsc.certificate().getEncoded())).kid();
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    node.close();
    if (halted != null) {
      throw new AssertionError(halted);
    }
  }
}
