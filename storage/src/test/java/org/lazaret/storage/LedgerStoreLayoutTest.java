package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * entry (height, index), the length-prefixed history keys under each key's first version of a
 * checkpoint window, and their groups of versions (height, then 1 and the value, or 0 = deleted).
 * A change here is a storage format change
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
      byte[] receipt = genesis.receipts().get(0).encode();
      assertThat(raw.get("receipts", new byte[8])).as("one page per block: count, then each receipt with its length")
          .isEqualTo(new Writer(8 + receipt.length).u32(1).u32(receipt.length).raw(receipt).toByteArray());
      assertThat(raw.get("default", RawStore.utf8("format"))).isEqualTo(new byte[] {0, 0, 0, LedgerStore.FORMAT_VERSION});
      assertThat(raw.get("state", RawStore.utf8("kept"))).isEqualTo(RawStore.utf8("v"));
      assertThat(raw.get("history", historyKey("kept", 0))).isEqualTo(new Writer(20).u32(1).u64(0).u8(1).u32(1).raw(RawStore.utf8("v")).toByteArray());
      assertThat(raw.get("history", historyKey("gone", 0))).isEqualTo(new Writer(13).u32(1).u64(0).u8(0).toByteArray());
      assertThat(raw.get("default", RawStore.utf8("head"))).isEqualTo(new byte[8]);
      assertThat(raw.get("smt", b.header().stateRoot().toBytes())).isNotEmpty();
      assertThat(raw.dump().get("state")).hasSize(1);
      assertThat(raw.dump().get("blockwrites")).as("a checkpoint writes nodes and the latest state, not a write set").isEmpty();
    }
  }

  @Test
  void betweenCheckpointsABlockRecordsItsWritesAndTheCheckpointWritesTheLatestState() {
    TokenWorkload work = new TokenWorkload(9, 3);
    LedgerModel model;
    try (LedgerStore store = LedgerStore.open(dir)) {
      model = work.commitChain(store, LedgerStore.CHECKPOINT_BLOCKS - 1, 2);
    }
    List<BlockCommit> commits = List.copyOf(model.commits);
    var genesisState = stateFamily(commits.get(0).writes());
    try (RawStore raw = RawStore.open(dir)) {
      for (int h = 1; h < LedgerStore.CHECKPOINT_BLOCKS; h++) {
        assertThat(raw.get("blockwrites", RawStore.heightKey(h))).as("write set of block %d", h).isEqualTo(WriteSet.encode(commits.get(h).writes()));
      }
      assertThat(raw.dump().get("state")).as("the state family still holds the checkpoint's state").isEqualTo(genesisState);
      assertThat(raw.dump().get("history")).as("the history family still holds the genesis versions only").hasSize(commits.get(0).writes().size());
      for (int h = 1; h < LedgerStore.CHECKPOINT_BLOCKS; h++) {
        assertThat(raw.has("smt", commits.get(h).block().header().stateRoot().toBytes())).as("root node of block %d", h).isFalse();
      }
    }
    try (LedgerStore store = LedgerStore.open(dir)) {
      model.state.forEach((k, v) -> assertThat(store.stateValue(k).map(Bytes::of)).as("latest %s after a reopen", k).contains(v));
      BlockCommit checkpoint = work.next(store, 2);
      store.commit(checkpoint);
      model.apply(checkpoint);
    }
    try (RawStore raw = RawStore.open(dir)) {
      assertThat(raw.has("blockwrites", RawStore.heightKey(LedgerStore.CHECKPOINT_BLOCKS))).as("a checkpoint records no write set").isFalse();
      assertThat(raw.dump().get("blockwrites")).as("earlier write sets stay, for proofs against their roots").hasSize(LedgerStore.CHECKPOINT_BLOCKS - 1);
      for (var n : SparseMerkleTree.update(h -> Optional.empty(), Hash32.ZERO, new java.util.ArrayList<>(leaves(model.state))).created().entrySet()) {
        assertThat(raw.get("smt", n.getKey().toBytes())).as("checkpoint node %s", n.getKey()).isEqualTo(n.getValue().encode());
      }
      java.util.TreeMap<String, Optional<Bytes>> latest = new java.util.TreeMap<>();
      model.state.forEach((k, v) -> latest.put(k, Optional.of(v)));
      assertThat(raw.dump().get("state")).isEqualTo(stateFamily(latest));
      // The checkpoint wrote each key's versions of blocks 1..16 as one group under its first.
      java.util.Map<String, Writer> groups = new java.util.TreeMap<>();
      java.util.Map<String, Long> firsts = new java.util.TreeMap<>();
      java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
      for (BlockCommit c : model.commits.subList(1, model.commits.size())) {
        c.writes().forEach((k, v) -> {
          firsts.putIfAbsent(k, c.block().height());
          counts.merge(k, 1, Integer::sum);
          Writer g = groups.computeIfAbsent(k, x -> new Writer());
          g.u64(c.block().height());
          v.ifPresentOrElse(b -> g.u8(1).bytes(b), () -> g.u8(0));
        });
      }
      assertThat(groups).as("keys changed in the window").isNotEmpty();
      assertThat(firsts.values()).as("keys first changed after the window's first block").anyMatch(h -> h > 1);
      assertThat(counts.values()).as("keys changed in several blocks of the window").anyMatch(n -> n > 1);
      groups.forEach((k, g) -> assertThat(raw.get("history", historyKey(k, firsts.get(k))))
          .as("versions of %s", k).isEqualTo(new Writer().u32(counts.get(k)).raw(g.toByteArray()).toByteArray()));
      assertThat(raw.dump().get("history")).hasSize(commits.get(0).writes().size() + groups.size());
    }
  }

  @Test
  void aStoreOfAnotherLayoutIsRefusedNamingBothLayouts() {
    TokenWorkload work = new TokenWorkload(11, 2);
    try (LedgerStore store = LedgerStore.open(dir)) {
      store.commit(work.genesis());
    }
    try (RawStore raw = RawStore.open(dir)) {
      raw.delete("default", RawStore.utf8("format")); // as a store written before layouts were recorded
    }
    assertThatThrownBy(() -> LedgerStore.open(dir).close())
        .isInstanceOf(StoreFailure.class)
        .hasMessageContaining("has layout 1, this version reads layout " + LedgerStore.FORMAT_VERSION);
    try (RawStore raw = RawStore.open(dir)) {
      raw.put("default", RawStore.utf8("format"), new byte[] {0, 0, 0, 99});
    }
    assertThatThrownBy(() -> LedgerStore.open(dir).close()).isInstanceOf(StoreFailure.class).hasMessageContaining("has layout 99");
    try (RawStore raw = RawStore.open(dir)) {
      raw.put("default", RawStore.utf8("format"), new byte[] {0, 0, 0, LedgerStore.FORMAT_VERSION});
    }
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertThat(store.head()).as("the directory was released by the refused opens").isPresent();
    }
  }

  /** What the state family holds for these values, as {@link RawStore#dump} shows it. */
  private static java.util.Map<String, String> stateFamily(java.util.SortedMap<String, Optional<Bytes>> values) {
    java.util.Map<String, String> out = new java.util.TreeMap<>();
    values.forEach((k, v) -> v.ifPresent(b -> out.put(java.util.HexFormat.of().formatHex(RawStore.utf8(k)), b.hex())));
    return out;
  }

  /** The checkpoint's whole tree, built afresh from the latest value of every key. */
  private static java.util.Collection<SparseMerkleTree.Update> leaves(java.util.Map<String, Bytes> state) {
    TreeMap<Hash32, SparseMerkleTree.Update> out = new TreeMap<>();
    state.forEach((k, v) -> out.put(TestChain.keyHash(k), new SparseMerkleTree.Update(TestChain.keyHash(k), Optional.of(Hash32.sha256(v.unsafeArray())))));
    return out.values();
  }

  /** u32 length | key bytes | u64 height, all big-endian: a key's versions sort together, oldest first. */
  private static byte[] historyKey(String key, long height) {
    byte[] k = RawStore.utf8(key);
    return new Writer(k.length + 12).u32(k.length).raw(k).u64(height).toByteArray();
  }
}
