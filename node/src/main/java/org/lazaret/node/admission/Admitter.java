package org.lazaret.node.admission;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.Executor;
import org.lazaret.contracts.Revert;
import org.lazaret.contracts.Roles;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.mempool.Mempool;
import org.lazaret.storage.LedgerStore;
import org.lazaret.storage.TxLocation;

/**
 * The gate in front of the mempool. Runs the cheap checks first — chain, expiry, contract,
 * method, arguments, room in the mempool, nonce order — then the Ed25519 signature, the costliest
 * step, run once per transaction and, for batches, in parallel on every core; then the remaining
 * state checks (revoked key, already committed) and the mempool's own insertion. The first
 * failing check gives the one reason returned, and no signature is verified for a transaction
 * that a cheaper check already refuses.
 */
public final class Admitter {
  private final String chainId;
  private final Executor executor;
  private final LedgerStore store;
  private final Mempool mempool;
  private final InstantSource clock;
  private final ForkJoinPool verifiers;
  private final AdmissionMetrics metrics;

  public Admitter(String chainId, Executor executor, LedgerStore store, Mempool mempool, InstantSource clock, ForkJoinPool verifiers, AdmissionMetrics metrics) {
    this.chainId = chainId;
    this.executor = executor;
    this.store = store;
    this.mempool = mempool;
    this.clock = clock;
    this.verifiers = verifiers;
    this.metrics = metrics;
  }

  public Admission admit(SignedTransaction tx) {
    Admission a = precheck(List.of(tx)).get(0).orElseGet(() -> tx.signatureValid() ? stateful(tx, store.locate(tx.id())) : badSignature());
    metrics.record(a);
    return a;
  }

  /**
   * Admits a batch in order. The cheap checks run first for the whole batch — including whether
   * the mempool has room and whether each nonce follows the sender's previous one, counting the
   * batch's own earlier transactions — so that no signature is verified for a transaction that
   * would be refused anyway; the remaining signatures are verified in batches, in parallel.
   */
  public List<Admission> admitAll(List<SignedTransaction> txs) {
    List<Optional<Admission>> early = precheck(txs);
    List<SignedTransaction> toVerify = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      if (early.get(i).isEmpty()) {
        toVerify.add(txs.get(i));
      }
    }
    boolean[] sigOk = new boolean[txs.size()];
    try {
      boolean[] verifiedOk = verifiers.submit(() -> SignedTransaction.signaturesValid(toVerify)).get();
      for (int i = 0, j = 0; i < txs.size(); i++) {
        if (early.get(i).isEmpty()) {
          sigOk[i] = verifiedOk[j++];
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while verifying signatures", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("signature verification failed", e.getCause());
    }
    List<Hash32> verified = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      if (early.get(i).isEmpty() && sigOk[i]) {
        verified.add(txs.get(i).id());
      }
    }
    Iterator<Optional<TxLocation>> committedAt = store.locateAll(verified).iterator();
    List<Admission> out = new ArrayList<>(txs.size());
    for (int i = 0; i < txs.size(); i++) {
      Admission a = early.get(i).orElse(null);
      if (a == null) {
        a = sigOk[i] ? stateful(txs.get(i), committedAt.next()) : badSignature();
      }
      metrics.record(a);
      out.add(a);
    }
    return out;
  }

  /** Stateless checks, then room and nonce order, for each transaction in turn; empty = verify it. */
  private List<Optional<Admission>> precheck(List<SignedTransaction> txs) {
    List<Optional<Admission>> out = new ArrayList<>(txs.size());
    int room = mempool.room();
    java.util.Map<org.lazaret.core.crypto.PublicKey, long[]> nonces = new java.util.HashMap<>();
    for (SignedTransaction tx : txs) {
      Optional<Admission> a = stateless(tx);
      if (a.isEmpty() && room <= 0) {
        a = Optional.of(new Admission.Busy(BusyReason.MEMPOOL_FULL, "the mempool is full; retry shortly", 1));
      }
      if (a.isEmpty()) {
        org.lazaret.core.crypto.PublicKey from = tx.body().sender();
        long[] n = nonces.computeIfAbsent(from, k -> {
          long committed = Executor.nextNonce(store.stateView(), k);
          return new long[] {committed, mempool.nextNonce(k, committed)};
        });
        long nonce = tx.body().nonce();
        if (nonce < n[0]) {
          Optional<TxLocation> at = store.locate(tx.id());
          a = at.isPresent()
              ? reject(RejectReason.DUPLICATE, "id", "already committed in block " + at.get().height())
              : reject(RejectReason.NONCE_TOO_LOW, "nonce", "nonce " + nonce + " was already used; the next is " + n[1]);
        } else if (nonce < n[1]) {
          a = reject(RejectReason.DUPLICATE, "nonce", "another pending transaction already has nonce " + nonce + "; the next is " + n[1]);
        } else if (nonce > n[1]) {
          a = reject(RejectReason.NONCE_GAP, "nonce", "nonce " + nonce + " leaves a gap; the next is " + n[1]);
        } else {
          n[1]++;
          room--;
        }
      }
      out.add(a);
    }
    return out;
  }

  /** Records a transaction refused before it could be decoded. */
  public Admission malformed(RejectReason reason, String field, String detail) {
    Admission a = new Admission.Rejected(reason, field, detail);
    metrics.record(a);
    return a;
  }

  private static Admission badSignature() {
    return new Admission.Rejected(RejectReason.BAD_SIGNATURE, "signature", "the signature does not verify for the sender's key over this transaction");
  }

  private Optional<Admission> stateless(SignedTransaction stx) {
    Transaction tx = stx.body();
    if (!tx.chainId().equals(chainId)) {
      return reject(RejectReason.WRONG_CHAIN, "chainId", "this node serves chain '" + chainId + "', not '" + tx.chainId() + "'");
    }
    long now = clock.millis();
    if (tx.expiresAtMillis() < now) {
      return reject(RejectReason.EXPIRED, "expiresAt", "expired " + (now - tx.expiresAtMillis()) + " ms ago");
    }
    if (tx.expiresAtMillis() - now > Limits.TX_EXPIRY_MILLIS_MAX) {
      return reject(RejectReason.EXPIRY_TOO_FAR, "expiresAt", "more than " + Limits.TX_EXPIRY_MILLIS_MAX / 3_600_000 + " hours ahead");
    }
    Optional<Contract> c = executor.contract(tx.contract());
    if (c.isEmpty()) {
      return reject(RejectReason.UNKNOWN_CONTRACT, "contract", "no contract named '" + tx.contract() + "'");
    }
    if (!c.get().methods().contains(tx.method())) {
      return reject(RejectReason.UNKNOWN_METHOD, "method", "contract '" + tx.contract() + "' has no method '" + tx.method() + "'; it has " + new java.util.TreeSet<>(c.get().methods()));
    }
    try {
      c.get().check(tx.method(), tx.argsJson());
    } catch (Revert r) {
      String reason = r.reason();
      int colon = reason.indexOf(':');
      return reject(RejectReason.BAD_ARGUMENT, colon > 0 ? "args." + reason.substring(0, colon) : "args", reason);
    }
    return Optional.empty();
  }

  /** @param committedAt where the transaction index places {@code tx}, looked up beforehand */
  private Admission stateful(SignedTransaction tx, Optional<TxLocation> committedAt) {
    Optional<byte[]> member = store.stateValue(Roles.memberKey(tx.body().sender()));
    if (member.isPresent()) {
      JsonNode m = CanonicalJson.parse("member", member.get());
      if ("revoked".equals(m.path("status").asText())) {
        return new Admission.Rejected(RejectReason.KEY_REVOKED, "sender", "the sender's key was revoked");
      }
    }
    if (committedAt.isPresent()) {
      return new Admission.Rejected(RejectReason.DUPLICATE, "id", "already committed in block " + committedAt.get().height());
    }
    return mempool.add(tx, Executor.nextNonce(store.stateView(), tx.body().sender()));
  }

  private static Optional<Admission> reject(RejectReason r, String field, String detail) {
    return Optional.of(new Admission.Rejected(r, field, detail));
  }
}
