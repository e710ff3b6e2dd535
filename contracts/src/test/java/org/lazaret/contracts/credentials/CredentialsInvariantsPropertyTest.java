package org.lazaret.contracts.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.obj;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;
import org.lazaret.dcc.issue.TestSigners;

/**
 * Goal: the credentials state stays consistent whatever members try, in any order. Method:
 * random sequences of registrations, signer status changes, certificate recordings and
 * revocations by the lab's and the clinic's members (allowed or not) run against a
 * {@link TestChain}, side by side with a small reference model of who may do what; after every
 * call the state must equal the model: the signer index lists exactly the registered signers,
 * each with the model's status (revocation is final), and the revocation pages hold exactly the
 * revoked hashes, once each, in revocation order. Every call ends in a receipt, never an exception.
 */
class CredentialsInvariantsPropertyTest {
  static final List<TestSigners.Signer> DSCS = List.of(Dsc.signer(11), Dsc.signer(12), Dsc.signer(13));
  static final List<String> HASHES = List.of(Dsc.hash("U#1"), Dsc.hash("U#2"), Dsc.hash("U#3"), Dsc.hash("U#4"));
  static final List<KeyPair> ACTORS = List.of(CredentialsContractTest.LAB_ADMIN, CredentialsContractTest.LAB_ISSUER, CredentialsContractTest.CLINIC_ADMIN, CredentialsContractTest.AGENCY_ADMIN);
  static final Map<KeyPair, String> ORG = Map.of(CredentialsContractTest.LAB_ADMIN, "lab", CredentialsContractTest.LAB_ISSUER, "lab", CredentialsContractTest.CLINIC_ADMIN, "clinic",
      CredentialsContractTest.AGENCY_ADMIN, "agency");
  static final Set<KeyPair> ISSUERS = Set.of(CredentialsContractTest.LAB_ADMIN, CredentialsContractTest.LAB_ISSUER, CredentialsContractTest.CLINIC_ADMIN);
  static final Set<KeyPair> ADMINS = Set.of(CredentialsContractTest.LAB_ADMIN, CredentialsContractTest.CLINIC_ADMIN, CredentialsContractTest.AGENCY_ADMIN);

  record SignerModel(String org, String status) {}

  @Property(tries = 40)
  void stateMatchesTheModelAfterEveryCall(@ForAll @Size(max = 30) List<@IntRange(min = 0, max = 9_999) Integer> codes) {
    TestChain c = CredentialsContractTest.chain();
    TreeMap<String, SignerModel> signers = new TreeMap<>();
    TreeMap<String, String> recorded = new TreeMap<>();
    List<String> revoked = new ArrayList<>();
    for (int code : codes) {
      KeyPair actor = ACTORS.get(code % ACTORS.size());
      String org = ORG.get(actor);
      int target = (code / 4) % 4;
      int op = (code / 16) % 6;
      boolean expectApplied;
      Receipt r;
      if (op == 0) {
        TestSigners.Signer dsc = DSCS.get(target % DSCS.size());
        String kid = Dsc.kid(dsc);
        expectApplied = ISSUERS.contains(actor) && !signers.containsKey(kid);
        r = CredentialsContractTest.register(c, actor, dsc);
        if (expectApplied) {
          signers.put(kid, new SignerModel(org, "active"));
        }
      } else if (op <= 3) {
        TestSigners.Signer dsc = DSCS.get(target % DSCS.size());
        String kid = Dsc.kid(dsc);
        String method = List.of("suspendSigner", "reinstateSigner", "revokeSigner").get(op - 1);
        SignerModel m = signers.get(kid);
        String from = m == null ? "" : m.status();
        boolean legal = switch (method) {
          case "suspendSigner" -> from.equals("active");
          case "reinstateSigner" -> from.equals("suspended");
          default -> from.equals("active") || from.equals("suspended");
        };
        expectApplied = m != null && ADMINS.contains(actor) && m.org().equals(org) && legal;
        r = CredentialsContractTest.change(c, actor, method, dsc, "reason " + code);
        if (expectApplied) {
          signers.put(kid, new SignerModel(org, method.equals("suspendSigner") ? "suspended" : method.equals("reinstateSigner") ? "active" : "revoked"));
        }
      } else if (op == 4) {
        String hash = HASHES.get(target);
        expectApplied = ISSUERS.contains(actor) && !recorded.containsKey(hash);
        r = c.call(actor, "credentials", "recordIssued", obj("hash", hash));
        if (expectApplied) {
          recorded.put(hash, org);
        }
      } else {
        String hash = HASHES.get(target);
        expectApplied = ISSUERS.contains(actor) && (!recorded.containsKey(hash) || recorded.get(hash).equals(org)) && !revoked.contains(hash);
        r = c.call(actor, "credentials", "revokeCertificate", obj("hash", hash, "reason", "r"));
        if (expectApplied) {
          revoked.add(hash);
        }
      }
      assertThat(r instanceof Receipt.Applied).as("op %d by %s: %s", op, org, r).isEqualTo(expectApplied);
      checkState(c, signers, revoked);
    }
  }

  private static void checkState(TestChain c, TreeMap<String, SignerModel> signers, List<String> revoked) {
    TreeSet<String> index = new TreeSet<>();
    c.read(CredentialsState.SIGNERS).ifPresent(a -> a.forEach(k -> index.add(k.asText())));
    assertThat(index).isEqualTo(signers.keySet());
    assertThat(c.snapshot().keySet().stream().filter(k -> k.startsWith("credentials/signer/")).toList()).hasSameSizeAs(signers.keySet());
    signers.forEach((kid, m) -> {
      JsonNode s = c.read(CredentialsState.signerKey(kid)).orElseThrow();
      assertThat(s.path("status").asText()).as(kid).isEqualTo(m.status());
      assertThat(s.path("org").asText()).isEqualTo(m.org());
    });
    TrustData data = CredentialsState.read(c::read, new TrustData.AsOf(TrustData.Source.LEDGER, TestChain.CHAIN, c.height(), "00", 1));
    assertThat(data.revoked()).isEqualTo(revoked);
    assertThat(c.snapshot().keySet().stream().filter(k -> k.startsWith("credentials/revoked/")).count()).isEqualTo(revoked.size());
    assertThat(data.trustList().size()).isEqualTo((int) signers.values().stream().filter(m -> m.status().equals("active")).count());
  }
}
