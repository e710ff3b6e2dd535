package org.lazaret.core.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lazaret.core.Invariants;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;

/**
 * The authenticated world state: a binary sparse Merkle tree over SHA-256 key hashes, whose root
 * goes in every block header. Single-key subtrees are stored as their leaf, so an update touches
 * about log2(keys) nodes, and a block's writes are applied in one sorted pass that shares the
 * upper path. Nodes are immutable and addressed by hash, so every past root stays provable.
 *
 * <p>Stateless: reads through an {@link SmtNodeSource} and returns the nodes it created, which the
 * caller persists atomically with the block.
 */
public final class SparseMerkleTree {
  private SparseMerkleTree() {}

  /** One key's change: a new value hash, or removal. */
  public record Update(Hash32 keyHash, Optional<Hash32> valueHash) {}

  /**
   * The new root, every node created on the way to it, and the nodes of the old tree that the new
   * one no longer holds (still part of the old root, so kept in the store for proofs against it,
   * but of no further use to a cache that serves the newest tree); {@code resident} links the new
   * tree's upper levels for the next update.
   */
  public record Result(Hash32 root, Map<Hash32, SmtNode> created, Set<Hash32> superseded, Resident resident) {}

  /**
   * How many levels from the root an update keeps linked in memory: enough for the paths of a few
   * tens of thousands of keys, and at most 2^16 internal nodes however large the state grows.
   */
  public static final int RESIDENT_DEPTH = 16;

  /**
   * The upper levels of one tree, each node linked to its children in memory. Every block's update
   * walks these levels for nearly every key; following a reference there instead of finding each
   * node by hash in the in-flight block, the unwritten nodes and the node cache was about half of
   * the update's time. Nodes are immutable and content-addressed, so the links can only go stale
   * by standing for another root, which {@link #update(SmtNodeSource, Hash32, Optional, List)}
   * checks. A node touched by an update is linked in the tree it returns; one never touched is
   * found by hash, as before, and linked once an update replaces it.
   */
  public static final class Resident {
    private final Hash32 root;
    private final Linked top;

    private Resident(Hash32 root, Linked top) {
      this.root = root;
      this.top = top;
    }

    /** The root this stands for. */
    public Hash32 root() {
      return root;
    }
  }

  /** A resident node; a child link is null for a child not yet replaced by an update, or below the resident depth. */
  private static final class Linked {
    private final SmtNode node;
    private final Hash32 hash;
    private final Linked left;
    private final Linked right;

    private Linked(SmtNode node, Hash32 hash, Linked left, Linked right) {
      this.node = node;
      this.hash = hash;
      this.left = left;
      this.right = right;
    }

    private static Linked at(int depth, SmtNode node, Hash32 hash, Linked left, Linked right) {
      return depth < RESIDENT_DEPTH ? new Linked(node, hash, left, right) : null;
    }
  }

  /**
   * A subtree result; an untouched subtree's kind is only looked up if a collapse needs it.
   * {@code linked} is its resident node, when it has one.
   */
  private record Sub(Hash32 hash, Kind kind, Linked linked) {
    static final Sub EMPTY = new Sub(Hash32.ZERO, Kind.EMPTY, null);
  }

  private enum Kind {
    EMPTY,
    LEAF,
    INTERNAL,
    UNTOUCHED
  }

  /**
   * Applies a block's write-set (state key to new value, empty = delete): keys and values are
   * hashed as the tree stores them, sorted, and applied to the tree under {@code root}.
   */
  public static Result update(SmtNodeSource source, Hash32 root, Map<String, Optional<org.lazaret.core.codec.Bytes>> writes) {
    return update(source, root, Optional.empty(), writes);
  }

  /** As above, starting from the resident levels of the last update when they stand for {@code root}. */
  public static Result update(SmtNodeSource source, Hash32 root, Optional<Resident> resident, Map<String, Optional<org.lazaret.core.codec.Bytes>> writes) {
    List<Update> updates = new ArrayList<>(writes.size());
    for (Map.Entry<String, Optional<org.lazaret.core.codec.Bytes>> w : writes.entrySet()) {
      updates.add(new Update(Hash32.sha256(w.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8)), w.getValue().map(v -> Hash32.sha256(v.unsafeArray()))));
    }
    updates.sort((a, b) -> a.keyHash().compareTo(b.keyHash()));
    return update(source, root, resident, updates);
  }

  /**
   * Applies {@code updates} (sorted by key hash, at most one per key) to the tree under
   * {@code root}.
   */
  public static Result update(SmtNodeSource source, Hash32 root, List<Update> updates) {
    return update(source, root, Optional.empty(), updates);
  }

  /** As above, starting from the resident levels of the last update when they stand for {@code root}. */
  public static Result update(SmtNodeSource source, Hash32 root, Optional<Resident> resident, List<Update> updates) {
    for (int i = 1; i < updates.size(); i++) {
      Invariants.check(
          updates.get(i - 1).keyHash().compareTo(updates.get(i).keyHash()) < 0,
          "state updates must be sorted by key hash without repeats (at %d)", i);
    }
    // Sized for the usual case, a path of a few dozen nodes per update, so that a block's maps
    // are not rehashed over and over as they fill.
    int expected = Math.min(1 << 20, 16 + updates.size() * 8);
    Map<Hash32, SmtNode> created = HashMap.newHashMap(expected);
    Set<Hash32> superseded = HashSet.newHashSet(expected);
    Linked top = resident.filter(r -> r.root.equals(root)).map(r -> r.top).orElse(null);
    Sub result = apply(source, created, superseded, root, top, 0, updates, 0, updates.size());
    return new Result(result.hash(), created, superseded, new Resident(result.hash(), result.linked()));
  }

  /** {@code at} is the resident node for {@code nodeHash}, or null to load it by hash. */
  private static Sub apply(
      SmtNodeSource src, Map<Hash32, SmtNode> created, Set<Hash32> superseded, Hash32 nodeHash, Linked at, int depth, List<Update> ups, int from, int to) {
    if (from == to) {
      return nodeHash.isZero() ? Sub.EMPTY : new Sub(nodeHash, Kind.UNTOUCHED, at);
    }
    if (nodeHash.isZero()) {
      return build(created, superseded, depth, ups, from, to, Optional.empty());
    }
    SmtNode node;
    if (at != null) {
      Invariants.check(at.hash.equals(nodeHash), "resident state node %s linked where %s belongs", at.hash, nodeHash);
      node = at.node;
    } else {
      node = load(src, created, nodeHash);
    }
    return switch (node) {
      case SmtNode.Leaf leaf -> build(created, superseded, depth, ups, from, to, Optional.of(new OldLeaf(leaf, nodeHash)));
      case SmtNode.Internal in -> {
        // Depth 256 is legal for a leaf (two keys sharing 255 bits) but never for an internal node.
        Invariants.check(depth < Limits.SMT_DEPTH_MAX, "sparse Merkle tree deeper than %d", Limits.SMT_DEPTH_MAX);
        int split = splitIndex(ups, from, to, depth);
        Sub left = apply(src, created, superseded, in.left(), at == null ? null : at.left, depth + 1, ups, from, split);
        Sub right = apply(src, created, superseded, in.right(), at == null ? null : at.right, depth + 1, ups, split, to);
        Sub joined = join(src, created, depth, left, right);
        // An internal node's keys fix where it sits, so one replaced here is in no other place of
        // the new tree: superseded, unless the writes left this subtree as it was.
        if (!joined.hash().equals(nodeHash)) {
          superseded.add(nodeHash);
        }
        yield joined;
      }
    };
  }

  /** A leaf of the old tree met on an update's path, with the hash it is stored under. */
  private record OldLeaf(SmtNode.Leaf leaf, Hash32 hash) {}

  /**
   * Builds the subtree at {@code depth} from the updates plus, unless overridden, one old leaf.
   * A leaf does not fix its depth (it sinks below a new neighbour, rises when its sibling goes), so
   * the old leaf is superseded only when an update changes or deletes its value; otherwise it is
   * placed again, wherever it now sits.
   */
  private static Sub build(
      Map<Hash32, SmtNode> created, Set<Hash32> superseded, int depth, List<Update> ups, int from, int to, Optional<OldLeaf> old) {
    List<SmtNode.Leaf> leaves = new ArrayList<>(to - from + 1);
    boolean oldPlaced = old.isEmpty();
    for (int i = from; i < to; i++) {
      Update u = ups.get(i);
      if (!oldPlaced && old.get().leaf().keyHash().compareTo(u.keyHash()) < 0) {
        leaves.add(old.get().leaf());
        oldPlaced = true;
      }
      if (!oldPlaced && old.get().leaf().keyHash().equals(u.keyHash())) {
        oldPlaced = true; // overridden or deleted by the update
        if (!u.valueHash().equals(Optional.of(old.get().leaf().valueHash()))) {
          superseded.add(old.get().hash());
        }
      }
      u.valueHash().ifPresent(v -> leaves.add(new SmtNode.Leaf(u.keyHash(), v)));
    }
    if (!oldPlaced) {
      leaves.add(old.get().leaf());
    }
    return buildLeaves(created, depth, leaves, 0, leaves.size());
  }

  private static Sub buildLeaves(Map<Hash32, SmtNode> created, int depth, List<SmtNode.Leaf> leaves, int from, int to) {
    if (from == to) {
      return Sub.EMPTY;
    }
    if (to - from == 1) {
      SmtNode.Leaf leaf = leaves.get(from);
      Hash32 h = leaf.hash();
      created.put(h, leaf);
      return new Sub(h, Kind.LEAF, Linked.at(depth, leaf, h, null, null));
    }
    Invariants.check(depth < Limits.SMT_DEPTH_MAX, "two keys share all %d bits", Limits.SMT_DEPTH_MAX);
    int split = from;
    while (split < to && leaves.get(split).keyHash().bit(depth) == 0) {
      split++;
    }
    Sub left = buildLeaves(created, depth + 1, leaves, from, split);
    Sub right = buildLeaves(created, depth + 1, leaves, split, to);
    return join(h -> Optional.empty(), created, depth, left, right);
  }

  /**
   * Joins two subtrees into the node at {@code depth}, letting a lone leaf rise so that single-key
   * subtrees stay one node (a leaf's hash, and so its resident node, does not depend on its depth).
   */
  private static Sub join(SmtNodeSource src, Map<Hash32, SmtNode> created, int depth, Sub left, Sub right) {
    if (left.kind() == Kind.EMPTY && right.kind() == Kind.EMPTY) {
      return Sub.EMPTY;
    }
    if (left.kind() == Kind.EMPTY && isLeaf(src, created, right)) {
      return new Sub(right.hash(), Kind.LEAF, right.linked());
    }
    if (right.kind() == Kind.EMPTY && isLeaf(src, created, left)) {
      return new Sub(left.hash(), Kind.LEAF, left.linked());
    }
    SmtNode.Internal n = new SmtNode.Internal(left.hash(), right.hash());
    Hash32 h = n.hash();
    created.put(h, n);
    return new Sub(h, Kind.INTERNAL, Linked.at(depth, n, h, left.linked(), right.linked()));
  }

  private static boolean isLeaf(SmtNodeSource src, Map<Hash32, SmtNode> created, Sub s) {
    return switch (s.kind()) {
      case LEAF -> true;
      case EMPTY, INTERNAL -> false;
      case UNTOUCHED -> (s.linked() != null ? s.linked().node : load(src, created, s.hash())) instanceof SmtNode.Leaf;
    };
  }

  private static int splitIndex(List<Update> ups, int from, int to, int depth) {
    int i = from;
    while (i < to && ups.get(i).keyHash().bit(depth) == 0) {
      i++;
    }
    return i;
  }

  private static SmtNode load(SmtNodeSource src, Map<Hash32, SmtNode> created, Hash32 hash) {
    SmtNode n = created.get(hash);
    if (n != null) {
      return n;
    }
    Optional<SmtNode> stored = src.node(hash);
    Invariants.check(stored.isPresent(), "state node %s is missing from the store", hash);
    return stored.get();
  }

  /**
   * The root of a tree holding exactly {@code leaves} (sorted by key hash), computed without
   * keeping nodes: start-up verification rebuilds the state root from the stored values this way.
   */
  public static Hash32 rootOf(List<SmtNode.Leaf> leaves) {
    for (int i = 1; i < leaves.size(); i++) {
      Invariants.check(leaves.get(i - 1).keyHash().compareTo(leaves.get(i).keyHash()) < 0, "leaves must be sorted without repeats");
    }
    return rootOf(leaves, 0, leaves.size(), 0);
  }

  private static Hash32 rootOf(List<SmtNode.Leaf> leaves, int from, int to, int depth) {
    if (from == to) {
      return Hash32.ZERO;
    }
    if (to - from == 1) {
      return leaves.get(from).hash();
    }
    int split = from;
    while (split < to && leaves.get(split).keyHash().bit(depth) == 0) {
      split++;
    }
    if (split == from || split == to) {
      Hash32 only = rootOf(leaves, from, to, depth + 1);
      return split == from ? Hash32.tagged(SmtNode.INTERNAL_TAG, Hash32.ZERO, only) : Hash32.tagged(SmtNode.INTERNAL_TAG, only, Hash32.ZERO);
    }
    return Hash32.tagged(SmtNode.INTERNAL_TAG, rootOf(leaves, from, split, depth + 1), rootOf(leaves, split, to, depth + 1));
  }

  /** The proof for one key under {@code root}: membership if it has a value, absence if not. */
  public static SmtProof prove(SmtNodeSource src, Hash32 root, Hash32 keyHash) {
    List<Hash32> siblings = new ArrayList<>();
    Hash32 h = root;
    int depth = 0;
    while (!h.isZero()) {
      SmtNode n = load(src, Map.of(), h);
      if (n instanceof SmtNode.Leaf leaf) {
        return new SmtProof(siblings, Optional.of(leaf));
      }
      SmtNode.Internal in = (SmtNode.Internal) n;
      if (keyHash.bit(depth) == 0) {
        siblings.add(in.right());
        h = in.left();
      } else {
        siblings.add(in.left());
        h = in.right();
      }
      depth++;
      Invariants.check(depth <= Limits.SMT_DEPTH_MAX, "state path deeper than %d", Limits.SMT_DEPTH_MAX);
    }
    return new SmtProof(siblings, Optional.empty());
  }

  /** Looks up a key's value hash by walking the tree; the stores keep a faster direct index. */
  public static Optional<Hash32> get(SmtNodeSource src, Hash32 root, Hash32 keyHash) {
    SmtProof p = prove(src, root, keyHash);
    return p.terminal().filter(l -> l.keyHash().equals(keyHash)).map(SmtNode.Leaf::valueHash);
  }
}
