package org.lazaret.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.lazaret.core.InvariantViolation;
import org.lazaret.core.Limits;
import org.lazaret.core.TestFixtures;
import org.lazaret.core.TestFixtures.MemoryNodes;
import org.lazaret.core.crypto.Hash32;

/**
 * The state tree against a plain sorted map: after any sequence of batched writes and deletes,
 * every key reads and proves as the map says, and the root depends only on the final contents —
 * never on the order or batching that produced them.
 */
class SparseMerkleTreeTest {

  /** A batch of writes: a key maps to its new value hash, or to empty for a delete. */
  record Scenario(List<Map<Hash32, Optional<Hash32>>> batches, long seed) {
    @Override
    public String toString() {
      int ops = batches.stream().mapToInt(Map::size).sum();
      return "Scenario[" + batches.size() + " batches, " + ops + " writes, seed " + seed + "]";
    }
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Arbitraries.randomValue(SparseMerkleTreeTest::scenario);
  }

  /**
   * Random batches over a small key universe, so keys are rewritten and deleted often. Half the
   * keys are ordinary hashes; the rest come in clusters that share long prefixes (down to all
   * 255 first bits), where collapse and re-expansion of single-key subtrees happen.
   */
  static Scenario scenario(Random r) {
    long seed = r.nextLong();
    List<Hash32> universe = new ArrayList<>();
    int plain = 1 + r.nextInt(r.nextBoolean() ? 12 : 80);
    for (int i = 0; i < plain; i++) {
      universe.add(TestFixtures.keyHash("key-" + r.nextInt(1000)));
    }
    int clusters = r.nextInt(4);
    for (int c = 0; c < clusters; c++) {
      byte[] base = TestFixtures.randomHash(r).toBytes();
      universe.add(Hash32.wrap(base));
      int members = 1 + r.nextInt(6);
      for (int m = 0; m < members; m++) {
        byte[] k = base.clone();
        int bit = r.nextBoolean() ? 255 - r.nextInt(8) : r.nextInt(256);
        k[bit / 8] ^= (byte) (1 << (7 - bit % 8));
        universe.add(Hash32.wrap(k));
      }
    }
    List<Hash32> values = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      values.add(TestFixtures.valueHash("v" + i));
    }
    List<Map<Hash32, Optional<Hash32>>> batches = new ArrayList<>();
    int n = 1 + r.nextInt(12);
    int deleteWeight = r.nextInt(5); // some scenarios mostly grow, some mostly shrink
    for (int b = 0; b < n; b++) {
      Map<Hash32, Optional<Hash32>> batch = new TreeMap<>();
      int size = r.nextInt(5) == 0 ? universe.size() : 1 + r.nextInt(Math.max(1, universe.size() / 2));
      for (int i = 0; i < size; i++) {
        Hash32 k = universe.get(r.nextInt(universe.size()));
        batch.put(k, r.nextInt(6) < deleteWeight ? Optional.empty() : Optional.of(values.get(r.nextInt(values.size()))));
      }
      batches.add(batch);
    }
    if (r.nextInt(3) == 0) {
      Map<Hash32, Optional<Hash32>> deleteAll = new TreeMap<>();
      universe.forEach(k -> deleteAll.put(k, Optional.empty()));
      batches.add(deleteAll);
    }
    return new Scenario(batches, seed);
  }

  @Property(tries = 200)
  void readsAndProofsAgreeWithAMapAfterEveryBatch(@ForAll("scenarios") Scenario s) {
    Random r = new Random(s.seed());
    MemoryNodes nodes = new MemoryNodes();
    TreeMap<Hash32, Hash32> model = new TreeMap<>();
    TreeSet<Hash32> touched = new TreeSet<>();
    List<Hash32> roots = new ArrayList<>();
    List<Map<Hash32, Hash32>> snapshots = new ArrayList<>();
    Hash32 root = Hash32.ZERO;
    for (Map<Hash32, Optional<Hash32>> batch : s.batches()) {
      root = nodes.apply(root, batch);
      batch.forEach((k, v) -> v.ifPresentOrElse(val -> model.put(k, val), () -> model.remove(k)));
      touched.addAll(batch.keySet());

      assertWellFormed(nodes, root, model);
      assertThat(root).as("root depends only on contents").isEqualTo(freshRoot(model));
      if (model.isEmpty()) {
        assertThat(root).isEqualTo(Hash32.ZERO);
      }
      for (Hash32 k : touched) {
        assertReadsAndProves(nodes, root, k, Optional.ofNullable(model.get(k)), r);
      }
      roots.add(root);
      snapshots.add(new TreeMap<>(model));
    }
    // Nodes are immutable and kept: every earlier root still reads as it did.
    for (int i = 0; i < roots.size(); i++) {
      for (Hash32 k : touched) {
        assertThat(SparseMerkleTree.get(nodes, roots.get(i), k)).isEqualTo(Optional.ofNullable(snapshots.get(i).get(k)));
      }
    }
  }

  @Property(tries = 100)
  void rootIsIndependentOfOrderAndBatching(@ForAll("scenarios") Scenario s) {
    Random r = new Random(s.seed());
    MemoryNodes nodes = new MemoryNodes();
    TreeMap<Hash32, Hash32> model = new TreeMap<>();
    Hash32 root = Hash32.ZERO;
    for (Map<Hash32, Optional<Hash32>> batch : s.batches()) {
      root = nodes.apply(root, batch);
      batch.forEach((k, v) -> v.ifPresentOrElse(val -> model.put(k, val), () -> model.remove(k)));
    }
    // The same contents, one key at a time in a shuffled order, after a detour through extra keys.
    MemoryNodes other = new MemoryNodes();
    List<Hash32> keys = new ArrayList<>(model.keySet());
    Collections.shuffle(keys, r);
    Hash32 alt = Hash32.ZERO;
    List<Hash32> detour = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(10); i++) {
      Hash32 extra = TestFixtures.randomHash(r);
      detour.add(extra);
      alt = other.apply(alt, Map.of(extra, Optional.of(extra)));
    }
    for (Hash32 k : keys) {
      alt = other.apply(alt, Map.of(k, Optional.of(TestFixtures.valueHash("stale"))));
    }
    for (Hash32 k : keys) {
      alt = other.apply(alt, Map.of(k, Optional.of(model.get(k))));
    }
    Collections.shuffle(detour, r);
    for (Hash32 d : detour) {
      alt = other.apply(alt, Map.of(d, Optional.empty()));
    }
    assertThat(alt).isEqualTo(root).isEqualTo(freshRoot(model));
    // And deleting everything, in yet another order, leaves the empty tree.
    Collections.shuffle(keys, r);
    for (Hash32 k : keys) {
      alt = other.apply(alt, Map.of(k, Optional.empty()));
    }
    assertThat(alt).isEqualTo(Hash32.ZERO);
  }

  /**
   * What an update reports as superseded is exactly what the old tree held and the new one does
   * not: the node cache drops those and nothing the next block can read.
   */
  @Property(tries = 100)
  void supersededNodesAreExactlyThoseTheNewTreeNoLongerHolds(@ForAll("scenarios") Scenario s) {
    MemoryNodes nodes = new MemoryNodes();
    Hash32 root = Hash32.ZERO;
    for (Map<Hash32, Optional<Hash32>> batch : s.batches()) {
      Set<Hash32> before = reachable(nodes, root);
      SparseMerkleTree.Result result = nodes.update(root, batch);
      root = result.root();
      Set<Hash32> gone = new HashSet<>(before);
      gone.removeAll(reachable(nodes, root));
      assertThat(result.superseded()).isEqualTo(gone);
    }
  }

  /**
   * A block's sorted updates, replayed onto the old tree, give the block's root and exactly its
   * new nodes: what a store relies on to rebuild the trees it did not write between checkpoints.
   */
  @Property(tries = 100)
  void updatesReplayToTheSameTree(@ForAll("scenarios") Scenario s) {
    MemoryNodes nodes = new MemoryNodes();
    Hash32 root = Hash32.ZERO;
    for (Map<Hash32, Optional<Hash32>> batch : s.batches()) {
      SparseMerkleTree.Result result = nodes.update(root, batch);
      SparseMerkleTree.Result replayed = SparseMerkleTree.update(nodes, root, MemoryNodes.sorted(batch));
      assertThat(replayed.root()).isEqualTo(result.root());
      assertThat(replayed.created()).isEqualTo(result.created());
      root = result.root();
    }
  }

  /**
   * Starting from the last update's resident levels gives exactly what starting from the store
   * gives — root, new nodes and superseded nodes — including paths deeper than the resident levels
   * (the clusters) and a resident offered for another root, which must be ignored.
   */
  @Property(tries = 150)
  void residentLevelsGiveTheSameUpdates(@ForAll("scenarios") Scenario s) {
    MemoryNodes nodes = new MemoryNodes();
    Hash32 root = Hash32.ZERO;
    Optional<SparseMerkleTree.Resident> resident = Optional.empty();
    Optional<SparseMerkleTree.Resident> older = Optional.empty();
    Random r = new Random(s.seed());
    for (Map<Hash32, Optional<Hash32>> batch : s.batches()) {
      List<SparseMerkleTree.Update> sorted = MemoryNodes.sorted(batch);
      SparseMerkleTree.Result fromStore = SparseMerkleTree.update(nodes, root, sorted);
      Optional<SparseMerkleTree.Resident> offered = r.nextInt(4) == 0 ? older : resident;
      SparseMerkleTree.Result fromResident = SparseMerkleTree.update(nodes, root, offered, sorted);
      assertThat(fromResident.root()).isEqualTo(fromStore.root());
      assertThat(fromResident.created()).isEqualTo(fromStore.created());
      assertThat(fromResident.superseded()).isEqualTo(fromStore.superseded());
      assertThat(fromResident.resident().root()).isEqualTo(fromResident.root());
      nodes.store(fromResident);
      older = resident;
      resident = Optional.of(fromResident.resident());
      root = fromResident.root();
    }
  }

  @Test
  void anUpdateFromTheResidentLevelsReadsNoUpperNodeFromTheStore() {
    MemoryNodes stored = new MemoryNodes();
    Map<Hash32, Optional<Hash32>> all = new TreeMap<>();
    for (int i = 0; i < 120; i++) {
      all.put(key(i), Optional.of(TestFixtures.valueHash("v" + i)));
    }
    List<Hash32> keys = new ArrayList<>(all.keySet());
    for (int i = 1; i < keys.size(); i++) {
      int shared = 0;
      while (keys.get(i - 1).bit(shared) == keys.get(i).bit(shared)) {
        shared++;
      }
      // Neighbours sharing fewer bits than the resident depth: every node sits within it.
      assertThat(shared).as("bits shared by neighbouring keys").isLessThan(SparseMerkleTree.RESIDENT_DEPTH - 1);
    }
    SparseMerkleTree.Result built = stored.update(Hash32.ZERO, all);
    int[] reads = new int[1];
    SmtNodeSource counting = h -> {
      reads[0]++;
      return stored.node(h);
    };
    Map<Hash32, Optional<Hash32>> some = new TreeMap<>();
    for (int i = 0; i < 120; i += 5) {
      some.put(key(i), i % 2 == 0 ? Optional.empty() : Optional.of(TestFixtures.valueHash("w" + i)));
    }
    SparseMerkleTree.Result byHash = SparseMerkleTree.update(counting, built.root(), MemoryNodes.sorted(some));
    int readsByHash = reads[0];
    reads[0] = 0;
    SparseMerkleTree.Result linked = SparseMerkleTree.update(counting, built.root(), Optional.of(built.resident()), MemoryNodes.sorted(some));
    assertThat(linked.root()).isEqualTo(byHash.root());
    // Every node of this tree sits within the resident levels, and an update only reads
    // nodes on the paths it rewrites (or a sibling a deletion lets rise) — all of them linked.
    assertThat(readsByHash).isGreaterThan(40);
    assertThat(reads[0]).isZero();
    // The resident of a tree is not taken for another root's.
    stored.store(byHash);
    reads[0] = 0;
    SparseMerkleTree.update(counting, byHash.root(), Optional.of(built.resident()), MemoryNodes.sorted(Map.of(key(1), Optional.empty())));
    assertThat(reads[0]).isPositive();
  }

  /** Key {@code i} of at most 256, each with its own first byte: a tree no deeper than 8 levels. */
  private static Hash32 key(int i) {
    byte[] k = TestFixtures.keyHash("k" + i).toBytes();
    k[0] = (byte) (i * 2);
    return Hash32.wrap(k);
  }

  private static Set<Hash32> reachable(MemoryNodes nodes, Hash32 root) {
    Set<Hash32> out = new HashSet<>();
    java.util.ArrayDeque<Hash32> todo = new java.util.ArrayDeque<>();
    todo.add(root);
    while (!todo.isEmpty()) {
      Hash32 h = todo.pop();
      if (h.isZero() || !out.add(h)) {
        continue;
      }
      if (nodes.node(h).orElseThrow() instanceof SmtNode.Internal in) {
        todo.add(in.left());
        todo.add(in.right());
      }
    }
    return out;
  }

  private static Hash32 freshRoot(Map<Hash32, Hash32> contents) {
    Map<Hash32, Optional<Hash32>> all = new TreeMap<>();
    contents.forEach((k, v) -> all.put(k, Optional.of(v)));
    return new MemoryNodes().apply(Hash32.ZERO, all);
  }

  /**
   * The canonical shape: every internal node has at least two keys below it (a lone key is a
   * leaf where its subtree starts), every leaf sits on its own key's path, and the leaves are the map.
   */
  private static void assertWellFormed(MemoryNodes nodes, Hash32 root, Map<Hash32, Hash32> model) {
    Map<Hash32, Hash32> found = new TreeMap<>();
    if (!root.isZero()) {
      walk(nodes, root, 0, new boolean[256], found);
    }
    assertThat(found).isEqualTo(model);
  }

  /** Returns the number of keys below {@code h}. */
  private static int walk(MemoryNodes nodes, Hash32 h, int depth, boolean[] prefix, Map<Hash32, Hash32> found) {
    SmtNode n = nodes.node(h).orElseThrow(() -> new AssertionError("node " + h + " was not stored"));
    assertThat(n.hash()).isEqualTo(h);
    switch (n) {
      case SmtNode.Leaf leaf -> {
        for (int i = 0; i < depth; i++) {
          assertThat(leaf.keyHash().bit(i) == 1).as("leaf off its key's path at bit %d", i).isEqualTo(prefix[i]);
        }
        assertThat(found.put(leaf.keyHash(), leaf.valueHash())).as("key twice in the tree").isNull();
        return 1;
      }
      case SmtNode.Internal in -> {
        assertThat(depth).isLessThan(Limits.SMT_DEPTH_MAX);
        int count = 0;
        if (!in.left().isZero()) {
          prefix[depth] = false;
          count += walk(nodes, in.left(), depth + 1, prefix, found);
        }
        if (!in.right().isZero()) {
          prefix[depth] = true;
          count += walk(nodes, in.right(), depth + 1, prefix, found);
        }
        assertThat(count).as("an internal node at depth %d holds only %d key(s): not collapsed", depth, count).isGreaterThanOrEqualTo(2);
        return count;
      }
    }
  }

  private static void assertReadsAndProves(MemoryNodes nodes, Hash32 root, Hash32 key, Optional<Hash32> value, Random r) {
    assertThat(SparseMerkleTree.get(nodes, root, key)).as("get %s", key).isEqualTo(value);
    SmtProof p = SparseMerkleTree.prove(nodes, root, key);
    assertThat(p.verify(root, key, value)).as("proof of %s = %s", key, value).isTrue();
    Hash32 wrongValue = TestFixtures.randomHash(r);
    assertThat(p.verify(root, key, Optional.of(wrongValue))).as("proof with a wrong value").isFalse();
    if (value.isPresent()) {
      assertThat(p.verify(root, key, Optional.empty())).as("membership proof used as absence").isFalse();
      assertThat(p.terminal()).hasValue(new SmtNode.Leaf(key, value.get()));
    } else {
      assertThat(p.terminal().map(SmtNode.Leaf::keyHash)).isNotEqualTo(Optional.of(key));
    }
    assertThat(p.verify(TestFixtures.randomHash(r), key, value)).as("proof against a wrong root").isFalse();
    if (!root.isZero()) {
      Hash32 otherRoot = flip(root, r.nextInt(256));
      assertThat(p.verify(otherRoot, key, value)).isFalse();
    }
    if (!p.siblings().isEmpty()) {
      List<Hash32> s = new ArrayList<>(p.siblings());
      int i = r.nextInt(s.size());
      s.set(i, flip(s.get(i), r.nextInt(256)));
      assertThat(new SmtProof(s, p.terminal()).verify(root, key, value)).as("flipped bit in sibling %d", i).isFalse();
      assertThat(new SmtProof(p.siblings().subList(1, p.siblings().size()), p.terminal()).verify(root, key, value)).isFalse();
    }
    List<Hash32> longer = new ArrayList<>(p.siblings());
    longer.add(Hash32.ZERO);
    if (!root.isZero() && longer.size() <= Limits.SMT_DEPTH_MAX) {
      assertThat(new SmtProof(longer, p.terminal()).verify(root, key, value)).as("one sibling too many").isFalse();
    }
    if (p.terminal().isPresent()) {
      SmtNode.Leaf t = p.terminal().get();
      SmtNode.Leaf changed = new SmtNode.Leaf(t.keyHash(), flip(t.valueHash(), r.nextInt(256)));
      assertThat(new SmtProof(p.siblings(), Optional.of(changed)).verify(root, key, value)).isFalse();
      if (!root.isZero()) {
        assertThat(new SmtProof(p.siblings(), Optional.empty()).verify(root, key, Optional.empty())).as("leaf hidden as empty").isFalse();
      }
    }
  }

  private static Hash32 flip(Hash32 h, int bit) {
    byte[] b = h.toBytes();
    b[bit / 8] ^= (byte) (1 << (bit % 8));
    return Hash32.wrap(b);
  }

  // ---------------------------------------------------------------- shapes with hand-made keys

  private static Hash32 hashWithBit(int bit) {
    byte[] b = new byte[32];
    if (bit >= 0) {
      b[bit / 8] = (byte) (1 << (7 - bit % 8));
    }
    return Hash32.wrap(b);
  }

  @Test
  void aSingleKeyIsTheRootLeafAndTwoKeysSplitOnTheirFirstDifferentBit() {
    Hash32 v = TestFixtures.valueHash("v");
    Hash32 zero = hashWithBit(-1);
    Hash32 top = hashWithBit(0);
    MemoryNodes nodes = new MemoryNodes();
    Hash32 one = nodes.apply(Hash32.ZERO, Map.of(zero, Optional.of(v)));
    assertThat(one).isEqualTo(new SmtNode.Leaf(zero, v).hash());
    Hash32 two = nodes.apply(one, Map.of(top, Optional.of(v)));
    assertThat(two).isEqualTo(new SmtNode.Internal(new SmtNode.Leaf(zero, v).hash(), new SmtNode.Leaf(top, v).hash()).hash());
    assertThat(SparseMerkleTree.prove(nodes, two, top).siblings()).containsExactly(new SmtNode.Leaf(zero, v).hash());
  }

  @Test
  void keysSharing255BitsMakeAFullDepthPathThatCollapsesWhenOneGoes() {
    Hash32 v = TestFixtures.valueHash("v");
    Hash32 a = hashWithBit(-1);
    Hash32 b = hashWithBit(255);
    MemoryNodes nodes = new MemoryNodes();
    Hash32 root = nodes.apply(Hash32.ZERO, Map.of(a, Optional.of(v), b, Optional.of(v)));
    Hash32 expected = new SmtNode.Internal(new SmtNode.Leaf(a, v).hash(), new SmtNode.Leaf(b, v).hash()).hash();
    for (int d = 0; d < 255; d++) {
      expected = new SmtNode.Internal(expected, Hash32.ZERO).hash();
    }
    assertThat(root).isEqualTo(expected);
    SmtProof p = SparseMerkleTree.prove(nodes, root, b);
    assertThat(p.siblings()).hasSize(Limits.SMT_DEPTH_MAX);
    assertThat(p.verify(root, b, Optional.of(v))).isTrue();
    // Rewriting one of the pair reaches its leaf at depth 256, below the last internal node.
    Hash32 w = TestFixtures.valueHash("w");
    Hash32 rewritten = nodes.apply(root, Map.of(a, Optional.of(w)));
    assertThat(SparseMerkleTree.get(nodes, rewritten, a)).hasValue(w);
    assertThat(SparseMerkleTree.prove(nodes, rewritten, a).verify(rewritten, a, Optional.of(w))).isTrue();
    assertThat(nodes.apply(rewritten, Map.of(a, Optional.of(v)))).isEqualTo(root);
    // A third key diverging at bit 0 puts the deep pair under the root's left child.
    Hash32 c = hashWithBit(0);
    Hash32 three = nodes.apply(root, Map.of(c, Optional.of(v)));
    assertThat(SparseMerkleTree.prove(nodes, three, a).siblings()).hasSize(256);
    assertThat(SparseMerkleTree.prove(nodes, three, c).siblings()).hasSize(1);
    // Removing one of the pair collapses all 255 levels back to a single leaf.
    Hash32 after = nodes.apply(three, Map.of(b, Optional.empty()));
    assertThat(after).isEqualTo(new SmtNode.Internal(new SmtNode.Leaf(a, v).hash(), new SmtNode.Leaf(c, v).hash()).hash());
    assertThat(nodes.apply(after, Map.of(c, Optional.empty()))).isEqualTo(new SmtNode.Leaf(a, v).hash());
  }

  @Test
  void deletingAnAbsentKeyChangesNothingAndRewritingAValueIsIdempotent() {
    MemoryNodes nodes = new MemoryNodes();
    Hash32 k = TestFixtures.keyHash("k");
    Hash32 v = TestFixtures.valueHash("v");
    assertThat(nodes.apply(Hash32.ZERO, Map.of(k, Optional.empty()))).isEqualTo(Hash32.ZERO);
    Hash32 root = nodes.apply(Hash32.ZERO, Map.of(k, Optional.of(v)));
    assertThat(nodes.apply(root, Map.of(TestFixtures.keyHash("absent"), Optional.empty()))).isEqualTo(root);
    assertThat(nodes.apply(root, Map.of(k, Optional.of(v)))).isEqualTo(root);
    SmtProof absent = SparseMerkleTree.prove(nodes, root, TestFixtures.keyHash("absent"));
    assertThat(absent.siblings()).isEmpty();
    assertThat(absent.terminal()).hasValue(new SmtNode.Leaf(k, v));
    assertThat(absent.verify(root, TestFixtures.keyHash("absent"), Optional.empty())).isTrue();
    assertThat(SparseMerkleTree.prove(nodes, Hash32.ZERO, k).verify(Hash32.ZERO, k, Optional.empty())).isTrue();
  }

  @Test
  void aMembershipProofCannotBeReusedForAnotherKey() {
    MemoryNodes nodes = new MemoryNodes();
    Map<Hash32, Optional<Hash32>> writes = new TreeMap<>();
    for (int i = 0; i < 50; i++) {
      writes.put(TestFixtures.keyHash("k" + i), Optional.of(TestFixtures.valueHash("v" + i)));
    }
    Hash32 root = nodes.apply(Hash32.ZERO, writes);
    for (int i = 0; i < 50; i++) {
      Hash32 k = TestFixtures.keyHash("k" + i);
      SmtProof p = SparseMerkleTree.prove(nodes, root, k);
      for (int j = 0; j < 50; j++) {
        if (j != i) {
          Hash32 other = TestFixtures.keyHash("k" + j);
          assertThat(p.verify(root, other, Optional.of(TestFixtures.valueHash("v" + i)))).isFalse();
          assertThat(p.verify(root, other, Optional.empty())).as("k%d's leaf as proof that k%d is absent", i, j).isFalse();
        }
      }
    }
  }

  @Test
  void aForeignLeafOffTheKeysPathProvesNothing() {
    // Against a root that no honest update makes: leaf L (first bit 1) hung on the left branch.
    // Hashing alone would accept it as the end of K's path (first bit 0); the prefix check must not.
    Hash32 v = TestFixtures.valueHash("v");
    SmtNode.Leaf l = new SmtNode.Leaf(hashWithBit(0), v);
    Hash32 root = new SmtNode.Internal(l.hash(), Hash32.ZERO).hash();
    Hash32 k = hashWithBit(5);
    SmtProof forged = new SmtProof(List.of(Hash32.ZERO), Optional.of(l));
    assertThat(forged.verify(root, k, Optional.empty())).isFalse();
    // The same shape with a leaf that does share K's first bit passes the check.
    SmtNode.Leaf onPath = new SmtNode.Leaf(hashWithBit(7), v);
    Hash32 honest = new SmtNode.Internal(onPath.hash(), Hash32.ZERO).hash();
    assertThat(new SmtProof(List.of(Hash32.ZERO), Optional.of(onPath)).verify(honest, k, Optional.empty())).isTrue();
  }

  @Test
  void updatesMustBeSortedWithoutRepeats() {
    MemoryNodes nodes = new MemoryNodes();
    Hash32 a = hashWithBit(-1);
    Hash32 b = hashWithBit(3);
    Optional<Hash32> v = Optional.of(a);
    assertThatThrownBy(() -> SparseMerkleTree.update(nodes, Hash32.ZERO, List.of(new SparseMerkleTree.Update(b, v), new SparseMerkleTree.Update(a, v))))
        .isInstanceOf(InvariantViolation.class);
    assertThatThrownBy(() -> SparseMerkleTree.update(nodes, Hash32.ZERO, List.of(new SparseMerkleTree.Update(a, v), new SparseMerkleTree.Update(a, Optional.empty()))))
        .isInstanceOf(InvariantViolation.class);
  }

  @Test
  void aMissingNodeIsAnInvariantViolationNotAWrongAnswer() {
    MemoryNodes nodes = new MemoryNodes();
    Hash32 root = nodes.apply(Hash32.ZERO, Map.of(TestFixtures.keyHash("a"), Optional.of(Hash32.ZERO), TestFixtures.keyHash("b"), Optional.of(Hash32.ZERO)));
    MemoryNodes empty = new MemoryNodes();
    assertThatThrownBy(() -> SparseMerkleTree.get(empty, root, TestFixtures.keyHash("a"))).isInstanceOf(InvariantViolation.class);
    assertThatThrownBy(() -> SparseMerkleTree.update(empty, root, List.of(new SparseMerkleTree.Update(TestFixtures.keyHash("c"), Optional.of(Hash32.ZERO)))))
        .isInstanceOf(InvariantViolation.class);
  }

  @Test
  void proofsRefuseMoreSiblingsThanKeyBits() {
    assertThatThrownBy(() -> new SmtProof(Collections.nCopies(Limits.SMT_DEPTH_MAX + 1, Hash32.ZERO), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void depthStaysLogarithmicFor10000Keys() {
    MemoryNodes nodes = new MemoryNodes();
    Random r = new Random(10_000);
    List<Hash32> keys = new ArrayList<>();
    Hash32 root = Hash32.ZERO;
    for (int batch = 0; batch < 10; batch++) {
      Map<Hash32, Optional<Hash32>> writes = new TreeMap<>();
      for (int i = 0; i < 1000; i++) {
        Hash32 k = TestFixtures.randomHash(r);
        keys.add(k);
        writes.put(k, Optional.of(k));
      }
      root = nodes.apply(root, writes);
    }
    int n = keys.size();
    double bound = 2 * (Math.log(n) / Math.log(2)) + 10;
    int max = 0;
    long total = 0;
    for (Hash32 k : keys) {
      SmtProof p = SparseMerkleTree.prove(nodes, root, k);
      assertThat(p.verify(root, k, Optional.of(k))).isTrue();
      max = Math.max(max, p.siblings().size());
      total += p.siblings().size();
    }
    assertThat((double) max).as("deepest proof of %d keys", n).isLessThan(bound);
    assertThat((double) total / n).as("mean depth").isLessThan(Math.log(n) / Math.log(2) + 3);
    assertThat(root).isEqualTo(freshRoot(toMap(keys)));
  }

  private static Map<Hash32, Hash32> toMap(List<Hash32> keys) {
    Map<Hash32, Hash32> m = new TreeMap<>();
    keys.forEach(k -> m.put(k, k));
    return m;
  }
}
