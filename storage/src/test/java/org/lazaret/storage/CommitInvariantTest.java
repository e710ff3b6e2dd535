package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.InvariantViolation;
import org.lazaret.core.Limits;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Goal: a block that does not extend the head is a bug in the caller, and the store refuses it
 * before writing anything. Method: build a short chain, then offer commits at the wrong height or
 * with the wrong previous hash; each must throw {@link InvariantViolation}, leave the in-memory
 * head alone, and leave every byte of every column family as it was (compared by a raw dump).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CommitInvariantTest {
  @TempDir Path dir;

  private final TokenWorkload work = new TokenWorkload(11, 4);

  /** Genesis plus three blocks; returns the commit that would be the valid block 4. */
  private BlockCommit chainAndNext() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      store.commit(work.genesis());
      for (int i = 0; i < 3; i++) {
        store.commit(work.next(store, 3));
      }
      return work.next(store, 3);
    }
  }

  private void assertRefusedAndNothingChanged(BlockCommit bad, String messagePart) {
    var before = RawStore.dump(dir);
    try (LedgerStore store = LedgerStore.open(dir)) {
      ChainHead head = store.head().orElseThrow();
      assertThatThrownBy(() -> store.commit(bad)).isInstanceOf(InvariantViolation.class).hasMessageContaining(messagePart);
      assertThat(store.head()).contains(head);
      for (SignedTransaction tx : bad.block().transactions()) {
        assertThat(store.locate(tx.id())).as("tx of the refused block").isEmpty();
      }
    }
    assertThat(RawStore.dump(dir)).as("every column family after the refused commit").isEqualTo(before);
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(ChainVerifier.verify(store, h -> {}).blocks()).isEqualTo(4);
    }
  }

  private static BlockCommit withHeader(BlockCommit c, Function<BlockHeader, BlockHeader> change) {
    return new BlockCommit(new Block(change.apply(c.block().header()), c.block().transactions()), c.receipts(), c.writes(), c.tree());
  }

  private static BlockHeader header(BlockHeader h, long height, Hash32 previous) {
    return new BlockHeader(h.chainId(), height, previous, h.timestampMillis(), h.txRoot(), h.receiptRoot(), h.stateRoot(), h.txCount());
  }

  @Test
  void theValidNextBlockIsAccepted() {
    BlockCommit next = chainAndNext();
    try (LedgerStore store = LedgerStore.open(dir)) {
      store.commit(next);
      assertThat(store.head().orElseThrow().height()).isEqualTo(4);
    }
  }

  @Test
  void blockSkippingAHeightIsRefused() {
    BlockCommit next = chainAndNext();
    assertRefusedAndNothingChanged(withHeader(next, h -> header(h, 5, h.previousHash())), "commit of block 5 but the next height is 4");
  }

  @Test
  void blockRepeatingTheHeadHeightIsRefused() {
    BlockCommit next = chainAndNext();
    assertRefusedAndNothingChanged(withHeader(next, h -> header(h, 3, h.previousHash())), "commit of block 3 but the next height is 4");
  }

  @Test
  void secondGenesisIsRefused() {
    chainAndNext();
    assertRefusedAndNothingChanged(work.genesis(), "commit of block 0 but the next height is 4");
  }

  @Test
  void blockLinkingToAnotherBlockIsRefused() {
    BlockCommit next = chainAndNext();
    Hash32 grandparent;
    try (LedgerStore store = LedgerStore.open(dir)) {
      grandparent = store.block(2).orElseThrow().hash();
    }
    assertRefusedAndNothingChanged(withHeader(next, h -> header(h, 4, grandparent)), "block 4 links to");
  }

  @Test
  void blockLinkingToZeroAfterGenesisIsRefused() {
    BlockCommit next = chainAndNext();
    assertRefusedAndNothingChanged(withHeader(next, h -> header(h, 4, Hash32.ZERO)), "block 4 links to");
  }

  @Test
  void genesisWithANonZeroPreviousHashIsRefused() {
    BlockCommit genesis = work.genesis();
    BlockCommit bad = withHeader(genesis, h -> header(h, 0, Hash32.sha256(new byte[] {7})));
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThatThrownBy(() -> store.commit(bad)).isInstanceOf(InvariantViolation.class).hasMessageContaining("block 0 links to");
      assertThat(store.head()).isEmpty();
    }
    assertThat(RawStore.dump(dir).values()).allSatisfy(family -> assertThat(family).isEmpty());
  }

  @Test
  void genesisAtHeightOneIsRefused() {
    BlockCommit bad = withHeader(work.genesis(), h -> header(h, 1, Hash32.ZERO));
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThatThrownBy(() -> store.commit(bad)).isInstanceOf(InvariantViolation.class).hasMessageContaining("next height is 0");
      assertThat(store.head()).isEmpty();
    }
  }

  @Test
  void aStateKeyOverTheLimitRefusesTheWholeBlock() {
    BlockCommit next = chainAndNext();
    SortedMap<String, Optional<Bytes>> writes = new TreeMap<>(next.writes());
    writes.put("k".repeat(Limits.STATE_KEY_BYTES_MAX + 1), Optional.of(TestChain.value("1")));
    BlockCommit bad = new BlockCommit(next.block(), next.receipts(), writes, next.tree());
    assertRefusedAndNothingChanged(bad, "state key of " + (Limits.STATE_KEY_BYTES_MAX + 1) + " bytes");
  }

  @Test
  void aConsensusPositionNotAfterTheLastIsRefused() {
    BlockCommit next = chainAndNext();
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.position()).as("solo position = height").isEqualTo(3);
    }
    BlockCommit samePosition = new BlockCommit(next.block(), next.receipts(), next.writes(), next.tree(), 3);
    assertRefusedAndNothingChanged(samePosition, "block 4 at consensus position 3, not after 3");
  }

  @Test
  void consensusPositionsMayJumpAndSurviveReopen() {
    BlockCommit next = chainAndNext();
    try (LedgerStore store = LedgerStore.open(dir)) {
      store.commit(new BlockCommit(next.block(), next.receipts(), next.writes(), next.tree(), 40));
      assertThat(store.position()).isEqualTo(40);
    }
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.position()).isEqualTo(40);
      BlockCommit after = work.next(store, 1);
      BlockCommit stale = new BlockCommit(after.block(), after.receipts(), after.writes(), after.tree(), 39);
      assertThatThrownBy(() -> store.commit(stale)).isInstanceOf(InvariantViolation.class).hasMessageContaining("not after 40");
      store.commit(new BlockCommit(after.block(), after.receipts(), after.writes(), after.tree(), 41));
      assertThat(store.head().orElseThrow().height()).isEqualTo(5);
    }
  }

  @Test
  void anEmptyStoreIsAtPositionMinusOne() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.position()).isEqualTo(-1);
      store.commit(work.genesis());
      assertThat(store.position()).isZero();
    }
  }

  @Test
  void aCommitNeedsOneReceiptPerTransactionInOrder() {
    KeyPair k = KeyPair.deterministic("receipts");
    SignedTransaction a = TestChain.tx(k, 0);
    SignedTransaction b = TestChain.tx(k, 1);
    BlockCommit valid = TestChain.commitAfter(Optional.empty(), h -> Optional.empty(), List.of(a, b), List.of(TestChain.applied(a), TestChain.applied(b)), new TreeMap<>());
    assertThatThrownBy(() -> new BlockCommit(valid.block(), List.of(TestChain.applied(a)), valid.writes(), valid.tree()))
        .isInstanceOf(InvariantViolation.class)
        .hasMessageContaining("2 transactions but 1 receipts");
    assertThatThrownBy(() -> new BlockCommit(valid.block(), List.<Receipt>of(TestChain.applied(b), TestChain.applied(a)), valid.writes(), valid.tree()))
        .isInstanceOf(InvariantViolation.class)
        .hasMessageContaining("receipt 0 of block 0 is for another transaction");
  }
}
