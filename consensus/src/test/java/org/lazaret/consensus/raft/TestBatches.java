package org.lazaret.consensus.raft;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/** Distinct, valid batches for the cluster tests: batch {@code n} carries transactions with nonce n. */
final class TestBatches {
  private TestBatches() {}

  static final String CHAIN_ID = "lazaret-test";
  private static final KeyPair SENDER = KeyPair.deterministic("raft-test-sender");
  private static final long EXPIRES_AT_MILLIS = 1_900_000_000_000L;

  static SignedTransaction tx(long nonce, String label) {
    ObjectNode args = JsonNodeFactory.instance.objectNode();
    args.put("label", label);
    args.put("n", nonce);
    return Transaction.of(CHAIN_ID, SENDER.publicKey(), nonce, "token", "transfer", args, EXPIRES_AT_MILLIS).sign(SENDER);
  }

  /** A batch identified by {@code label} (it appears in every transaction's arguments). */
  static OrderedBatch batch(long n, String label) {
    List<SignedTransaction> txs = new ArrayList<>();
    for (int i = 0; i <= n % 3; i++) {
      txs.add(tx(n * 10 + i, label));
    }
    return new OrderedBatch(1_700_000_000_000L + n, txs);
  }
}
