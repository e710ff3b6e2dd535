package org.lazaret.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.lazaret.consensus.Checkpoint;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.merkle.MerkleTree;

/**
 * The verdicts of the divergence watch, one node's view of the checkpoints in the log: a majority
 * decides; this node is diverged only when a majority holds another hash; a diverged peer is noted;
 * with everyone heard and no majority, no node may vouch for its chain; a height this node cannot
 * see is not judged.
 */
class DivergenceWatchTest {
  private static final Hash32 GOOD_ROOT = Hash32.sha256(new byte[] {1});
  private static final Hash32 BAD_ROOT = Hash32.sha256(new byte[] {2});
  private static final Hash32 THIRD_ROOT = Hash32.sha256(new byte[] {3});

  private static Block block(long height, Hash32 stateRoot) {
    return new Block(new BlockHeader("chain", height, Hash32.ZERO, 1_700_000_000_000L, MerkleTree.EMPTY_ROOT, MerkleTree.EMPTY_ROOT, stateRoot, 0), List.of());
  }

  private static Checkpoint said(String node, long height, Hash32 stateRoot) {
    Block b = block(height, stateRoot);
    return new Checkpoint(node, height, b.hash(), stateRoot);
  }

  private static DivergenceWatch watch(String self, int members) {
    return new DivergenceWatch(self, () -> members, h -> Optional.empty(), h -> Set.of());
  }

  @Test
  void aMajorityForAnotherHashMakesThisNodeDivergedNamingBothRoots() {
    DivergenceWatch w = watch("node-3", 3);
    w.executed(block(5, BAD_ROOT), Optional.empty());
    assertThat(w.checkpoint(said("node-1", 5, GOOD_ROOT))).as("one against one decides nothing").isEmpty();
    assertThat(w.finding()).isEmpty();
    DivergenceWatch.Finding f = w.checkpoint(said("node-2", 5, GOOD_ROOT)).orElseThrow();
    assertThat(f.height()).isEqualTo(5);
    assertThat(f.expectedStateRoot()).isEqualTo(GOOD_ROOT);
    assertThat(f.actualStateRoot()).isEqualTo(BAD_ROOT);
    assertThat(f.majority()).containsExactly("node-1", "node-2");
    assertThat(w.finding()).contains(f);
    assertThat(DivergenceWatch.Finding.fromJson(f.json())).isEqualTo(f);
  }

  @Test
  void aNodeInTheMajorityGoesOnAndNotesTheDivergedPeer() {
    DivergenceWatch w = watch("node-1", 3);
    w.executed(block(5, GOOD_ROOT), Optional.empty());
    assertThat(w.checkpoint(said("node-3", 5, BAD_ROOT))).isEmpty();
    assertThat(w.checkpoint(said("node-2", 5, GOOD_ROOT))).isEmpty();
    assertThat(w.finding()).isEmpty();
    assertThat(w.agreedHeight()).isEqualTo(5);
    assertThat(w.divergedPeers()).containsExactly(java.util.Map.entry("node-3", 5L));
  }

  @Test
  void aLateCheckpointAgainstADecidedHeightMarksThatPeer() {
    DivergenceWatch w = watch("node-1", 3);
    w.executed(block(7, GOOD_ROOT), Optional.empty());
    assertThat(w.checkpoint(said("node-2", 7, GOOD_ROOT))).isEmpty();
    assertThat(w.divergedPeers()).isEmpty();
    assertThat(w.checkpoint(said("node-3", 7, BAD_ROOT))).isEmpty();
    assertThat(w.divergedPeers()).containsKey("node-3");
  }

  @Test
  void withEveryoneHeardAndNoMajorityNoNodeVouchesForItsChain() {
    DivergenceWatch w = watch("node-1", 3);
    w.executed(block(4, GOOD_ROOT), Optional.empty());
    assertThat(w.checkpoint(said("node-2", 4, BAD_ROOT))).isEmpty();
    DivergenceWatch.Finding f = w.checkpoint(said("node-3", 4, THIRD_ROOT)).orElseThrow();
    assertThat(f.majority()).isEmpty();
    assertThat(f.describe()).contains("no majority");
  }

  @Test
  void aHeightThisNodeDoesNotHoldIsNotJudged() {
    AtomicInteger asked = new AtomicInteger();
    DivergenceWatch w = new DivergenceWatch("node-1", () -> 3, h -> {
      asked.incrementAndGet();
      return Optional.empty();
    }, h -> Set.of());
    assertThat(w.checkpoint(said("node-2", 9, BAD_ROOT))).isEmpty();
    assertThat(w.checkpoint(said("node-3", 9, BAD_ROOT))).isEmpty();
    assertThat(w.finding()).isEmpty();
    assertThat(asked.get()).isEqualTo(2);
  }

  @Test
  void aStoredHeaderServesHeightsNoLongerInMemory() {
    BlockHeader stored = block(2, GOOD_ROOT).header();
    DivergenceWatch w = new DivergenceWatch("node-1", () -> 3, h -> h == 2 ? Optional.of(stored) : Optional.empty(), h -> Set.of());
    assertThat(w.checkpoint(said("node-2", 2, BAD_ROOT))).isEmpty();
    assertThat(w.checkpoint(said("node-3", 2, BAD_ROOT))).isPresent();
  }

  @Test
  void theLedgersMembersAtAHeightSetTheQuorumNotRaftsCurrentConfiguration() {
    // The ledger admitted node-4 at height 3; this node's Raft has not heard of it yet (3 members).
    DivergenceWatch w = new DivergenceWatch("node-1", () -> 3, h -> Optional.empty(), h -> Set.of("node-1", "node-2", "node-3"));
    w.executed(block(3, GOOD_ROOT), Optional.of(Set.of("node-1", "node-2", "node-3", "node-4")));
    w.executed(block(5, GOOD_ROOT), Optional.empty());
    assertThat(w.checkpoint(said("node-2", 5, GOOD_ROOT))).isEmpty();
    assertThat(w.agreedHeight()).as("two of four members are not a majority").isZero();
    assertThat(w.checkpoint(said("node-4", 5, GOOD_ROOT))).isEmpty();
    assertThat(w.agreedHeight()).isEqualTo(5);
  }

  @Test
  void aCheckpointFromANodeThatIsNotAMemberAtThatHeightIsNotCounted() {
    DivergenceWatch w = new DivergenceWatch("node-1", () -> 4, h -> Optional.empty(), h -> Set.of("node-1", "node-2", "node-3"));
    w.executed(block(5, GOOD_ROOT), Optional.empty());
    assertThat(w.checkpoint(said("node-9", 5, BAD_ROOT))).as("an outsider's vote").isEmpty();
    assertThat(w.checkpoint(said("node-2", 5, BAD_ROOT))).as("one member against one").isEmpty();
    assertThat(w.finding()).isEmpty();
    assertThat(w.checkpoint(said("node-3", 5, GOOD_ROOT))).isEmpty();
    assertThat(w.finding()).isEmpty();
    assertThat(w.agreedHeight()).isEqualTo(5);
    assertThat(w.divergedPeers()).containsOnlyKeys("node-2", "node-9");
  }

  @Test
  void aRemovalShrinksTheQuorumFromItsHeightOnAndEarlierHeightsKeepTheStoredMembers() {
    AtomicInteger storedReads = new AtomicInteger();
    DivergenceWatch w = new DivergenceWatch("node-1", () -> 4, h -> Optional.empty(), h -> {
      storedReads.incrementAndGet();
      return Set.of("node-1", "node-2", "node-3", "node-4");
    });
    w.executed(block(5, GOOD_ROOT), Optional.empty());
    w.executed(block(6, GOOD_ROOT), Optional.of(Set.of("node-1", "node-2", "node-3")));
    assertThat(w.checkpoint(said("node-2", 5, GOOD_ROOT))).isEmpty();
    assertThat(w.agreedHeight()).as("two of four at height 5").isZero();
    assertThat(w.checkpoint(said("node-2", 6, GOOD_ROOT))).isEmpty();
    assertThat(w.agreedHeight()).as("two of three at height 6").isEqualTo(6);
    assertThat(storedReads.get()).as("the members before the first executed block are read once").isEqualTo(1);
  }
}
