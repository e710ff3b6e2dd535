package org.lazaret.consensus.raft;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.LifeCycle;
import org.lazaret.consensus.BatchSink;
import org.lazaret.consensus.Checkpoint;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.core.Invariants;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ratis's view of the ledger: forwards each committed batch entry to the node's {@link BatchSink}
 * and nothing more, so that all ledger logic stays in the node.
 *
 * <p>Ratis calls {@link #applyTransaction} from one thread in log order. It restarts applying from
 * its latest snapshot, not from what the sink has stored, so entries at or below {@code
 * sink.appliedPosition()} are skipped: each batch reaches the sink exactly once. Ratis's applied
 * term-index is re-derived while replaying from the snapshot, so no term needs storing next to the
 * block. An exception from the sink is rethrown; Ratis then closes this server (its documented
 * reaction to a failed apply), and {@link #failure()} reports the cause.
 *
 * <p>A snapshot here is only a marker, {@code snapshot.<term>_<index>} in Ratis's state-machine
 * directory holding the sink's position at that point: the block store is the real snapshot. It
 * lets Ratis compact its log. A follower that needs entries the leader has compacted away is told
 * so (Ratis's install-snapshot notification) and catches up through the {@link SnapshotFetcher},
 * which imports blocks out of band and names the snapshot point it reached. An import and the
 * application of log entries never overlap: a follower can be told to fetch again while it is
 * applying the entries after an earlier fetch, and both would otherwise execute the same batches.
 */
final class LedgerStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerStateMachine.class);
  private static final int SNAPSHOT_FORMAT_VERSION = 1;

  private final String nodeId;
  private final BatchSink sink;
  private final SnapshotFetcher fetcher;
  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition progressed = lock.newCondition();
  /**
   * Held while a batch is checked against the sink's position and applied, and for a whole
   * out-of-band import with the flush after it, so that the position read is never overtaken.
   */
  private final ReentrantLock applying = new ReentrantLock();
  private long appliedIndex = RaftLog.INVALID_LOG_INDEX;
  private Throwable failure;
  private boolean closed;

  LedgerStateMachine(String nodeId, BatchSink sink, SnapshotFetcher fetcher) {
    this.nodeId = nodeId;
    this.sink = sink;
    this.fetcher = fetcher;
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage) throws IOException {
    getLifeCycle().startAndTransition(() -> {
      super.initialize(server, groupId, raftStorage);
      storage.init(raftStorage);
      loadSnapshot();
    }, IOException.class);
  }

  @Override
  public void pause() {
    if (getLifeCycleState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** Called by Ratis after a snapshot was installed through {@link #notifyInstallSnapshotFromLeader}. */
  @Override
  public void reinitialize() throws IOException {
    loadSnapshot();
    if (getLifeCycleState() == LifeCycle.State.PAUSED) {
      getLifeCycle().transition(LifeCycle.State.STARTING);
      getLifeCycle().transition(LifeCycle.State.RUNNING);
    }
  }

  private void loadSnapshot() throws IOException {
    SingleFileSnapshotInfo snapshot = storage.loadLatestSnapshot();
    if (snapshot == null) {
      return;
    }
    long recordedPosition = readSnapshotPosition(snapshot.getFile().getPath());
    long storedPosition = sink.appliedPosition();
    if (storedPosition < recordedPosition) {
      throw new IOException("node " + nodeId + ": the block store has applied up to position " + storedPosition
          + " but the Raft snapshot " + snapshot.getTermIndex() + " says position " + recordedPosition
          + " was applied; the block store was replaced or lost blocks (restore it, or clear the Raft storage directory)");
    }
    setLastAppliedTermIndex(snapshot.getTermIndex());
    advance(snapshot.getIndex());
  }

  /** Refuses an undecodable entry on the leader, before it enters the log where every node would halt on it. */
  @Override
  public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
    byte[] content = request.getMessage().getContent().toByteArray();
    try {
      if (isCheckpoint(content)) {
        Checkpoint.decode(content);
      } else {
        BatchCodec.decode(content);
      }
    } catch (DecodeException e) {
      throw new IOException("entry refused: " + e.getMessage(), e);
    }
    return super.startTransaction(request);
  }

  private static boolean isCheckpoint(byte[] content) {
    return content.length > 0 && content[0] == Checkpoint.KIND;
  }

  /**
   * Batches at or below the sink's durable position were applied before a restart and are skipped;
   * checkpoints are always delivered, since what the node learnt from them was held in memory.
   * The sink may return before a block is durable, so its position may trail the index here.
   */
  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    applying.lock();
    try {
      byte[] content = entry.getStateMachineLogEntry().getLogData().toByteArray();
      long stored = sink.appliedPosition();
      if (isCheckpoint(content)) {
        sink.checkpoint(index, decodeCheckpoint(index, content));
      } else if (index > stored) {
        sink.apply(index, decodeBatch(index, content));
        long after = sink.appliedPosition();
        Invariants.check(after <= index, "node %s: sink reports position %d after applying the batch at %d", nodeId, after, index);
      }
      updateLastAppliedTermIndex(entry.getTerm(), index);
      advance(index);
      return CompletableFuture.completedFuture(Message.EMPTY);
    } catch (RuntimeException | Error e) {
      fail(e);
      LOG.error("node {}: applying the batch at log index {} failed; Ratis stops this server", nodeId, index, e);
      throw e;
    } finally {
      applying.unlock();
    }
  }

  // startTransaction refuses undecodable entries, so one in a committed log is corruption or a version skew.
  private static OrderedBatch decodeBatch(long index, byte[] content) {
    try {
      return BatchCodec.decode(content);
    } catch (DecodeException e) {
      throw new IllegalStateException("log entry " + index + " does not hold a batch: " + e.getMessage(), e);
    }
  }

  private static Checkpoint decodeCheckpoint(long index, byte[] content) {
    try {
      return Checkpoint.decode(content);
    } catch (DecodeException e) {
      throw new IllegalStateException("log entry " + index + " does not hold a checkpoint: " + e.getMessage(), e);
    }
  }

  /** Configuration and leader-change entries: nothing for the ledger, but they advance the applied index. */
  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    super.notifyTermIndexUpdated(term, index);
    advance(index);
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    // Ratis applies on this thread, so after the flush every batch up to last is durable: the
    // marker never lets Ratis purge an entry whose block the store does not hold yet. An import
    // running meanwhile would move the position past last; the marker waits for it.
    applying.lock();
    try {
      sink.flush();
      long position = sink.appliedPosition();
      if (position > last.getIndex()) {
        // An import went past what this thread has applied; Ratis records the import's own
        // snapshot point, and a marker here would name a position beyond its index.
        return RaftLog.INVALID_LOG_INDEX;
      }
      writeSnapshot(last, position);
    } finally {
      applying.unlock();
    }
    return last.getIndex();
  }

  private void writeSnapshot(TermIndex point, long position) throws IOException {
    Invariants.check(position <= point.getIndex(), "node %s: sink position %d is beyond snapshot %s", nodeId, position, point);
    Path file = storage.getSnapshotFile(point.getTerm(), point.getIndex()).toPath();
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] content = new Writer(9).u8(SNAPSHOT_FORMAT_VERSION).u64(position).toByteArray();
    Files.write(tmp, content, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, StandardOpenOption.DSYNC);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    storage.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(file, null), point));
    Invariants.check(readSnapshotPosition(file) == position, "node %s: snapshot %s did not read back", nodeId, file);
  }

  private static long readSnapshotPosition(Path file) throws IOException {
    try {
      Reader r = new Reader(Files.readAllBytes(file));
      int version = r.u8("version");
      if (version != SNAPSHOT_FORMAT_VERSION) {
        throw new DecodeException("version", "unsupported snapshot marker format " + version);
      }
      long position = r.u64("position");
      r.expectEnd("snapshot marker");
      return position;
    } catch (DecodeException e) {
      throw new IOException("snapshot marker " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The leader has compacted entries this node still needs: fetch blocks out of band, on a thread
   * of our own so that Ratis's RPC thread is not held, and report the snapshot point reached.
   */
  @Override
  public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo, TermIndex firstTermIndexInLog) {
    long minimumIndex = firstTermIndexInLog.getIndex() - 1;
    if (minimumIndex < 0) {
      // Ratis asks every joining node once, even when the leader still holds its whole log; "no
      // snapshot" (null) makes it fall back to sending the log from the start.
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<TermIndex> installed = new CompletableFuture<>();
    if (!roleInfo.getFollowerInfo().hasLeaderInfo()) {
      installed.completeExceptionally(new IOException("install-snapshot notification without leader information"));
      return installed;
    }
    RaftPeerProto leaderProto = roleInfo.getFollowerInfo().getLeaderInfo().getId();
    RaftMember leader;
    try {
      leader = RaftMember.of(leaderProto.getId().toStringUtf8(), leaderProto.getAddress());
    } catch (IllegalArgumentException e) {
      installed.completeExceptionally(new IOException("install-snapshot notification names an unusable leader: " + e.getMessage(), e));
      return installed;
    }
    LOG.info("node {}: leader {} has compacted its log before index {}; fetching blocks out of band", nodeId, leader.id(), firstTermIndexInLog.getIndex());
    Thread.ofPlatform().daemon().name("lazaret-snapshot-fetch-" + nodeId).start(() -> {
      try {
        installed.complete(installFromPeer(leader, minimumIndex));
      } catch (Throwable t) {
        LOG.warn("node {}: fetching blocks from {} failed; Ratis will ask again", nodeId, leader.id(), t);
        installed.completeExceptionally(t);
      }
    });
    return installed;
  }

  private TermIndex installFromPeer(RaftMember leader, long minimumIndex) throws Exception {
    applying.lock();
    try {
      // Blocks of entries applied so far are durable before the import reads the head.
      sink.flush();
      SnapshotPoint point = fetcher.fetch(leader, minimumIndex);
      sink.flush();
      if (point.index() < minimumIndex) {
        throw new IOException("snapshot fetcher reached index " + point.index() + ", short of the " + minimumIndex + " needed");
      }
      long position = sink.appliedPosition();
      Invariants.check(position <= point.index(), "node %s: fetched to position %d, beyond the snapshot point %s", nodeId, position, point);
      TermIndex termIndex = TermIndex.valueOf(point.term(), point.index());
      writeSnapshot(termIndex, position);
      return termIndex;
    } finally {
      applying.unlock();
    }
  }

  // ---------------------------------------------------------------- waiting for progress

  private void advance(long index) {
    lock.lock();
    try {
      if (index > appliedIndex) {
        appliedIndex = index;
      }
      progressed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void fail(Throwable cause) {
    lock.lock();
    try {
      if (failure == null) {
        failure = cause;
      }
      progressed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter: nothing more will be applied by this instance. */
  void markClosed() {
    lock.lock();
    try {
      closed = true;
      progressed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the entry at {@code index} has been applied here, or until the deadline (a {@link
   * System#nanoTime()} value). Returns false on timeout; throws when this node failed or closed.
   */
  boolean awaitApplied(long index, long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (appliedIndex < index) {
        if (failure != null) {
          throw new IllegalStateException("raft: node " + nodeId + " stopped after a failed apply: " + failure, failure);
        }
        if (closed) {
          throw new IllegalStateException("raft: node " + nodeId + " closed before index " + index + " was applied");
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        progressed.awaitNanos(Math.min(remaining, TimeUnit.SECONDS.toNanos(1)));
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  Optional<Throwable> failure() {
    lock.lock();
    try {
      return Optional.ofNullable(failure);
    } finally {
      lock.unlock();
    }
  }

  Optional<SnapshotPoint> latestSnapshot() {
    SingleFileSnapshotInfo s = storage.getLatestSnapshot();
    return s == null ? Optional.empty() : Optional.of(new SnapshotPoint(s.getTerm(), s.getIndex()));
  }
}
