package org.lazaret.node.api;

import java.nio.file.Path;
import java.time.InstantSource;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.node.admission.Admission;
import org.lazaret.node.execution.BlockApplier;
import org.lazaret.storage.LedgerStore;

/**
 * What a running node offers the API modules that do more than read its store: submitting
 * transactions through the same admission as {@code POST /v1/transactions}, the nonce a sender
 * must use next, and notice of every durable block. A narrow port, so that modules never reach
 * into the mempool or the block applier themselves.
 */
public interface NodeServices {
  LedgerStore store();

  String chainId();

  /** The node's data folder, where a module may keep node-local files of its own. */
  Path dataDir();

  InstantSource clock();

  /** Offers a signed transaction to admission, exactly as the HTTP API does. */
  Admission admit(SignedTransaction tx);

  /** The nonce the sender's next transaction must carry, counting its pending ones. */
  long nextNonce(PublicKey sender);

  /** Whether a transaction is admitted and not yet in a durable block. */
  boolean pending(Hash32 txId);

  /** Tells {@code listener} of every block once it is durable, on the persisting thread. */
  void onCommit(BlockApplier.Listener listener);
}
