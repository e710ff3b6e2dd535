package org.lazaret.node.execution;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lazaret.consensus.BatchSink;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.contracts.Executor;
import org.lazaret.core.Invariants;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.storage.BlockCommit;
import org.lazaret.storage.ChainHead;
import org.lazaret.storage.LedgerStore;

/**
 * Turns each ordered batch into the next block: executes it over the current state, updates the
 * state tree, builds the header and commits everything in one atomic write. Runs on the single
 * thread consensus delivers on; everything it computes depends only on the batch and the state.
 */
public final class BlockApplier implements BatchSink {
  /** Told of every block once it is durable. */
  public interface Listener {
    void committed(Block block, List<Receipt> receipts);
  }

  private final LedgerStore store;
  private final Executor executor;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public BlockApplier(LedgerStore store, Executor executor) {
    this.store = store;
    this.executor = executor;
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  @Override
  public long appliedPosition() {
    return store.position();
  }

  @Override
  public void apply(long position, OrderedBatch batch) {
    ChainHead head = store.head().orElseThrow(() -> new IllegalStateException("no genesis block: cannot apply a batch"));
    long height = head.height() + 1;
    long time = Math.max(batch.timestampMillis(), head.header().timestampMillis());
    List<SignedTransaction> txs = new ArrayList<>(batch.transactions().size());
    Set<Hash32> seen = new HashSet<>();
    for (SignedTransaction tx : batch.transactions()) {
      // A transaction ordered twice (a client retry across a leader change) runs once.
      if (seen.add(tx.id()) && store.locate(tx.id()).isEmpty()) {
        txs.add(tx);
      }
    }
    Executor.BlockOutcome outcome = executor.executeBlock(store.stateView(), height, time, txs);
    List<SparseMerkleTree.Update> updates = new ArrayList<>(outcome.writes().size());
    for (Map.Entry<String, Optional<Bytes>> w : outcome.writes().entrySet()) {
      updates.add(
          new SparseMerkleTree.Update(
              Hash32.sha256(w.getKey().getBytes(StandardCharsets.UTF_8)), w.getValue().map(v -> Hash32.sha256(v.unsafeArray()))));
    }
    updates.sort((a, b) -> a.keyHash().compareTo(b.keyHash()));
    SparseMerkleTree.Result state = SparseMerkleTree.update(store.nodes(), head.header().stateRoot(), updates);
    List<Hash32> receiptLeaves = new ArrayList<>(outcome.receipts().size());
    for (Receipt r : outcome.receipts()) {
      receiptLeaves.add(r.leafHash());
    }
    BlockHeader header =
        new BlockHeader(
            executor.chainId(),
            height,
            head.hash(),
            time,
            Block.txTree(txs).root(),
            MerkleTree.rootOfLeafHashes(receiptLeaves),
            state.root(),
            txs.size());
    Block block = new Block(header, txs);
    store.commit(new BlockCommit(block, outcome.receipts(), outcome.writes(), state.created(), position));
    Invariants.check(store.head().orElseThrow().hash().equals(block.hash()), "head after commit is not block %d", height);
    for (Listener l : listeners) {
      l.committed(block, outcome.receipts());
    }
  }
}
