package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.block.Block;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Goal: freeze the on-disk layout that tools (and the tamper tests) rely on: the column family
 * names, u64 big-endian heights as block keys, the recorded block hash, the transaction index
 * entry (height, index), the length-prefixed history keys and their tagged values (1 = value,
 * 0 = deleted). A change here is a storage format change
 * and must be deliberate.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LedgerStoreLayoutTest {
  @TempDir Path dir;

  @Test
  void columnFamiliesAndKeysAreAsDocumented() {
    KeyPair k = KeyPair.deterministic("layout");
    SignedTransaction tx = TestChain.tx(k, 0);
    TreeMap<String, Optional<Bytes>> writes = new TreeMap<>();
    writes.put("kept", Optional.of(TestChain.value("v")));
    writes.put("gone", Optional.empty());
    BlockCommit genesis = TestChain.commitAfter(Optional.empty(), h -> Optional.empty(), List.of(tx), List.of(TestChain.applied(tx)), writes);
    try (LedgerStore store = LedgerStore.open(dir)) {
      store.commit(genesis);
    }
    assertThat(RawStore.familiesOnDisk(dir)).containsExactlyInAnyOrderElementsOf(RawStore.FAMILIES);
    Block b = genesis.block();
    try (RawStore raw = RawStore.open(dir)) {
      assertThat(raw.get("blocks", new byte[8])).isEqualTo(b.encode());
      assertThat(raw.get("hashes", new byte[8])).isEqualTo(b.hash().toBytes());
      assertThat(raw.get("txindex", tx.id().toBytes())).isEqualTo(RawStore.receiptKey(0, 0));
      assertThat(raw.get("receipts", RawStore.receiptKey(0, 0))).isEqualTo(genesis.receipts().get(0).encode());
      assertThat(raw.get("state", RawStore.utf8("kept"))).isEqualTo(RawStore.utf8("v"));
      assertThat(raw.get("history", historyKey("kept", 0))).isEqualTo(new byte[] {1, 'v'});
      assertThat(raw.get("history", historyKey("gone", 0))).isEqualTo(new byte[] {0});
      assertThat(raw.get("default", RawStore.utf8("head"))).isEqualTo(new byte[8]);
      assertThat(raw.get("smt", b.header().stateRoot().toBytes())).isNotEmpty();
      assertThat(raw.dump().get("state")).hasSize(1);
      assertThat(raw.has("smtupdates", new byte[8])).as("a checkpoint writes nodes, not updates").isFalse();
    }
  }

  @Test
  void betweenCheckpointsABlockWritesItsStateUpdatesInsteadOfTreeNodes() {
    TokenWorkload work = new TokenWorkload(7, 3);
    List<BlockCommit> commits = new java.util.ArrayList<>();
    try (LedgerStore store = LedgerStore.open(dir)) {
      commits.add(work.genesis());
      store.commit(commits.get(0));
      for (int h = 1; h <= LedgerStore.CHECKPOINT_BLOCKS; h++) {
        commits.add(work.next(store, 2));
        store.commit(commits.get(h));
      }
    }
    try (RawStore raw = RawStore.open(dir)) {
      for (int h = 1; h < LedgerStore.CHECKPOINT_BLOCKS; h++) {
        BlockCommit c = commits.get(h);
        assertThat(raw.get("smtupdates", RawStore.heightKey(h))).as("updates of block %d", h).isEqualTo(SparseMerkleTree.Update.encodeAll(c.tree().updates()));
        assertThat(raw.has("smt", c.block().header().stateRoot().toBytes())).as("root node of block %d", h).isFalse();
      }
      BlockCommit checkpoint = commits.get(LedgerStore.CHECKPOINT_BLOCKS);
      assertThat(raw.has("smtupdates", RawStore.heightKey(LedgerStore.CHECKPOINT_BLOCKS))).isFalse();
      for (var n : SparseMerkleTree.update(h -> Optional.empty(), Hash32.ZERO, new java.util.ArrayList<>(allLeaves(commits))).created().entrySet()) {
        assertThat(raw.get("smt", n.getKey().toBytes())).as("checkpoint node %s", n.getKey()).isEqualTo(n.getValue().encode());
      }
      assertThat(raw.has("smt", checkpoint.block().header().stateRoot().toBytes())).isTrue();
    }
  }

  /** The checkpoint's whole tree, built afresh from the latest value of every key the blocks wrote. */
  private static java.util.Collection<SparseMerkleTree.Update> allLeaves(List<BlockCommit> commits) {
    TreeMap<Hash32, SparseMerkleTree.Update> latest = new TreeMap<>();
    for (BlockCommit c : commits) {
      for (SparseMerkleTree.Update u : c.tree().updates()) {
        if (u.valueHash().isPresent()) {
          latest.put(u.keyHash(), u);
        } else {
          latest.remove(u.keyHash());
        }
      }
    }
    return latest.values();
  }

  /** u32 length | key bytes | u64 height, all big-endian: a key's versions sort together, oldest first. */
  private static byte[] historyKey(String key, long height) {
    byte[] k = RawStore.utf8(key);
    return new Writer(k.length + 12).u32(k.length).raw(k).u64(height).toByteArray();
  }
}
