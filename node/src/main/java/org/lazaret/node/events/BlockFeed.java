package org.lazaret.node.events;

import java.util.List;
import java.util.Optional;
import org.lazaret.core.block.Block;
import org.lazaret.core.tx.Receipt;
import org.lazaret.node.execution.BlockApplier;

/**
 * Wakes the readers of the committed-block stream when a block is durable, and keeps the last few
 * durable blocks with their receipts in hand: a reader that keeps up takes them from here instead
 * of reading each block back from the store, decoding it and re-hashing it. A reader that falls
 * further behind, or resumes after a reconnection, reads from the store by height, so a slow
 * reader never makes the node hold more than these few blocks.
 */
public final class BlockFeed implements BlockApplier.Listener {
  /** Blocks kept in hand; enough for a reader that is a block or two behind the head. */
  static final int RECENT = 4;

  /** A durable block and its receipts, as the applier committed them. */
  public record Committed(Block block, List<Receipt> receipts) {}

  private final Committed[] recent = new Committed[RECENT];
  private long height = -1;

  @Override
  public synchronized void committed(Block block, List<Receipt> receipts) {
    height = block.height();
    recent[(int) (height % RECENT)] = new Committed(block, receipts);
    notifyAll();
  }

  /** Block {@code h} with its receipts, when it is among the last few committed. */
  public synchronized Optional<Committed> recent(long h) {
    Committed c = h < 0 ? null : recent[(int) (h % RECENT)];
    return c != null && c.block().height() == h ? Optional.of(c) : Optional.empty();
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
