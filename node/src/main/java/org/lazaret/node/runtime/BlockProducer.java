package org.lazaret.node.runtime;

import java.time.InstantSource;
import java.util.List;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.consensus.Ordering;
import org.lazaret.core.Limits;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.node.mempool.Mempool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts blocks: once transactions wait, it lingers up to the block interval for more (or until a
 * block is full), then proposes the batch to ordering. One thread; lives in the runtime package
 * because it owns a thread and reads the clock.
 */
public final class BlockProducer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BlockProducer.class);
  private final Mempool mempool;
  private final Ordering ordering;
  private final InstantSource clock;
  private final long blockIntervalMillis;
  private final int blockTxCountMax;
  private final Thread thread;
  private volatile boolean running = true;
  private final Halt halt;

  public BlockProducer(Mempool mempool, Ordering ordering, InstantSource clock, long blockIntervalMillis, int blockTxCountMax, Halt halt) {
    this.mempool = mempool;
    this.ordering = ordering;
    this.clock = clock;
    this.blockIntervalMillis = blockIntervalMillis;
    this.blockTxCountMax = Math.min(blockTxCountMax, Limits.BLOCK_TX_COUNT_MAX);
    this.halt = halt;
    this.thread = Thread.ofPlatform().name("block-producer").daemon(true).unstarted(this::run);
  }

  public void start() {
    thread.start();
  }

  private void run() {
    try {
      while (running) {
        if (!mempool.awaitWork(200)) {
          continue;
        }
        long deadline = clock.millis() + blockIntervalMillis;
        while (running && mempool.size() < blockTxCountMax && clock.millis() < deadline) {
          Thread.sleep(Math.max(1, Math.min(5, deadline - clock.millis())));
        }
        if (!ordering.canPropose()) {
          continue;
        }
        List<SignedTransaction> txs = mempool.take(blockTxCountMax, Limits.BLOCK_SIZE_BYTES_MAX);
        if (txs.isEmpty()) {
          continue;
        }
        try {
          ordering.propose(new OrderedBatch(clock.millis(), txs));
        } catch (IllegalStateException e) {
          LOG.warn("batch of {} transactions was not ordered ({}); returning them to the mempool", txs.size(), e.getMessage());
          mempool.returnUnordered(txs);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      halt.halt("block production failed", e);
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
