package org.lazaret.storage;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.lazaret.core.Invariants;
import org.lazaret.core.block.Block;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.Receipt;

/**
 * Everything one block changes, written in a single atomic batch: the block, one receipt per
 * transaction, the state writes (empty value = delete), the state tree's change (its new nodes
 * and the nodes it no longer holds), and the
 * consensus position the block came from.
 */
public record BlockCommit(
    Block block, List<Receipt> receipts, SortedMap<String, Optional<Bytes>> writes, SparseMerkleTree.Result tree, long position) {
  /** A commit at the position equal to the block's height (solo ordering, genesis). */
  public BlockCommit(Block block, List<Receipt> receipts, SortedMap<String, Optional<Bytes>> writes, SparseMerkleTree.Result tree) {
    this(block, receipts, writes, tree, block.height());
  }

  public BlockCommit {
    receipts = List.copyOf(receipts);
    Invariants.check(
        tree.root().equals(block.header().stateRoot()),
        "block %d commits to state root %s but its state change ends at %s", block.height(), block.header().stateRoot(), tree.root());
    Invariants.check(
        receipts.size() == block.transactions().size(),
        "block %d has %d transactions but %d receipts", block.height(), block.transactions().size(), receipts.size());
    for (int i = 0; i < receipts.size(); i++) {
      Invariants.check(
          receipts.get(i).txId().equals(block.transactions().get(i).id()), "receipt %d of block %d is for another transaction", i, block.height());
    }
  }
}
