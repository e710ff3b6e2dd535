package org.lazaret.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.lazaret.core.block.Block;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.Receipt;

/**
 * Checks everything a store holds before a node serves it: each block's hash, its link to the
 * previous block, its transaction and receipt roots, and that the latest state rebuilds to the
 * head's state root. Tampering or corruption anywhere ends in a {@link StoreFailure} that names
 * the block.
 */
public final class ChainVerifier {
  private ChainVerifier() {}

  /** What was verified, for the start-up log line. */
  public record Report(long blocks, long transactions, long stateKeys) {}

  public static Report verify(LedgerStore store, LongConsumer progressHeight) {
    if (store.head().isEmpty()) {
      return new Report(0, 0, 0);
    }
    long top = store.head().get().height();
    Hash32 previous = Hash32.ZERO;
    long txs = 0;
    for (long h = 0; h <= top; h++) {
      Block b = store.block(h).orElseThrow();
      if (!b.header().previousHash().equals(previous)) {
        throw new StoreFailure("block " + h + " does not link to block " + (h - 1) + ": the chain is broken");
      }
      List<Hash32> leaves = new ArrayList<>(b.transactions().size());
      for (Receipt r : store.receipts(h, b.transactions().size())) {
        leaves.add(r.leafHash());
      }
      if (!MerkleTree.rootOfLeafHashes(leaves).equals(b.header().receiptRoot())) {
        throw new StoreFailure("block " + h + ": its receipts do not match its receipt root");
      }
      previous = b.hash();
      txs += b.transactions().size();
      progressHeight.accept(h);
    }
    if (!previous.equals(store.head().get().hash())) {
      throw new StoreFailure("the head pointer does not match block " + top);
    }
    List<SmtNode.Leaf> leaves = new ArrayList<>();
    store.forEachState((k, v) -> leaves.add(new SmtNode.Leaf(Hash32.sha256(k), Hash32.sha256(v))));
    leaves.sort((a, b) -> a.keyHash().compareTo(b.keyHash()));
    Hash32 root = SparseMerkleTree.rootOf(leaves);
    Hash32 expected = store.head().get().header().stateRoot();
    if (!root.equals(expected)) {
      throw new StoreFailure("the stored state rebuilds to root " + root + " but block " + top + " commits to " + expected);
    }
    return new Report(top + 1, txs, leaves.size());
  }
}
