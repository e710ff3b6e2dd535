package org.lazaret.core.merkle;

import java.util.ArrayList;
import java.util.List;
import org.lazaret.core.Invariants;
import org.lazaret.core.crypto.Hash32;

/**
 * The RFC 6962 / RFC 9162 Merkle tree over a block's transactions and receipts: leaves and inner
 * nodes carry distinct one-byte prefixes so a leaf can never pass for a node. Built level by
 * level, promoting an odd last node unhashed, which yields exactly the RFC's tree.
 */
public final class MerkleTree {
  static final int LEAF = 0x00;
  static final int NODE = 0x01;
  public static final Hash32 EMPTY_ROOT = Hash32.sha256(new byte[0]);

  private final List<Hash32[]> levels;

  private MerkleTree(List<Hash32[]> levels) {
    this.levels = levels;
  }

  public static Hash32 leafHash(byte[] data) {
    return Hash32.tagged(LEAF, data);
  }

  static Hash32 nodeHash(Hash32 left, Hash32 right) {
    return Hash32.tagged(NODE, left, right);
  }

  /** Builds the tree from leaf hashes (each already {@link #leafHash}ed). */
  public static MerkleTree ofLeafHashes(List<Hash32> leafHashes) {
    List<Hash32[]> levels = new ArrayList<>();
    Hash32[] level = leafHashes.toArray(new Hash32[0]);
    levels.add(level);
    while (level.length > 1) {
      Hash32[] up = new Hash32[(level.length + 1) / 2];
      for (int i = 0; i < level.length; i += 2) {
        up[i / 2] = i + 1 < level.length ? nodeHash(level[i], level[i + 1]) : level[i];
      }
      levels.add(up);
      level = up;
    }
    return new MerkleTree(levels);
  }

  public static Hash32 rootOfLeafHashes(List<Hash32> leafHashes) {
    return ofLeafHashes(leafHashes).root();
  }

  public int leafCount() {
    return levels.get(0).length;
  }

  public Hash32 root() {
    Hash32[] top = levels.get(levels.size() - 1);
    return top.length == 0 ? EMPTY_ROOT : top[0];
  }

  /** The audit path for one leaf, bottom-up, as RFC 9162 section 2.1.3 defines it. */
  public MerkleProof prove(int index) {
    Invariants.check(index >= 0 && index < leafCount(), "leaf index %d outside 0..%d", index, leafCount() - 1);
    List<Hash32> path = new ArrayList<>();
    int i = index;
    for (int l = 0; l < levels.size() - 1; l++) {
      Hash32[] level = levels.get(l);
      int sibling = (i % 2 == 1) ? i - 1 : i + 1;
      if (sibling < level.length) {
        path.add(level[sibling]);
      }
      i /= 2;
    }
    return new MerkleProof(index, leafCount(), path);
  }
}
