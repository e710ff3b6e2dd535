package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.lazaret.contracts.credentials.SignerCertificate;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.Verdict;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The ledger side of certificates: registering and changing signers, revoking certificates. */
final class CertLedgerCommands {
  private CertLedgerCommands() {}

  /** What every ledger-changing certificate command needs. */
  static class Sender {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Node URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--sender-key", required = true, description = "Key file of the member making the change.")
    Path senderKey;

    JsonNode commit(String method, JsonNode args) {
      return CertFiles.commit(Remote.client(node), KeyFiles.read(senderKey), method, args);
    }

    static ObjectNode result(JsonNode status) {
      return CanonicalJson.object().put("id", status.path("id").asText()).put("height", status.path("height").asLong());
    }
  }

  @Command(name = "signer", mixinStandardHelpOptions = true, description = "Register, suspend, reinstate or revoke document signers on the ledger's trust list.",
      subcommands = {Register.class, Suspend.class, Reinstate.class, Revoke.class})
  static final class Signer {}

  @Command(name = "register", mixinStandardHelpOptions = true, description = "Register a document signer certificate of your organisation (role credential.issuer). Prints its kid.")
  static final class Register extends Sender implements Runnable {
    @Option(names = "--cert-pem", required = true, description = "The document signer's certificate (PEM or DER).")
    Path certPem;

    @Override
    public void run() {
      X509Certificate certificate = CertFiles.certificate(certPem, "--cert-pem");
      String base64;
      try {
        base64 = Base64.getEncoder().encodeToString(certificate.getEncoded());
      } catch (CertificateEncodingException e) {
        throw new Main.Failure(2, "--cert-pem: " + e.getMessage());
      }
      String kid;
      try {
        kid = SignerCertificate.parse(base64).kid();
      } catch (IllegalArgumentException e) {
        throw new Main.Failure(2, "--cert-pem: " + e.getMessage());
      }
      JsonNode s = commit("registerSigner", CanonicalJson.object().put("certificate", base64));
      Remote.print(Sender.result(s).put("kid", kid));
    }
  }

  /** A status change of a signer, with the reason the ledger keeps. */
  abstract static class Change extends Sender implements Runnable {
    @Option(names = "--kid", required = true, description = "The signer's kid (16 hex digits).")
    String kid;

    @Option(names = "--reason", required = true, description = "Why; kept on the ledger and shown to verifiers.")
    String reason;

    abstract String method();

    @Override
    public void run() {
      JsonNode s = commit(method(), CanonicalJson.object().put("kid", kid).put("reason", reason));
      Remote.print(Sender.result(s).put("kid", kid));
    }
  }

  @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Suspend a signer of your organisation (role admin); verifiers stop trusting it.")
  static final class Suspend extends Change {
    @Override
    String method() {
      return "suspendSigner";
    }
  }

  @Command(name = "reinstate", mixinStandardHelpOptions = true, description = "Reinstate a suspended signer of your organisation (role admin).")
  static final class Reinstate extends Change {
    @Override
    String method() {
      return "reinstateSigner";
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a signer of your organisation for good (role admin).")
  static final class Revoke extends Change {
    @Override
    String method() {
      return "revokeSigner";
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an issued certificate on the ledger by its hash (SHA-256 of its UVCI). Verifiers see it after their next sync.")
  static final class RevokeCertificate extends Sender implements Runnable {
    static final class Target {
      @Option(names = "--hash", description = "The certificate's revocation hash (64 hex digits).")
      String hash;

      @Option(names = "--uvci", description = "The certificate identifier (ci), hashed here.")
      String uvci;

      @Option(names = "--qr", description = "The certificate's QR text (HC1:...); its identifier is hashed here.")
      String qr;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    @Option(names = "--reason", required = true, description = "Why; kept on the ledger.")
    String reason;

    @Override
    public void run() {
      List<String> hashes;
      if (target.hash != null) {
        hashes = List.of(target.hash);
      } else if (target.uvci != null) {
        hashes = List.of(org.lazaret.dcc.Revocations.uciHash(target.uvci));
      } else {
        Verdict v = Verifier.verify(VerifyRequest.ofText(target.qr, TrustList.empty(), Instant.now()));
        JsonNode payload = v.payload().orElseThrow(() -> new Main.Failure(2, "--qr: cannot be decoded: " + v.findings().get(0).detail()));
        hashes = CertIssueCommand.hashes(payload);
      }
      ObjectNode out = CanonicalJson.object();
      for (String hash : hashes) {
        JsonNode s = commit("revokeCertificate", CanonicalJson.object().put("hash", hash).put("reason", reason));
        out = Sender.result(s).put("hash", hash);
      }
      Remote.print(out);
    }
  }
}
