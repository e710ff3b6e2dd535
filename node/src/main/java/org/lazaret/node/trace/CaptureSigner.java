package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Objects;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.admission.Admission;
import org.lazaret.node.api.NodeServices;

/**
 * Signs {@code trace.capture} calls with the node's capture key and offers them to admission. The
 * key's transactions need consecutive nonces, and other clients may use the same key at the same
 * time (an operator's CLI, another node): signing and admitting run under one lock, each nonce is
 * the sender's next one counting its pending transactions, and a transaction refused because
 * someone else took that nonce meanwhile is signed again with the next one, a few times at most.
 */
final class CaptureSigner {
  /** A capture not ordered within this time expires; its job then reports it as not committed. */
  static final Duration VALIDITY = Duration.ofMinutes(10);
  private static final int ATTEMPTS_MAX = 5;

  /** What to do around each admission attempt: record the job first, drop it if refused. */
  interface Hooks {
    void before(SignedTransaction tx);

    void refused(SignedTransaction tx);
  }

  private final KeyPair key;
  private final NodeServices node;

  CaptureSigner(KeyPair key, NodeServices node) {
    this.key = Objects.requireNonNull(key, "key");
    this.node = Objects.requireNonNull(node, "node");
  }

  KeyPair key() {
    return key;
  }

  /** Signs and admits one call; the admission outcome of the last attempt. */
  synchronized Admission submit(JsonNode args, Hooks hooks) {
    Admission a = null;
    for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
      long now = node.clock().millis();
      long nonce = node.nextNonce(key.publicKey());
      SignedTransaction tx = Transaction.of(node.chainId(), key.publicKey(), nonce, TraceContract.NAME, "capture", args, now + VALIDITY.toMillis()).sign(key);
      hooks.before(tx);
      a = node.admit(tx);
      if (a instanceof Admission.Admitted) {
        return a;
      }
      hooks.refused(tx);
      if (!(a instanceof Admission.Rejected r) || !lostNonce(r)) {
        return a;
      }
    }
    return a;
  }

  /** Refused only because another transaction of this key took the nonce. */
  private static boolean lostNonce(Admission.Rejected r) {
    return switch (r.reason()) {
      case NONCE_TOO_LOW, NONCE_GAP -> true;
      case DUPLICATE -> r.field().equals("nonce");
      case TOO_LARGE, MALFORMED, WRONG_CHAIN, EXPIRED, EXPIRY_TOO_FAR, UNKNOWN_CONTRACT, UNKNOWN_METHOD, BAD_ARGUMENT, BAD_SIGNATURE, KEY_REVOKED -> false;
    };
  }
}
