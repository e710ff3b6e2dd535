package org.lazaret.consensus.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.lazaret.consensus.BatchSink;
import org.lazaret.consensus.Checkpoint;
import org.lazaret.consensus.OrderedBatch;

/**
 * An in-memory block store standing in for the node: records every applied (position, batch) and
 * keeps its applied position in a file, as the node keeps it with each block, so that a test can
 * "restart" a node by building a new sink over the same file and the recorded list. A batch
 * delivered twice or out of order is a bug in the adapter, so it throws, as the node would.
 */
final class RecordingSink implements BatchSink {
  record Applied(long position, OrderedBatch batch) {}

  private final Path positionFile;
  private final List<Applied> applied;
  private long position;
  private int applyCalls;

  /** A fresh store. */
  RecordingSink(Path positionFile) {
    this(positionFile, new ArrayList<>());
  }

  private RecordingSink(Path positionFile, List<Applied> applied) {
    this.positionFile = positionFile;
    this.applied = applied;
    this.position = readPosition(positionFile);
  }

  /** The same store after a restart: the blocks survive, the position is read back from disk. */
  synchronized RecordingSink reopened() {
    return new RecordingSink(positionFile, new ArrayList<>(applied));
  }

  /** A fault to inject: batches it matches make apply throw, as a full disk would. */
  volatile Predicate<OrderedBatch> failOn = b -> false;

  @Override
  public synchronized void apply(long position, OrderedBatch batch) {
    applyCalls++;
    if (failOn.test(batch)) {
      throw new IllegalStateException("injected failure applying the batch at position " + position);
    }
    if (position <= this.position) {
      throw new IllegalStateException("batch at position " + position + " delivered again (applied up to " + this.position + ")");
    }
    applied.add(new Applied(position, batch));
    this.position = position;
    writePosition(position);
  }

  @Override
  public synchronized long appliedPosition() {
    return position;
  }

  /** Checkpoints in the order delivered, each with the batch count seen before it. */
  record SeenCheckpoint(int afterBatches, Checkpoint checkpoint) {}

  private final List<SeenCheckpoint> checkpoints = new ArrayList<>();

  @Override
  public synchronized void checkpoint(long position, Checkpoint checkpoint) {
    checkpoints.add(new SeenCheckpoint(applied.size(), checkpoint));
  }

  synchronized List<SeenCheckpoint> checkpoints() {
    return List.copyOf(checkpoints);
  }

  @Override
  public void flush() {
    // every apply is durable when it returns
  }

  synchronized List<Applied> applied() {
    return List.copyOf(applied);
  }

  synchronized List<OrderedBatch> batches() {
    return applied.stream().map(Applied::batch).toList();
  }

  /** How many times this instance's apply was called (a restarted node must not re-apply). */
  synchronized int applyCalls() {
    return applyCalls;
  }

  /** Imports what {@code source} applied up to {@code index}: the SnapshotFetcher's work in a node. */
  void importFrom(RecordingSink source, long index) {
    for (Applied a : source.applied()) {
      if (a.position() <= index && a.position() > appliedPosition()) {
        apply(a.position(), a.batch());
      }
    }
  }

  private static long readPosition(Path file) {
    try {
      return Files.exists(file) ? Long.parseLong(Files.readString(file).strip()) : -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writePosition(long p) {
    try {
      Path tmp = positionFile.resolveSibling(positionFile.getFileName() + ".tmp");
      Files.writeString(tmp, Long.toString(p));
      Files.move(tmp, positionFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
