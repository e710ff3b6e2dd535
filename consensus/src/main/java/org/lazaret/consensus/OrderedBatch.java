package org.lazaret.consensus;

import java.util.List;
import org.lazaret.core.Limits;
import org.lazaret.core.tx.SignedTransaction;

/**
 * What consensus agrees on: the transactions of the next block and the time it carries. Ordering
 * agrees on batches, not on executed blocks, so every node executes the same batch itself and
 * the state roots it reaches can be compared.
 */
public record OrderedBatch(long timestampMillis, List<SignedTransaction> transactions) {
  public OrderedBatch {
    transactions = List.copyOf(transactions);
    if (transactions.size() > Limits.BLOCK_TX_COUNT_MAX) {
      throw new IllegalArgumentException("batch of " + transactions.size() + " transactions exceeds " + Limits.BLOCK_TX_COUNT_MAX);
    }
  }
}
