package org.lazaret.contracts.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.lazaret.contracts.TestChain;
import org.lazaret.dcc.CertificateType;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.Revocations;
import org.lazaret.dcc.issue.DccIssuer;
import org.lazaret.dcc.issue.IssueRequest;
import org.lazaret.dcc.issue.TestSigners;

/**
 * Seeded document signers and DCCs for the credentials tests: a signer is valid for a year either
 * side of the test chain's genesis, and certificates are issued at genesis, valid for a year.
 */
final class Dsc {
  static final Instant GENESIS = Instant.ofEpochMilli(TestChain.GENESIS_TIME);
  static final Instant ISSUED = GENESIS;
  static final Instant EXPIRES = GENESIS.plusSeconds(365L * 24 * 3600);

  private Dsc() {}

  static SecureRandom random(long seed) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestSigners.Signer signer(long seed) {
    return signer(seed, GENESIS.minusSeconds(365L * 24 * 3600), GENESIS.plusSeconds(365L * 24 * 3600));
  }

  static TestSigners.Signer signer(long seed, Instant from, Instant to) {
    try {
      return TestSigners.ecP256("Lazaret contract test DSC " + seed, from, to, Set.of(CertificateType.values()), random(seed));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String base64(TestSigners.Signer signer) {
    try {
      return Base64.getEncoder().encodeToString(signer.certificate().getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String kid(TestSigners.Signer signer) {
    return SignerCertificate.parse(base64(signer)).kid();
  }

  static ObjectNode vaccination(String uvci) {
    ObjectNode dcc = DccJson.nodes().objectNode();
    dcc.put("ver", "1.3.0");
    dcc.putObject("nam").put("fn", "Testperson").put("fnt", "TESTPERSON").put("gn", "Alex").put("gnt", "ALEX");
    dcc.put("dob", "1980-01-01");
    dcc.putArray("v").addObject().put("tg", "840539006").put("vp", "1119349007").put("mp", "EU/1/20/1528").put("ma", "ORG-100030215").put("dn", 2).put("sd", 2)
        .put("dt", "2023-10-01").put("co", "DE").put("is", "Lazaret test lab").put("ci", uvci);
    return dcc;
  }

  static String issue(JsonNode dcc, TestSigners.Signer signer) {
    try {
      return DccIssuer.issue(new IssueRequest(dcc, "DE", ISSUED, EXPIRES, signer.privateKey(), signer.certificate()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The ledger's hash of a certificate: SHA-256 of its UVCI, the DCC revocation list's UCI hash. */
  static String hash(String uvci) {
    return Revocations.uciHash(uvci);
  }
}
