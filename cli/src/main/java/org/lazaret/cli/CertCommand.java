package org.lazaret.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.lazaret.dcc.Policy;
import org.lazaret.dcc.Revocations;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.TrustListException;
import org.lazaret.dcc.Verdict;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.certlogic.BuiltInPolicies;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** EU Digital COVID Certificates, offline. */
@Command(name = "cert", mixinStandardHelpOptions = true, description = "Verify health certificates (EU DCC) offline.", subcommands = {CertCommand.Verify.class})
final class CertCommand {
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description = "Verify a certificate offline. Prints {\"valid\", \"failures\", \"text\", \"payload\"}; exits 0 when valid, 1 when invalid, 2 on a usage error.")
  static final class Verify implements Runnable {
    static final class Input {
      @Option(names = "--qr", description = "The QR text (HC1:...).")
      String text;

      @Option(names = "--qr-image", description = "A PNG image of the QR code.")
      Path image;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--trust", description = "A trusted document-signer certificate (DER or PEM; PEM may hold several). Repeatable.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--at", description = "The time to judge expiry at (ISO-8601, e.g. 2021-06-01T12:00:00Z); default now.")
    String at;

    @Option(names = "--policy", description = "A verification policy: ${COMPLETION-CANDIDATES}.", completionCandidates = PolicyNames.class)
    String policy;

    @Option(names = "--revoked", description = "A file of revoked certificate hashes (hex, one per line).")
    Path revoked;

    @Override
    public void run() {
      Instant when = at == null ? Instant.now() : parseInstant(at);
      TrustList trustList;
      try {
        trustList = trust.isEmpty() ? TrustList.empty() : TrustList.load(trust);
      } catch (TrustListException e) {
        throw new Main.Failure(2, "--trust: " + e.getMessage());
      }
      VerifyRequest request;
      if (input.text != null) {
        request = VerifyRequest.ofText(input.text, trustList, when);
      } else {
        try {
          request = VerifyRequest.ofPicture(Files.readAllBytes(input.image), trustList, when);
        } catch (IOException e) {
          throw new Main.Failure(2, "--qr-image: cannot read " + input.image + ": " + e.getMessage());
        }
      }
      if (revoked != null) {
        try {
          request = request.withRevocations(Revocations.of(Files.readAllLines(revoked).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()));
        } catch (IOException e) {
          throw new Main.Failure(2, "--revoked: cannot read " + revoked + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
          throw new Main.Failure(2, "--revoked: " + e.getMessage());
        }
      }
      if (policy != null) {
        Policy p = BuiltInPolicies.named(policy).orElseThrow(() -> new Main.Failure(2, "--policy: unknown policy '" + policy + "'; known: " + String.join(", ", BuiltInPolicies.names())));
        request = request.withPolicy(p);
      }
      Verdict v = Verifier.verify(request);
      System.out.println(v.toJsonString());
      System.out.flush();
      if (!v.valid()) {
        throw new Main.Failure(1, "invalid: " + String.join(", ", v.failures().stream().map(f -> f.wireName()).toList()));
      }
    }

    private static Instant parseInstant(String s) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return Instant.parse(s);
        } catch (DateTimeParseException e2) {
          throw new Main.Failure(2, "--at: '" + s + "' is not an ISO-8601 time such as 2021-06-01T12:00:00Z");
        }
      }
    }
  }

  /** Policy names for --help. */
  static final class PolicyNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    PolicyNames() {
      super(BuiltInPolicies.names());
    }
  }
}
