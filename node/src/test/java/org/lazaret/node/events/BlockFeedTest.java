package org.lazaret.node.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.crypto.Hash32;

/** The feed hands out the last few committed blocks by height, and nothing else under their slots. */
class BlockFeedTest {
  private static Block block(long height) {
    return new Block(new BlockHeader("feed-chain", height, Hash32.ZERO, 1_700_000_000_000L + height, Hash32.ZERO, Hash32.ZERO, Hash32.ZERO, 0), List.of());
  }

  @Test
  void keepsTheLastFewBlocksAndForgetsOlderOnes() throws Exception {
    BlockFeed feed = new BlockFeed();
    assertThat(feed.recent(0)).isEmpty();
    for (long h = 0; h < 10; h++) {
      feed.committed(block(h), List.of());
    }
    for (long h = 10 - BlockFeed.RECENT; h < 10; h++) {
      assertThat(feed.recent(h).orElseThrow().block().height()).isEqualTo(h);
    }
    // Older blocks share slots with newer ones: a reader asking for them must go to the store.
    assertThat(feed.recent(10 - BlockFeed.RECENT - 1)).isEmpty();
    assertThat(feed.recent(10)).isEmpty();
    assertThat(feed.recent(-1)).isEmpty();
    assertThat(feed.awaitAbove(8, 0)).isEqualTo(9);
  }
}
