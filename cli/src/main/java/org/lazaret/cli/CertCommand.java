package org.lazaret.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.contracts.credentials.CredentialCheck;
import org.lazaret.contracts.credentials.SnapshotException;
import org.lazaret.contracts.credentials.TrustData;
import org.lazaret.contracts.credentials.TrustSnapshot;
import org.lazaret.dcc.DccJson;
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
@Command(
    name = "cert",
    mixinStandardHelpOptions = true,
    description = "Health certificates (EU DCC): verify offline, issue, revoke, manage signers and export the ledger's trust list.",
    subcommands = {
      CertCommand.Verify.class,
      CertIssueCommand.class,
      CertLedgerCommands.RevokeCertificate.class,
      CertLedgerCommands.Signer.class,
      CertTrustCommand.class
    })
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

    @Option(
        names = "--trust",
        description = "A trusted document-signer certificate (DER or PEM; PEM may hold several), or a trust-list snapshot from 'lazaret cert trust export' (its active signers, "
            + "revocations and policies are used, and a verdict on data older than its maximum age is not valid: \"warnings\": [\"stale\"]). Repeatable; one snapshot at most.")
    List<Path> trust = new ArrayList<>();

    @Option(names = "--at", description = "The time to judge expiry at (ISO-8601, e.g. 2021-06-01T12:00:00Z); default now.")
    String at;

    @Option(
        names = "--policy",
        description = "A verification policy: a built-in one (${COMPLETION-CANDIDATES}) or, with a snapshot in --trust, a venue's policy published on the ledger (which wins over a built-in one of the same name).",
        completionCandidates = PolicyNames.class)
    String policy;

    @Option(names = "--revoked", description = "A file of revoked certificate hashes (hex, one per line).")
    Path revoked;

    @Override
    public void run() {
      Instant when = at == null ? Instant.now() : parseInstant("--at", at);
      TrustList trustList = TrustList.empty();
      Optional<TrustData> snapshot = Optional.empty();
      for (Path file : trust) {
        byte[] content;
        try {
          content = Files.readAllBytes(file);
        } catch (IOException e) {
          throw new Main.Failure(2, "--trust: " + file + ": cannot be read: " + e.getMessage());
        }
        if (TrustSnapshot.looksLikeSnapshot(content)) {
          if (snapshot.isPresent()) {
            throw new Main.Failure(2, "--trust: " + file + ": only one trust-list snapshot may be given");
          }
          try {
            snapshot = Optional.of(TrustSnapshot.open(content).data());
          } catch (SnapshotException e) {
            throw new Main.Failure(2, "--trust: " + file + ": not a usable snapshot: " + e.getMessage());
          }
          continue;
        }
        try {
          trustList = trustList.plus(TrustList.parse(content, file.toString()));
        } catch (TrustListException e) {
          throw new Main.Failure(2, "--trust: " + e.getMessage());
        }
      }
      if (snapshot.isPresent()) {
        trustList = snapshot.get().trustList().plus(trustList);
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
      List<String> revokedHashes = new ArrayList<>(snapshot.map(TrustData::revoked).orElse(List.of()));
      if (revoked != null) {
        try {
          revokedHashes.addAll(Files.readAllLines(revoked).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList());
        } catch (IOException e) {
          throw new Main.Failure(2, "--revoked: cannot read " + revoked + ": " + e.getMessage());
        }
      }
      try {
        request = request.withRevocations(Revocations.of(revokedHashes));
      } catch (IllegalArgumentException e) {
        throw new Main.Failure(2, "--revoked: " + e.getMessage());
      }
      if (policy != null) {
        List<String> known = snapshot.map(TrustData::policyNames).orElse(BuiltInPolicies.names());
        Optional<Policy> named = snapshot.isPresent() ? snapshot.get().policy(policy) : BuiltInPolicies.named(policy);
        Policy p = named.orElseThrow(() -> new Main.Failure(2, "--policy: unknown policy '" + policy + "'; known: " + String.join(", ", known)));
        request = request.withPolicy(p);
      }
      if (snapshot.isPresent()) {
        CredentialCheck check = snapshot.get().check(request, Optional.ofNullable(policy));
        System.out.println(DccJson.write(check.toJson()));
        System.out.flush();
        if (!check.valid()) {
          List<String> why = new ArrayList<>(check.verdict().failures().stream().map(f -> f.wireName()).toList());
          if (check.stale()) {
            why.add("stale trust data");
          }
          throw new Main.Failure(1, "invalid: " + String.join(", ", why));
        }
        return;
      }
      Verdict v = Verifier.verify(request);
      System.out.println(v.toJsonString());
      System.out.flush();
      if (!v.valid()) {
        throw new Main.Failure(1, "invalid: " + String.join(", ", v.failures().stream().map(f -> f.wireName()).toList()));
      }
    }

  }

  /** An ISO-8601 time from option {@code option}; a usage error (exit 2) otherwise. */
  static Instant parseInstant(String option, String s) {
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e2) {
        throw new Main.Failure(2, option + ": '" + s + "' is not an ISO-8601 time such as 2021-06-01T12:00:00Z");
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
