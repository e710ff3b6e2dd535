package org.lazaret.node.events;

import java.util.List;
import org.lazaret.core.block.Block;
import org.lazaret.core.tx.Receipt;
import org.lazaret.node.execution.BlockApplier;

/**
 * Wakes the readers of the committed-block stream when a block is durable. Readers then read the
 * blocks themselves from the store by height, so a slow reader never holds blocks in memory and a
 * reconnecting reader resumes exactly where it left off.
 */
public final class BlockFeed implements BlockApplier.Listener {
  private long height = -1;

  @Override
  public synchronized void committed(Block block, List<Receipt> receipts) {
    height = block.height();
    notifyAll();
  }

  /** Waits until a block above {@code height} exists or the timeout passes; returns the head. */
  public synchronized long awaitAbove(long above, long timeoutMillis) throws InterruptedException {
    if (height <= above) {
      wait(timeoutMillis);
    }
    return height;
  }

  public synchronized void setHeight(long h) {
    height = h;
  }
}
