package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.state.SmtProof;
import org.lazaret.core.state.SparseMerkleTree;

/**
 * Goal: every state value, present or absent, at the head and at any older height, can be proved
 * against that block's state root from the nodes the store keeps — so a client that trusts one
 * block hash can check any answer. Method: commit a token chain with deleted balances over
 * several state-tree checkpoints, reopen (so nodes come from disk, not the write cache, and the
 * heights between checkpoints are replayed), and prove every key at every height against a
 * sorted-map snapshot of the state after that height; wrong values and wrong roots must fail.
 * The same holds on the store that committed the chain, where the nodes between checkpoints that
 * later blocks replaced are gone from memory.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StateProofTest {
  private static final int TOP = 2 * LedgerStore.CHECKPOINT_BLOCKS + 3;

  @TempDir Path dir;
  private LedgerModel model;

  @BeforeEach
  void commitChain() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      model = commit(store);
    }
    assertThat(model.history.values().stream().flatMap(List::stream).anyMatch(e -> e.value().isEmpty()))
        .as("some key was deleted along the way")
        .isTrue();
  }

  private static Optional<Hash32> valueHash(Bytes v) {
    return Optional.of(Hash32.sha256(v.unsafeArray()));
  }

  private static LedgerModel commit(LedgerStore store) {
    return new TokenWorkload(31, 5).commitChain(store, TOP, 4);
  }

  @Test
  void everyKeyIsProvableAtEveryHeightFromStoredNodes() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      assertEveryKeyProvable(store, model);
    }
  }

  @Test
  void everyKeyIsProvableAtEveryHeightOnTheStoreThatCommittedTheChain(@TempDir Path other) {
    try (LedgerStore store = LedgerStore.open(other)) {
      assertEveryKeyProvable(store, commit(store));
    }
  }

  private static void assertEveryKeyProvable(LedgerStore store, LedgerModel model) {
    for (int h = 0; h <= TOP; h++) {
      Hash32 root = store.block(h).orElseThrow().header().stateRoot();
      TreeMap<String, Bytes> expected = model.stateAtHeight.get(h);
      assertThat(TestChain.rootOf(expected)).as("model root at %d", h).isEqualTo(root);
      for (String k : model.keysIncludingAbsent()) {
        Hash32 keyHash = TestChain.keyHash(k);
        SmtProof proof = SparseMerkleTree.prove(store.nodesAt(h), root, keyHash);
        Optional<Hash32> value = Optional.ofNullable(expected.get(k)).flatMap(StateProofTest::valueHash);
        assertThat(proof.verify(root, keyHash, value)).as("proof of %s = %s at height %d", k, expected.get(k), h).isTrue();
        assertThat(proof.verify(root, keyHash, Optional.of(Hash32.sha256(new byte[] {'x'}))))
            .as("proof of %s at height %d accepts a forged value", k, h)
            .isFalse();
        if (value.isPresent()) {
          assertThat(proof.verify(root, keyHash, Optional.empty())).as("proof of present %s at %d passes as absent", k, h).isFalse();
        }
        assertThat(SparseMerkleTree.get(store.nodesAt(h), root, keyHash)).as("get %s at %d", k, h).isEqualTo(value);
      }
    }
  }

  @Test
  void aProofIsBoundToItsRoot() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      Hash32 genesisRoot = store.block(0).orElseThrow().header().stateRoot();
      Hash32 headRoot = store.head().orElseThrow().header().stateRoot();
      String changed =
          model.state.keySet().stream()
              .filter(k -> !model.state.get(k).equals(model.stateAtHeight.get(0).get(k)))
              .findFirst()
              .orElseThrow();
      Hash32 keyHash = TestChain.keyHash(changed);
      SmtProof old = SparseMerkleTree.prove(store.nodesAt(0), genesisRoot, keyHash);
      Optional<Hash32> oldValue = Optional.ofNullable(model.stateAtHeight.get(0).get(changed)).flatMap(StateProofTest::valueHash);
      assertThat(old.verify(genesisRoot, keyHash, oldValue)).isTrue();
      assertThat(old.verify(headRoot, keyHash, oldValue)).as("genesis proof of %s against the head root", changed).isFalse();
    }
  }

  @Test
  void historyGivesTheValueEachOldProofIsFor() {
    // The HTTP API proves a value at an old height by reading history(key, height + 1, 1):
    // that value must be the one the old root commits to.
    try (LedgerStore store = LedgerStore.open(dir)) {
      for (int h = 0; h <= TOP; h++) {
        Hash32 root = store.block(h).orElseThrow().header().stateRoot();
        for (String k : model.keysIncludingAbsent()) {
          List<HistoryEntry> latest = store.history(k, h + 1, 1);
          Optional<Bytes> value = latest.isEmpty() ? Optional.empty() : latest.get(0).value();
          assertThat(value).as("value of %s at %d from history", k, h).isEqualTo(Optional.ofNullable(model.stateAtHeight.get(h).get(k)));
          Hash32 keyHash = TestChain.keyHash(k);
          assertThat(SparseMerkleTree.prove(store.nodesAt(h), root, keyHash).verify(root, keyHash, value.flatMap(StateProofTest::valueHash)))
              .as("proof of %s at %d", k, h)
              .isTrue();
        }
      }
    }
  }
}
