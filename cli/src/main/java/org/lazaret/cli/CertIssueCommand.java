package org.lazaret.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.CertificateType;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.Revocations;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.Verdict;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.issue.DccIssuer;
import org.lazaret.dcc.issue.IssueRequest;
import org.lazaret.dcc.qr.QrCodes;
import org.lazaret.sdk.LazaretClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issuing happens here, on the issuer's machine, because it needs the issuer's private signing
 * key, which no node may hold. The certificate is checked against its own signer before it is
 * handed out, and only its revocation hash (SHA-256 of the UVCI) goes to the ledger.
 */
@Command(
    name = "issue",
    mixinStandardHelpOptions = true,
    description = "Issue an EU DCC signed with the issuer's key: record its hash on the ledger (with --sender-key), write its QR code (with --png) and print its HC1 text.")
final class CertIssueCommand implements Runnable {
  static final Duration VALIDITY_DEFAULT = Duration.ofDays(365);

  @Option(names = "--key-pem", required = true, description = "The document signer's private key (PEM, P-256 or RSA); it never leaves this machine.")
  Path keyPem;

  @Option(names = "--cert-pem", required = true, description = "The document signer's certificate (PEM or DER), registered on the ledger.")
  Path certPem;

  @Option(names = "--payload", required = true, description = "The DCC JSON payload (EU DCC schema 1.3: ver, nam, dob and one of v, t, r).")
  Path payload;

  @Option(names = "--issued", description = "Issued-at time (ISO-8601); default now.")
  String issued;

  @Option(names = "--expires", description = "Expiry time (ISO-8601); default 365 days after issuing.")
  String expires;

  @Option(names = "--country", description = "Issuer country (ISO 3166 alpha-2); default the payload's 'co'.")
  String country;

  @Option(names = "--png", description = "Write the QR code here as a PNG.")
  Path png;

  @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
  String node;

  @Option(names = "--sender-key", description = "Key file of a credential.issuer member: records the certificate's hash on the ledger. Without it nothing is recorded.")
  Path senderKey;

  @Override
  public void run() {
    PrivateKey key = CertFiles.privateKey(keyPem, "--key-pem");
    X509Certificate certificate = CertFiles.certificate(certPem, "--cert-pem");
    JsonNode dcc = payload();
    Instant issuedAt = issued == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : CertCommand.parseInstant("--issued", issued);
    Instant expiresAt = expires == null ? issuedAt.plus(VALIDITY_DEFAULT) : CertCommand.parseInstant("--expires", expires);
    String iss = country != null ? country : firstEntryField(dcc, "co").orElseThrow(() -> new Main.Failure(2, "--country: required, the payload has no 'co'"));
    String text;
    try {
      text = DccIssuer.issue(new IssueRequest(dcc, iss, issuedAt, expiresAt, key, certificate));
    } catch (IllegalArgumentException e) {
      throw new Main.Failure(2, e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new Main.Failure(1, "cannot sign: " + e.getMessage());
    }
    Verdict self = Verifier.verify(VerifyRequest.ofText(text, TrustList.of(certificate), issuedAt));
    if (!self.valid()) {
      throw new Main.Failure(1, "the certificate would not verify, so it was not issued: "
          + self.findings().stream().map(f -> f.failure() + ": " + f.detail()).collect(Collectors.joining("; ")));
    }
    List<String> hashes = hashes(dcc);
    if (senderKey != null) {
      KeyPair sender = KeyFiles.read(senderKey);
      LazaretClient client = Remote.client(node);
      for (String hash : hashes) {
        JsonNode s = CertFiles.commit(client, sender, "recordIssued", CanonicalJson.object().put("hash", hash));
        System.err.println("recorded certificate hash " + hash + " in block " + s.path("height").asLong());
      }
    } else {
      System.err.println("not recorded on the ledger (no --sender-key); certificate hash " + String.join(", ", hashes));
    }
    if (png != null) {
      CertFiles.write(png, QrCodes.render(text, 600));
      System.err.println("wrote the QR code to " + png);
    }
    System.out.println(text);
    System.out.flush();
  }

  private JsonNode payload() {
    try {
      JsonNode dcc = DccJson.parse(Files.readString(payload));
      if (!dcc.isObject()) {
        throw new Main.Failure(2, "--payload: " + payload + " must hold a JSON object");
      }
      return dcc;
    } catch (JsonProcessingException e) {
      throw new Main.Failure(2, "--payload: " + payload + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new Main.Failure(2, "--payload: cannot read " + payload + ": " + e.getMessage());
    }
  }

  private static java.util.Optional<String> firstEntryField(JsonNode dcc, String field) {
    for (CertificateType type : CertificateType.values()) {
      JsonNode value = dcc.path(type.payloadKey()).path(0).path(field);
      if (value.isTextual()) {
        return java.util.Optional.of(value.textValue());
      }
    }
    return java.util.Optional.empty();
  }

  /** The revocation hash of every entry: SHA-256 of its certificate identifier. */
  static List<String> hashes(JsonNode dcc) {
    List<String> out = new ArrayList<>();
    for (CertificateType type : CertificateType.values()) {
      for (JsonNode entry : dcc.path(type.payloadKey())) {
        if (entry.path("ci").isTextual()) {
          out.add(Revocations.uciHash(entry.get("ci").textValue()));
        }
      }
    }
    if (out.isEmpty()) {
      throw new Main.Failure(2, "--payload: no entry has a certificate identifier ('ci')");
    }
    return out;
  }
}
