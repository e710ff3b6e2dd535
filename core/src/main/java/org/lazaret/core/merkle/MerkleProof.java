package org.lazaret.core.merkle;

import java.util.List;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;

/**
 * An inclusion proof for one leaf of a {@link MerkleTree}: enough to recompute the root from the
 * leaf alone, so a client can check a transaction is in a block without the rest of the block.
 */
public record MerkleProof(int leafIndex, int leafCount, List<Hash32> path) {
  public MerkleProof {
    path = List.copyOf(path);
    if (leafCount <= 0 || leafIndex < 0 || leafIndex >= leafCount) {
      throw new IllegalArgumentException("index: leaf " + leafIndex + " is outside a tree of " + leafCount);
    }
    if (path.size() > Limits.MERKLE_DEPTH_MAX) {
      throw new IllegalArgumentException("path: longer than " + Limits.MERKLE_DEPTH_MAX);
    }
  }

  /** RFC 9162 section 2.1.3.2: true when the path leads from {@code leafHash} to {@code root}. */
  public boolean verify(Hash32 leafHash, Hash32 root) {
    long fn = leafIndex;
    long sn = leafCount - 1L;
    Hash32 r = leafHash;
    for (Hash32 p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = MerkleTree.nodeHash(p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = MerkleTree.nodeHash(r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && r.equals(root);
  }
}
