package org.lazaret.contracts.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.lazaret.contracts.governance.GovernanceContract;

/**
 * Where the credentials contract keeps its state, and the one way to read a verifier's trust data
 * from it. Lists the ledger must enumerate are kept as index values, because a state read is by
 * key only: a verifier (or a snapshot proof) reads the index, then each entry it names.
 *
 * <pre>
 * credentials/signers               sorted array of kids
 * credentials/signer/&lt;kid&gt;          {kid, certificate, org, status, subject, notBefore, notAfter, registeredAt, reason?, changedAt?, changedBy?}
 * credentials/policies              sorted array of policy names
 * credentials/policy/&lt;name&gt;         {name, org, version, rules, valueSets?, country?, updatedAt}
 * credentials/issued/&lt;hash&gt;         {hash, org, recordedAt}
 * credentials/revoked/&lt;hash&gt;        {hash, org, reason, revokedAt}
 * credentials/revocation-count      number of revoked hashes
 * credentials/revocation-page/&lt;n&gt;   array of up to {@value #REVOCATION_PAGE_SIZE} hashes, in revocation order
 * governance/param/credentials.snapshotMaxAgeMillis   (absent: the default)
 * </pre>
 */
public final class CredentialsState {
  public static final String SIGNERS = "credentials/signers";
  public static final String POLICIES = "credentials/policies";
  public static final String REVOCATION_COUNT = "credentials/revocation-count";
  public static final int REVOCATION_PAGE_SIZE = 1_000;

  private CredentialsState() {}

  public static String signerKey(String kid) {
    return "credentials/signer/" + kid;
  }

  public static String policyKey(String name) {
    return "credentials/policy/" + name;
  }

  public static String issuedKey(String hash) {
    return "credentials/issued/" + hash;
  }

  public static String revokedKey(String hash) {
    return "credentials/revoked/" + hash;
  }

  public static String revocationPageKey(long page) {
    return "credentials/revocation-page/" + page;
  }

  public static String maxAgeKey() {
    return GovernanceContract.paramKey(CredentialsContract.SNAPSHOT_MAX_AGE);
  }

  /**
   * Everything a verifier needs, read key by key in a fixed order (indexes first, then what they
   * name), so that a snapshot built by recording these reads can be rebuilt from its proofs.
   *
   * @throws IllegalArgumentException when the state is inconsistent (an index names a missing entry)
   */
  public static TrustData read(StateReader reader, TrustData.AsOf asOf) {
    List<Signer> signers = new ArrayList<>();
    for (JsonNode kid : reader.read(SIGNERS).orElseGet(CredentialsState::emptyArray)) {
      JsonNode value = reader.read(signerKey(kid.asText()))
          .orElseThrow(() -> new IllegalArgumentException(SIGNERS + ": names signer " + kid.asText() + ", which has no entry"));
      signers.add(Signer.fromJson(value));
    }
    List<LedgerPolicy> policies = new ArrayList<>();
    for (JsonNode name : reader.read(POLICIES).orElseGet(CredentialsState::emptyArray)) {
      JsonNode value = reader.read(policyKey(name.asText()))
          .orElseThrow(() -> new IllegalArgumentException(POLICIES + ": names policy " + name.asText() + ", which has no entry"));
      policies.add(LedgerPolicy.fromJson(value));
    }
    long count = reader.read(REVOCATION_COUNT).map(JsonNode::asLong).orElse(0L);
    if (count < 0) {
      throw new IllegalArgumentException(REVOCATION_COUNT + ": negative");
    }
    List<String> revoked = new ArrayList<>();
    for (long page = 0; page * REVOCATION_PAGE_SIZE < count; page++) {
      String key = revocationPageKey(page);
      JsonNode hashes = reader.read(key).orElseThrow(() -> new IllegalArgumentException(key + ": missing, but " + count + " hashes are revoked"));
      hashes.forEach(h -> revoked.add(h.asText()));
    }
    if (revoked.size() != count) {
      throw new IllegalArgumentException(REVOCATION_COUNT + ": says " + count + " but the pages hold " + revoked.size());
    }
    long maxAge = reader.read(maxAgeKey()).map(JsonNode::asLong).orElse(CredentialsContract.SNAPSHOT_MAX_AGE_DEFAULT);
    return new TrustData(signers, revoked, policies, maxAge, asOf);
  }

  private static JsonNode emptyArray() {
    return org.lazaret.core.json.CanonicalJson.object().arrayNode();
  }
}
