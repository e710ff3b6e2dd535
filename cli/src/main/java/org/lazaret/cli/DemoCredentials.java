package org.lazaret.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
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
import org.lazaret.sdk.LazaretClient;

/**
 * Leaves the demo something to verify: a self-signed demo document signer (P-256, allowed to
 * sign every certificate type) registered by the demo key, and one vaccination certificate for a
 * fictitious person, issued with it and recorded on the ledger by hash. Its text and QR picture,
 * the payload and the signer's key and certificate (for 'lazaret cert issue') go to
 * {@code DATA/credentials/}.
 */
final class DemoCredentials {
  static final String UVCI = "URN:UVCI:01:XX:LAZARET/DEMO0001#9";

  private DemoCredentials() {}

  /** Returns the folder written. */
  static Path create(String url, Path dataDir, KeyPair demo) {
    Path dir = dataDir.resolve("credentials");
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    TestSigners.Signer dsc;
    try {
      dsc = TestSigners.ecP256("Lazaret demo document signer", now.minus(1, ChronoUnit.DAYS), now.plus(730, ChronoUnit.DAYS), Set.of(CertificateType.values()), new SecureRandom());
    } catch (GeneralSecurityException e) {
      throw new Main.Failure(1, "cannot create the demo document signer: " + e.getMessage());
    }
    LazaretClient client = new LazaretClient(url);
    String certificate;
    try {
      certificate = Base64.getEncoder().encodeToString(dsc.certificate().getEncoded());
    } catch (CertificateEncodingException e) {
      throw new Main.Failure(1, "cannot encode the demo document signer: " + e.getMessage());
    }
    CertFiles.commit(client, demo, "registerSigner", CanonicalJson.object().put("certificate", certificate));
    ObjectNode payload = payload();
    String text;
    try {
      text = DccIssuer.issue(new IssueRequest(payload, "XX", now, now.plus(365, ChronoUnit.DAYS), dsc.privateKey(), dsc.certificate()));
    } catch (GeneralSecurityException e) {
      throw new Main.Failure(1, "cannot issue the demo certificate: " + e.getMessage());
    }
    CertFiles.commit(client, demo, "recordIssued", CanonicalJson.object().put("hash", Revocations.uciHash(UVCI)));
    KeyFiles.writePrivate(dir.resolve("dsc-key.pem"), CertFiles.pem(dsc.privateKey()).getBytes(StandardCharsets.US_ASCII));
    CertFiles.write(dir.resolve("dsc-cert.pem"), CertFiles.pem(dsc.certificate()).getBytes(StandardCharsets.US_ASCII));
    CertFiles.write(dir.resolve("vaccination.json"), (payload.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
    CertFiles.write(dir.resolve("vaccination.txt"), (text + "\n").getBytes(StandardCharsets.US_ASCII));
    CertFiles.write(dir.resolve("vaccination.png"), QrCodes.render(text, 600));
    return dir;
  }

  /** A complete two-dose vaccination of a fictitious person, in the EU DCC 1.3 schema. */
  static ObjectNode payload() {
    ObjectNode dcc = DccJson.nodes().objectNode();
    dcc.put("ver", "1.3.0");
    dcc.putObject("nam").put("fn", "Quarantena").put("fnt", "QUARANTENA").put("gn", "Ada").put("gnt", "ADA");
    dcc.put("dob", "1990-04-01");
    dcc.putArray("v").addObject().put("tg", "840539006").put("vp", "1119349007").put("mp", "EU/1/20/1528").put("ma", "ORG-100030215").put("dn", 2).put("sd", 2)
        .put("dt", "2024-02-01").put("co", "XX").put("is", "Lazaret demo vaccination centre").put("ci", UVCI);
    return dcc;
  }
}
