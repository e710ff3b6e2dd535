package org.lazaret.contracts.credentials;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.dcc.Finding;
import org.lazaret.dcc.Verdict;

/**
 * A verdict on one certificate together with what the ledger says about it: the signer's
 * organisation and status, notes explaining a failure (a suspended signer, say), and whether the
 * trust data was current. A certificate is valid only when the verdict has no failure and the
 * data is not stale; staleness is reported in {@code warnings} and {@code trust.stale}, never as
 * a new failure name (the thirteen failure names are a fixed contract with verifiers).
 */
public record CredentialCheck(Verdict verdict, Optional<Signer> signer, List<String> notes, TrustData.AsOf asOf, long maxAgeMillis, long ageMillis, boolean stale,
    Optional<String> policy) {
  public static final String STALE = "stale";

  public CredentialCheck {
    Objects.requireNonNull(verdict, "verdict");
    Objects.requireNonNull(signer, "signer");
    notes = List.copyOf(notes);
    Objects.requireNonNull(asOf, "asOf");
    Objects.requireNonNull(policy, "policy");
  }

  public boolean valid() {
    return verdict.valid() && !stale;
  }

  /**
   * {@code {"valid", "failures", "text", "payload"}} as the offline verifier prints them, then
   * {@code warnings}, {@code trust} (source, block, age, maximum age, stale and, when stale, why), {@code signer},
   * {@code policy} and {@code details} (each failure with its explanation, then the notes).
   */
  public ObjectNode toJson() {
    ObjectNode o = verdict.toJson();
    o.put("valid", valid());
    ArrayNode warnings = o.putArray("warnings");
    if (stale) {
      warnings.add(STALE);
    }
    ObjectNode trust = o.putObject("trust");
    trust.put("source", asOf.source().name().toLowerCase(java.util.Locale.ROOT));
    trust.put("chainId", asOf.chainId()).put("height", asOf.height()).put("blockHash", asOf.blockHash());
    trust.put("blockTime", Instant.ofEpochMilli(asOf.blockTimeMillis()).toString());
    trust.put("ageMillis", ageMillis).put("maxAgeMillis", maxAgeMillis).put("stale", stale);
    if (stale) {
      trust.put("detail", "trust data from block " + asOf.height() + " at " + Instant.ofEpochMilli(asOf.blockTimeMillis()) + " is " + ageMillis
          + " ms old, more than the maximum of " + maxAgeMillis + " ms set by governance: export a new snapshot and verify again");
    }
    if (signer.isPresent()) {
      o.set("signer", signer.get().summary());
    } else {
      o.putNull("signer");
    }
    if (policy.isPresent()) {
      o.put("policy", policy.get());
    } else {
      o.putNull("policy");
    }
    ArrayNode details = o.putArray("details");
    for (Finding f : verdict.findings()) {
      details.addObject().put("failure", f.failure().wireName()).put("detail", f.detail());
    }
    for (String note : notes) {
      details.addObject().put("failure", "unknown_key").put("detail", note);
    }
    return o;
  }
}
