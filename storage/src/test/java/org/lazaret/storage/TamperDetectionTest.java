package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.block.Block;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * Goal: whatever is changed on disk behind the store's back — a byte of a transaction, a whole
 * block swapped for another valid one, a receipt, a state value, the head pointer, a state-tree
 * node — the store refuses to vouch for it: the verifier throws {@link StoreFailure} naming the
 * block and the reason, and {@link LedgerStore#block} throws rather than serve an altered block.
 * Method: commit a token chain of six blocks, close it, alter the RocksDB directory directly,
 * reopen.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TamperDetectionTest {
  private static final int TOP = 5;

  @TempDir Path dir;
  private LedgerModel model;

  @BeforeEach
  void commitChain() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      model = new TokenWorkload(21, 5).commitChain(store, TOP, 3);
      assertThat(ChainVerifier.verify(store, h -> {}).blocks()).as("the untouched chain verifies").isEqualTo(TOP + 1);
    }
  }

  private void tamper(Consumer<RawStore> change) {
    try (RawStore raw = RawStore.open(dir)) {
      change.accept(raw);
    }
  }

  private static byte[] blockKey(long h) {
    return RawStore.heightKey(h);
  }

  private void assertVerifyFails(String... messageParts) {
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThatThrownBy(() -> ChainVerifier.verify(store, h -> {})).isInstanceOf(StoreFailure.class).message().contains(messageParts);
    }
  }

  private void assertBlockRefused(long height, String... messageParts) {
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThatThrownBy(() -> store.block(height)).isInstanceOf(StoreFailure.class).message().contains(messageParts);
    }
  }

  private static byte[] flip(byte[] b, int offset) {
    byte[] out = b.clone();
    out[offset] ^= 0x01;
    return out;
  }

  // ------------------------------------------------------------------ blocks

  @Test
  void oneFlippedByteOfATransactionSignatureIsCaught() {
    // A block's encoding ends with its last transaction's signature: the header, and so the
    // block hash, is unchanged, and only the transaction root can tell.
    tamper(raw -> raw.put("blocks", blockKey(2), flip(raw.get("blocks", blockKey(2)), raw.get("blocks", blockKey(2)).length - 1)));
    assertBlockRefused(2, "block 2 has been altered", "transaction root");
    assertVerifyFails("block 2 has been altered");
  }

  @Test
  void aTransactionWithAnotherNonceButTheSameSignatureIsCaught() {
    Block original = model.commits.get(3).block();
    SignedTransaction tx = original.transactions().get(1);
    Transaction b = tx.body();
    SignedTransaction changed =
        SignedTransaction.withSignature(
            new Transaction(b.chainId(), b.sender(), b.nonce() + 1, b.contract(), b.method(), b.args(), b.expiresAtMillis()), tx.signature().toArray());
    List<SignedTransaction> txs = new ArrayList<>(original.transactions());
    txs.set(1, changed);
    tamper(raw -> raw.put("blocks", blockKey(3), new Block(original.header(), txs).encode()));
    assertBlockRefused(3, "block 3 has been altered");
    assertVerifyFails("block 3 has been altered");
  }

  @Test
  void everySingleByteChangeOfABlockIsCaught() {
    byte[] original = model.commits.get(2).block().encode();
    // Every byte of the header region and a spread of bytes through the transactions; each
    // reopen costs a few milliseconds, so the body is sampled rather than exhausted.
    List<Integer> offsets = new ArrayList<>();
    for (int i = 0; i < original.length; i += i < 200 ? 7 : 53) {
      offsets.add(i);
    }
    offsets.add(original.length - 1);
    for (int offset : offsets) {
      tamper(raw -> raw.put("blocks", blockKey(2), flip(original, offset)));
      try (LedgerStore store = LedgerStore.open(dir)) {
        assertThatThrownBy(() -> store.block(2))
            .as("block 2 with byte %d of %d flipped", offset, original.length)
            .isInstanceOf(StoreFailure.class)
            .message()
            .containsAnyOf("block 2 ", "height 2 ");
      }
    }
    tamper(raw -> raw.put("blocks", blockKey(2), original));
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.block(2)).contains(model.commits.get(2).block());
    }
  }

  @Test
  void aHeaderReadRefusesAnAlteredHeaderAndServesAnIntactOne() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.header(2)).contains(model.commits.get(2).block().header());
      assertThat(store.header(TOP + 1)).isEmpty();
    }
    Block other = TestChain.withTimestamp(model.commits.get(2).block(), model.commits.get(2).block().header().timestampMillis() + 1);
    tamper(raw -> raw.put("blocks", blockKey(2), other.encode()));
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThatThrownBy(() -> store.header(2)).isInstanceOf(StoreFailure.class).hasMessageContaining("block 2 has been altered");
    }
  }

  @Test
  void aHeaderReadDoesNotVouchForTheBody() {
    // The listing reads headers only; a body change leaves the header intact there, and the
    // full read (and start-up verification) still refuses the block.
    tamper(raw -> raw.put("blocks", blockKey(2), flip(raw.get("blocks", blockKey(2)), raw.get("blocks", blockKey(2)).length - 1)));
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.header(2)).contains(model.commits.get(2).block().header());
    }
    assertBlockRefused(2, "transaction root");
  }

  @Test
  void aDifferentValidBlockAtTheSameHeightIsCaught() {
    Block other = TestChain.withTimestamp(model.commits.get(2).block(), model.commits.get(2).block().header().timestampMillis() + 1);
    tamper(raw -> raw.put("blocks", blockKey(2), other.encode()));
    assertBlockRefused(2, "block 2 has been altered: its hash is " + other.hash());
    assertVerifyFails("block 2 has been altered");
  }

  @Test
  void aReplacedBlockWithItsRecordedHashReplacedBreaksTheChainAtTheNextBlock() {
    Block other = TestChain.withTimestamp(model.commits.get(2).block(), 42);
    tamper(
        raw -> {
          raw.put("blocks", blockKey(2), other.encode());
          raw.put("hashes", blockKey(2), other.hash().toBytes());
        });
    assertVerifyFails("block 3 does not link to block 2");
  }

  @Test
  void aBlockStoredAtTheWrongHeightIsCaught() {
    tamper(raw -> raw.put("blocks", blockKey(2), model.commits.get(1).block().encode()));
    assertBlockRefused(2, "the block stored at height 2 claims height 1");
    assertVerifyFails("height 2");
  }

  @Test
  void aTruncatedBlockIsCaught() {
    tamper(raw -> raw.put("blocks", blockKey(2), Arrays.copyOf(raw.get("blocks", blockKey(2)), 40)));
    assertBlockRefused(2, "block 2 is corrupt");
    assertVerifyFails("block 2 is corrupt");
  }

  @Test
  void aMissingBlockBelowTheHeadIsCaught() {
    tamper(raw -> raw.delete("blocks", blockKey(1)));
    assertBlockRefused(1, "block 1 is missing");
    assertVerifyFails("block 1 is missing");
  }

  @Test
  void aRecordedHashOfTheWrongLengthIsAStoreFailure() {
    tamper(raw -> raw.put("hashes", blockKey(2), new byte[] {1, 2, 3}));
    assertBlockRefused(2, "block 2");
  }

  @Test
  void anAlteredHeadBlockIsCaught() {
    tamper(raw -> raw.put("blocks", blockKey(TOP), flip(raw.get("blocks", blockKey(TOP)), raw.get("blocks", blockKey(TOP)).length - 1)));
    assertBlockRefused(TOP, "block " + TOP + " has been altered");
    assertVerifyFails("block " + TOP + " has been altered");
  }

  @Test
  void anUndecodableHeadBlockFailsTheOpenAndReleasesTheDirectory() {
    byte[] original = model.commits.get(TOP).block().encode();
    tamper(raw -> raw.put("blocks", blockKey(TOP), Arrays.copyOf(original, 30)));
    assertThatThrownBy(() -> LedgerStore.open(dir).close()).isInstanceOf(StoreFailure.class).hasMessageContaining("block " + TOP + " is corrupt");
    // The failed open must not keep RocksDB's lock: the directory can be repaired and reopened.
    tamper(raw -> raw.put("blocks", blockKey(TOP), original));
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(ChainVerifier.verify(store, h -> {}).blocks()).isEqualTo(TOP + 1);
    }
  }

  // ------------------------------------------------------------------ receipts

  /** Block {@code h}'s receipt page with {@code change} applied to its list of receipts. */
  private void tamperReceipts(long h, java.util.function.UnaryOperator<List<Receipt>> change) {
    List<Receipt> receipts = new java.util.ArrayList<>(model.commits.get((int) h).receipts());
    tamper(raw -> raw.put("receipts", RawStore.heightKey(h), ReceiptPage.encode(change.apply(receipts))));
  }

  @Test
  void anAlteredReceiptIsCaught() {
    Receipt original = model.commits.get(2).receipts().get(1);
    Receipt forged = new Receipt.Reverted(original.txId(), "FORGED", "not what happened");
    tamperReceipts(2, rs -> {
      rs.set(1, forged);
      return rs;
    });
    assertVerifyFails("block 2: its receipts do not match its receipt root");
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.receipt(new TxLocation(2, 1))).as("a single receipt read is what the page holds").contains(forged);
    }
  }

  @Test
  void aReceiptMovedToAnotherBlockIsCaught() {
    tamperReceipts(4, rs -> {
      rs.set(0, model.commits.get(3).receipts().get(0));
      return rs;
    });
    assertVerifyFails("block 4: its receipts do not match its receipt root");
  }

  @Test
  void anUndecodableReceiptPageIsCaught() {
    tamper(raw -> raw.put("receipts", RawStore.heightKey(2), new byte[] {0, 0, 0, 1, 9, 9, 9}));
    assertVerifyFails("the receipts of block 2 are corrupt");
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThatThrownBy(() -> store.receipt(new TxLocation(2, 0))).isInstanceOf(StoreFailure.class).hasMessageContaining("is corrupt");
    }
  }

  @Test
  void aMissingReceiptIsCaught() {
    int n = model.commits.get(3).receipts().size();
    tamperReceipts(3, rs -> rs.subList(0, n - 1));
    assertVerifyFails("block 3 has " + n + " transactions but " + (n - 1) + " stored receipts");
  }

  @Test
  void aMissingReceiptPageIsCaught() {
    tamper(raw -> raw.delete("receipts", RawStore.heightKey(3)));
    assertVerifyFails("the receipts of block 3 are missing");
  }

  // ------------------------------------------------------------------ state

  /**
   * A key the last checkpoint (genesis) wrote and no later block changed: its latest value is the
   * one in the state family, not one waiting in a block's recorded writes.
   */
  private String checkpointedKey() {
    java.util.Set<String> later = new java.util.HashSet<>();
    model.commits.subList(1, model.commits.size()).forEach(c -> later.addAll(c.writes().keySet()));
    return model.commits.get(0).writes().entrySet().stream()
        .filter(e -> e.getValue().isPresent() && !later.contains(e.getKey()))
        .map(java.util.Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new AssertionError("every genesis key was written again"));
  }

  @Test
  void anAlteredStateValueIsCaught() {
    tamper(raw -> raw.put("state", RawStore.utf8(checkpointedKey()), TokenWorkload.number(1).toArray()));
    assertVerifyFails("the stored state rebuilds to root", "block " + TOP + " commits to");
  }

  @Test
  void anAddedStateKeyIsCaught() {
    tamper(raw -> raw.put("state", RawStore.utf8("token/balance/mallory"), TokenWorkload.number(5).toArray()));
    assertVerifyFails("the stored state rebuilds to root");
  }

  @Test
  void aDeletedStateKeyIsCaught() {
    tamper(raw -> raw.delete("state", RawStore.utf8(checkpointedKey())));
    assertVerifyFails("the stored state rebuilds to root");
  }

  @Test
  void anAlteredRecordedWriteBetweenCheckpointsIsCaught() {
    // The supply changes in every block, so its latest value is block TOP's recorded write.
    tamper(raw -> {
      try {
        var writes = WriteSet.decode(raw.get("blockwrites", RawStore.heightKey(TOP)));
        writes.put(TokenWorkload.SUPPLY_KEY, Optional.of(TokenWorkload.number(1)));
        raw.put("blockwrites", RawStore.heightKey(TOP), WriteSet.encode(writes));
      } catch (org.lazaret.core.codec.DecodeException e) {
        throw new AssertionError(e);
      }
    });
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.block(TOP)).as("blocks are still served").isPresent();
      assertThatThrownBy(() -> store.stateValue(TokenWorkload.SUPPLY_KEY))
          .as("the replay checks each block's state root before the values are served")
          .isInstanceOf(StoreFailure.class)
          .hasMessageContaining("block " + TOP + ": its recorded state writes lead to root");
    }
    assertVerifyFails("block " + TOP + ": its recorded state writes lead to root");
  }

  @Test
  void aCorruptHistoryGroupIsReportedNotMisread() {
    String key = checkpointedKey();
    byte[] k = RawStore.utf8(key);
    byte[] groupKey = new org.lazaret.core.codec.Writer().u32(k.length).raw(k).u64(0).toByteArray();
    tamper(raw -> raw.put("history", groupKey, java.util.Arrays.copyOf(raw.get("history", groupKey), 11)));
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThatThrownBy(() -> store.history(key, Long.MAX_VALUE, 10))
          .isInstanceOf(StoreFailure.class)
          .hasMessageContaining("the history of state key " + key + " from block 0 is corrupt");
      String other = model.commits.get(TOP).writes().firstKey();
      assertThat(store.history(other, Long.MAX_VALUE, 100)).as("other keys' histories are served").isEqualTo(model.history.get(other));
    }
  }

  @Test
  void corruptRecordedWritesBetweenCheckpointsAreCaught() {
    tamper(raw -> raw.put("blockwrites", RawStore.heightKey(3), new byte[] {0, 0, 0, 2, 0}));
    assertVerifyFails("block 3: its recorded state writes are corrupt");
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.block(TOP)).as("blocks are still served").isPresent();
      assertThatThrownBy(() -> store.stateValue(TokenWorkload.SUPPLY_KEY)).isInstanceOf(StoreFailure.class).hasMessageContaining("block 3");
    }
  }

  @Test
  void missingRecordedWritesBetweenCheckpointsAreCaught() {
    tamper(raw -> raw.delete("blockwrites", RawStore.heightKey(3)));
    assertVerifyFails("block 3: neither its recorded state writes nor its state tree are in the store");
  }

  @Test
  void missingRecordedWritesAtTheHeadAreCaught() {
    tamper(raw -> raw.delete("blockwrites", RawStore.heightKey(TOP)));
    assertVerifyFails("block " + TOP + ": neither its recorded state writes nor its state tree are in the store");
  }

  @Test
  void aHeadPointerRolledBackIsCaught() {
    tamper(raw -> raw.put("default", RawStore.utf8("head"), RawStore.heightKey(3)));
    assertThatThrownBy(() -> LedgerStore.open(dir).close())
        .isInstanceOf(StoreFailure.class)
        .hasMessageContaining("holds block 4 past its head pointer at block 3");
  }

  @Test
  void aHeadPointerPastTheLastBlockFailsTheOpen() {
    tamper(raw -> raw.put("default", RawStore.utf8("head"), RawStore.heightKey(TOP + 4)));
    assertThatThrownBy(() -> LedgerStore.open(dir).close()).isInstanceOf(StoreFailure.class).hasMessageContaining("block " + (TOP + 4) + " is missing");
  }

  @Test
  void aTruncatedHeadPointerFailsTheOpen() {
    tamper(raw -> raw.put("default", RawStore.utf8("head"), new byte[] {0, 0, 5}));
    assertThatThrownBy(() -> LedgerStore.open(dir).close()).isInstanceOf(StoreFailure.class).hasMessageContaining("head");
  }

  @Test
  void aTruncatedConsensusPositionFailsTheOpen() {
    tamper(raw -> raw.put("default", RawStore.utf8("position"), new byte[] {1}));
    assertThatThrownBy(() -> LedgerStore.open(dir).close()).isInstanceOf(StoreFailure.class).hasMessageContaining("consensus position is corrupt");
  }

  @Test
  void anAlteredStateTreeNodeIsNotServed() {
    // Genesis is a checkpoint: its tree's nodes are the ones the store holds.
    Hash32 root = model.commits.get(0).block().header().stateRoot();
    SmtNode forged = new SmtNode.Leaf(TestChain.keyHash(TokenWorkload.SUPPLY_KEY), Hash32.sha256(TokenWorkload.number(1).unsafeArray()));
    tamper(raw -> raw.put("smt", root.toBytes(), forged.encode()));
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThatThrownBy(() -> SparseMerkleTree.prove(store.nodesAt(0), root, TestChain.keyHash(TokenWorkload.SUPPLY_KEY)))
          .isInstanceOf(StoreFailure.class)
          .hasMessageContaining("state node " + root);
    }
  }

  @Test
  void forgedWritesBehindAnOlderRootAreNotProven() {
    // Well formed, but not what block 2 wrote: the replay ends at another root than the block's.
    java.util.TreeMap<String, Optional<Bytes>> forged = new java.util.TreeMap<>();
    forged.put(TokenWorkload.SUPPLY_KEY, Optional.of(Bytes.of(new byte[] {7})));
    tamper(raw -> raw.put("blockwrites", RawStore.heightKey(2), WriteSet.encode(forged)));
    try (LedgerStore store = LedgerStore.open(dir)) {
      Hash32 root = store.header(2).orElseThrow().stateRoot();
      assertThatThrownBy(() -> SparseMerkleTree.prove(store.nodesAt(2), root, TestChain.keyHash(TokenWorkload.SUPPLY_KEY)))
          .isInstanceOf(StoreFailure.class)
          .hasMessageContaining("block 2: its recorded state writes lead to root");
      assertThatThrownBy(() -> store.nodes().node(Hash32.ZERO))
          .as("the head's replay passes through block 2 too")
          .isInstanceOf(StoreFailure.class)
          .hasMessageContaining("block 2");
    }
  }

  @Test
  void theUntouchedStoreStillServesEverything() {
    // The control for the tests above: reopening without a change serves and verifies.
    try (LedgerStore store = LedgerStore.open(dir)) {
      for (BlockCommit c : model.commits) {
        assertThat(store.block(c.block().height())).contains(c.block());
      }
      assertThat(store.stateValue(TokenWorkload.SUPPLY_KEY).map(Bytes::of)).contains(TokenWorkload.number(TokenWorkload.MINT * 5));
      assertThat(ChainVerifier.verify(store, h -> {}).blocks()).isEqualTo(TOP + 1);
    }
  }
}
