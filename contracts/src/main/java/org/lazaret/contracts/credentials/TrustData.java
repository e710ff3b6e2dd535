package org.lazaret.contracts.credentials;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.dcc.Failure;
import org.lazaret.dcc.Policy;
import org.lazaret.dcc.Revocations;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.Verdict;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.certlogic.BuiltInPolicies;

/**
 * What a verifier knows from the ledger as of one block: the registered signers with their
 * status, the revoked certificate hashes, the venues' policies and the maximum age governance
 * allows this knowledge to reach before verdicts call it stale. The node holds it live (never
 * stale: it is the ledger's own latest state); an offline verifier holds it from a snapshot,
 * whose age is counted from the block's time. Immutable; certificates are parsed once.
 */
public final class TrustData {
  /** Where the data comes from: the node's live state, or a snapshot exported from it. */
  public enum Source {
    LEDGER,
    SNAPSHOT
  }

  /** The block the data was read at. */
  public record AsOf(Source source, String chainId, long height, String blockHash, long blockTimeMillis) {
    public AsOf {
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(chainId, "chainId");
      Objects.requireNonNull(blockHash, "blockHash");
    }
  }

  private final List<Signer> signers;
  private final List<String> revoked;
  private final List<LedgerPolicy> policies;
  private final long maxAgeMillis;
  private final AsOf asOf;
  private final TrustList active;
  private final TrustList inactive;
  private final Revocations revocations;

  /** @throws IllegalArgumentException when a revoked hash is malformed */
  public TrustData(List<Signer> signers, List<String> revoked, List<LedgerPolicy> policies, long maxAgeMillis, AsOf asOf) {
    this.signers = List.copyOf(signers);
    this.revoked = List.copyOf(revoked);
    this.policies = List.copyOf(policies);
    this.maxAgeMillis = maxAgeMillis;
    this.asOf = Objects.requireNonNull(asOf, "asOf");
    if (maxAgeMillis <= 0) {
      throw new IllegalArgumentException(CredentialsContract.SNAPSHOT_MAX_AGE + ": must be positive, is " + maxAgeMillis);
    }
    List<X509Certificate> on = new ArrayList<>();
    List<X509Certificate> off = new ArrayList<>();
    for (Signer s : this.signers) {
      (s.status() == SignerStatus.ACTIVE ? on : off).add(s.certificate());
    }
    this.active = TrustList.of(on);
    this.inactive = TrustList.of(off);
    this.revocations = Revocations.of(this.revoked);
  }

  public List<Signer> signers() {
    return signers;
  }

  public List<String> revoked() {
    return revoked;
  }

  public List<LedgerPolicy> policies() {
    return policies;
  }

  public long maxAgeMillis() {
    return maxAgeMillis;
  }

  public AsOf asOf() {
    return asOf;
  }

  /** The active signers only: suspended and revoked ones sign nothing a verifier accepts. */
  public TrustList trustList() {
    return active;
  }

  public Revocations revocations() {
    return revocations;
  }

  public Optional<Signer> signer(String kid) {
    return signers.stream().filter(s -> s.kid().equals(kid)).findFirst();
  }

  /** A policy published on the ledger under this name, else the built-in one of that name. */
  public Optional<Policy> policy(String name) {
    return policies.stream().filter(p -> p.name().equals(name)).map(LedgerPolicy::policy).findFirst().or(() -> BuiltInPolicies.named(name));
  }

  /** Ledger policies, then the built-in ones they do not shadow. */
  public List<String> policyNames() {
    List<String> names = new ArrayList<>(policies.stream().map(LedgerPolicy::name).toList());
    BuiltInPolicies.names().stream().filter(n -> !names.contains(n)).forEach(names::add);
    return names;
  }

  /** Milliseconds from the block's time to {@code at} (negative when {@code at} is earlier). */
  public long ageMillis(Instant at) {
    return at.toEpochMilli() - asOf.blockTimeMillis();
  }

  /** A snapshot is stale once its block is more than the maximum age older than {@code at}. */
  public boolean staleAt(Instant at) {
    return asOf.source() == Source.SNAPSHOT && ageMillis(at) > maxAgeMillis;
  }

  /** A request judged against this data's active signers and revocations, with no policy yet. */
  public VerifyRequest request(VerifyRequest.Input input, Instant at) {
    return new VerifyRequest(input, active, at, revocations, Policy.none());
  }

  /**
   * Verifies, then explains: the signer that verified (or, when the kid is unknown to the active
   * trust list, a suspended or revoked signer whose key does verify, with its reason), and
   * whether this data was too old to trust at the instant judged.
   */
  public CredentialCheck check(VerifyRequest request, Optional<String> policyName) {
    Verdict verdict = Verifier.verify(request);
    Optional<Signer> signer = verdict.signer().flatMap(key -> signer(key.kid().toString()));
    List<String> notes = new ArrayList<>();
    if (signer.isEmpty() && verdict.failures().contains(Failure.UNKNOWN_KEY) && !inactive.isEmpty()) {
      Verdict again = Verifier.verify(new VerifyRequest(request.input(), inactive, request.at(), Revocations.none(), Policy.none()));
      signer = again.signer().flatMap(key -> signer(key.kid().toString()));
      signer.ifPresent(s -> notes.add("signed by " + s.kid() + " of '" + s.org() + "', which is " + s.status() + s.reason().map(r -> ": " + r).orElse("")));
    }
    return new CredentialCheck(verdict, signer, notes, asOf, maxAgeMillis, ageMillis(request.at()), staleAt(request.at()), policyName);
  }
}
