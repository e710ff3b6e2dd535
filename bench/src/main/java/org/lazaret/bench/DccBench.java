package org.lazaret.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.CertificateType;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.Verdict;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.issue.DccIssuer;
import org.lazaret.dcc.issue.IssueRequest;
import org.lazaret.dcc.issue.TestSigners;

/**
 * Offline EU DCC rates on one core: full verifications (QR text to verdict: base45, zlib,
 * COSE_Sign1 with ES256, CWT, schema, expiry) and issuances, each run for a fixed time after a
 * warm-up on the calling thread only.
 */
public final class DccBench {
  private DccBench() {}

  public record Result(double verificationsPerSecond, double issuancesPerSecond) {
    public String json() {
      return String.format(Locale.ROOT, "{\"dcc_verify_per_s_one_core\": %.0f, \"dcc_issue_per_s_one_core\": %.0f}", verificationsPerSecond, issuancesPerSecond);
    }
  }

  public static Result run(int seconds, PrintStream out) throws Exception {
    Instant now = Instant.now();
    TestSigners.Signer signer = TestSigners.ecP256("Lazaret bench DSC", now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), EnumSet.allOf(CertificateType.class), new SecureRandom());
    ObjectNode dcc = CanonicalJson.object();
    dcc.put("ver", "1.3.0");
    dcc.putObject("nam").put("fn", "Bench").put("fnt", "BENCH").put("gn", "Ada").put("gnt", "ADA");
    dcc.put("dob", "1990-04-01");
    dcc.putArray("v").addObject().put("tg", "840539006").put("vp", "1119349007").put("mp", "EU/1/20/1528").put("ma", "ORG-100030215").put("dn", 2).put("sd", 2)
        .put("dt", "2024-02-01").put("co", "XX").put("is", "Lazaret bench").put("ci", "URN:UVCI:01:XX:BENCH0000000000000001#X");
    IssueRequest request = new IssueRequest(dcc, "XX", now, now.plus(Duration.ofDays(180)), signer.privateKey(), signer.certificate());
    String text = DccIssuer.issue(request);
    TrustList trust = TrustList.of(signer.certificate());
    Verdict check = Verifier.verify(VerifyRequest.ofText(text, trust, now));
    if (!check.valid()) {
      throw new IllegalStateException("the benchmark's own certificate does not verify: " + check.failures());
    }
    out.printf("verifying on one core for %d s...%n", seconds);
    double verify = rate(seconds, () -> {
      if (!Verifier.verify(VerifyRequest.ofText(text, trust, now)).valid()) {
        throw new IllegalStateException("verification failed during the benchmark");
      }
    });
    out.printf("verifications: %.0f/s%nissuing on one core for %d s...%n", verify, seconds);
    double issue = rate(seconds, () -> {
      try {
        DccIssuer.issue(request);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    });
    out.printf("issuances: %.0f/s%n", issue);
    return new Result(verify, issue);
  }

  private static double rate(int seconds, Runnable op) {
    long warm = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < warm) {
      op.run();
    }
    long n = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      op.run();
      n++;
    }
    return n * 1e9 / (System.nanoTime() - start);
  }
}
