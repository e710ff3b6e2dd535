package org.lazaret.node.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import org.lazaret.consensus.BatchSink;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.contracts.Executor;
import org.lazaret.core.Invariants;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.state.SmtNodeSource;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.state.StateView;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.storage.BlockCommit;
import org.lazaret.storage.LedgerStore;

/**
 * Turns each ordered batch into the next block: executes it over the current state, updates the
 * state tree, builds the header and commits everything in one atomic write. Everything it
 * computes depends only on the batch and the state.
 *
 * <p>Pipelined by one block: while block N is being written and synced on the persister thread,
 * block N+1 executes on the caller's thread against N's writes held in memory. At most one block
 * is in flight, blocks are persisted in order, and listeners (status, stream, mempool) hear of a
 * block only once it is durable, so nothing is reported committed early.
 */
public final class BlockApplier implements BatchSink, AutoCloseable {
  /** Told of every block once it is durable. */
  public interface Listener {
    void committed(Block block, List<Receipt> receipts);
  }

  /** How long each phase of applying a block took, for metrics. */
  public interface PhaseTimer {
    void record(String phase, long nanos);

    PhaseTimer NONE = (phase, nanos) -> {};
  }

  /**
   * A seam for tests that must make one node compute a different state (a divergence), through
   * the writes of a block so that the node's own state, tree and header stay consistent with each
   * other. Production passes {@link #NONE}.
   */
  public interface Faults {
    SortedMap<String, Optional<Bytes>> writes(long height, SortedMap<String, Optional<Bytes>> computed);

    Faults NONE = (height, computed) -> computed;
  }

  /** A block executed and handed to the persister, with what the next block needs from it. */
  private record InFlight(Block block, Map<String, Optional<Bytes>> writes, Map<Hash32, SmtNode> nodes, Set<Hash32> txIds, CompletableFuture<Void> durable, CompletableFuture<Void> persisted) {}

  private final LedgerStore store;
  private final Executor executor;
  private final ExecutorService persister;
  private final Faults faults;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile PhaseTimer timer = PhaseTimer.NONE;
  private volatile java.util.function.Predicate<Hash32> admittedHere = id -> true;
  private InFlight inFlight;
  /** The last executed tree's upper levels; the next block's update starts from them. */
  private Optional<SparseMerkleTree.Resident> resident = Optional.empty();

  /** @param persister a single thread that writes blocks in submission order */
  public BlockApplier(LedgerStore store, Executor executor, ExecutorService persister) {
    this(store, executor, persister, Faults.NONE);
  }

  public BlockApplier(LedgerStore store, Executor executor, ExecutorService persister, Faults faults) {
    this.store = store;
    this.executor = executor;
    this.persister = persister;
    this.faults = faults;
  }

  public void addListener(Listener l) {
    listeners.add(l);
  }

  public void setPhaseTimer(PhaseTimer timer) {
    this.timer = timer;
  }

  /**
   * Which transactions this node verified itself at admission. Under Raft, batches also come from
   * other nodes; their transactions' signatures are checked here, in parallel, before execution.
   */
  public void setAdmittedHere(java.util.function.Predicate<Hash32> admittedHere) {
    this.admittedHere = admittedHere;
  }

  @Override
  public long appliedPosition() {
    return store.position();
  }

  @Override
  public void apply(long position, OrderedBatch batch) {
    execute(position, batch);
  }

  /**
   * Executes {@code batch} as the next block and hands it to the persister; returns the block, which
   * may not be durable yet (see {@link #flush()}).
   */
  public synchronized Block execute(long position, OrderedBatch batch) {
    InFlight previous = inFlight;
    BlockHeader parent;
    Hash32 parentHash;
    StateView state;
    SmtNodeSource nodes;
    if (previous != null && !previous.durable().isDone()) {
      parent = previous.block().header();
      parentHash = previous.block().hash();
      state = key -> {
        Optional<Bytes> w = previous.writes().get(key);
        return w != null ? w.map(Bytes::unsafeArray) : store.stateValue(key);
      };
      SmtNodeSource stored = store.nodes();
      nodes = h -> {
        SmtNode n = previous.nodes().get(h);
        return n != null ? Optional.of(n) : stored.node(h);
      };
    } else {
      var head = store.head().orElseThrow(() -> new IllegalStateException("no genesis block: cannot apply a batch"));
      parent = head.header();
      parentHash = head.hash();
      state = store.stateView();
      nodes = store.nodes();
    }
    long height = parent.height() + 1;
    long time = Math.max(batch.timestampMillis(), parent.timestampMillis());
    // A transaction ordered twice (a client retry across a leader change) runs once.
    List<SignedTransaction> unseen = new ArrayList<>(batch.transactions().size());
    Set<Hash32> seen = new HashSet<>();
    for (SignedTransaction tx : batch.transactions()) {
      boolean inPrevious = previous != null && previous.txIds().contains(tx.id());
      if (seen.add(tx.id()) && !inPrevious) {
        unseen.add(tx);
      }
    }
    List<SignedTransaction> txs = new ArrayList<>(unseen.size());
    List<Optional<org.lazaret.storage.TxLocation>> committedAt = store.locateAll(unseen.stream().map(SignedTransaction::id).toList());
    for (int i = 0; i < unseen.size(); i++) {
      if (committedAt.get(i).isEmpty()) {
        txs.add(unseen.get(i));
      }
    }
    long t0 = System.nanoTime();
    java.util.function.Predicate<Hash32> local = admittedHere;
    List<SignedTransaction> fromElsewhere = txs.stream().filter(tx -> !local.test(tx.id())).toList();
    boolean[] valid = SignedTransaction.signaturesValid(fromElsewhere);
    Set<Hash32> badSignatures = new HashSet<>();
    for (int i = 0; i < valid.length; i++) {
      if (!valid[i]) {
        badSignatures.add(fromElsewhere.get(i).id());
      }
    }
    Executor.BlockOutcome executed = executor.executeBlock(state, height, time, txs, badSignatures);
    Executor.BlockOutcome outcome = new Executor.BlockOutcome(executed.receipts(), faults.writes(height, executed.writes()));
    long t1 = System.nanoTime();
    SparseMerkleTree.Result tree = SparseMerkleTree.update(nodes, parent.stateRoot(), resident, outcome.writes());
    resident = Optional.of(tree.resident());
    long t2 = System.nanoTime();
    List<Hash32> receiptLeaves = new ArrayList<>(outcome.receipts().size());
    for (Receipt r : outcome.receipts()) {
      receiptLeaves.add(r.leafHash());
    }
    BlockHeader header =
        new BlockHeader(
            executor.chainId(), height, parentHash, time, Block.txTree(txs).root(), MerkleTree.rootOfLeafHashes(receiptLeaves), tree.root(), txs.size());
    Block block = new Block(header, txs);
    long t3 = System.nanoTime();
    if (previous != null) {
      // The next block needs its parent in the store, not the parent's listeners done: they
      // (mempool, status, stream) run after it on the persister thread, in order, meanwhile.
      await(previous.durable());
    }
    BlockCommit commit = new BlockCommit(block, outcome.receipts(), outcome.writes(), tree, position);
    Set<Hash32> ids = new HashSet<>();
    txs.forEach(tx -> ids.add(tx.id()));
    PhaseTimer t = timer;
    CompletableFuture<Void> durable = CompletableFuture.runAsync(
        () -> {
          long p0 = System.nanoTime();
          store.commit(commit);
          Invariants.check(store.head().orElseThrow().hash().equals(block.hash()), "head after commit is not block %d", height);
          t.record("persist", System.nanoTime() - p0);
        },
        persister);
    CompletableFuture<Void> persisted = durable.thenRunAsync(
        () -> {
          for (Listener l : listeners) {
            l.committed(block, outcome.receipts());
          }
        },
        persister);
    // Hashed for the next block's reads, which look up every key it touches here first.
    inFlight = new InFlight(block, new HashMap<>(outcome.writes()), tree.created(), ids, durable, persisted);
    t.record("execute", t1 - t0);
    t.record("state", t2 - t1);
    t.record("roots", t3 - t2);
    return block;
  }

  /**
   * What the last executed block wrote to {@code key}: empty when it did not write it, an empty
   * value when it deleted it. Read on the executing thread, before the block may be durable.
   */
  public synchronized Optional<Optional<Bytes>> lastWrite(String key) {
    return inFlight == null ? Optional.empty() : Optional.ofNullable(inFlight.writes().get(key));
  }

  /** Waits until every block handed over so far is durable; rethrows a failure to persist. */
  public synchronized void flush() {
    if (inFlight != null) {
      await(inFlight.persisted());
    }
  }

  private static void await(CompletableFuture<Void> f) {
    try {
      f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while persisting a block", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("persisting a block failed", e.getCause());
    }
  }

  @Override
  public void close() {
    flush();
  }
}
