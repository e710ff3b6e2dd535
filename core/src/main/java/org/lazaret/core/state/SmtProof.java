package org.lazaret.core.state;

import java.util.List;
import java.util.Optional;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;

/**
 * Proof that a key has a given value, or no value, under a state root. {@code siblings} run from
 * the root down; {@code terminal} is what the path ends in: nothing, the key's own leaf, or
 * another key's leaf that shares the path so far (which proves absence).
 */
public record SmtProof(List<Hash32> siblings, Optional<SmtNode.Leaf> terminal) {
  public SmtProof {
    siblings = List.copyOf(siblings);
    if (siblings.size() > Limits.SMT_DEPTH_MAX) {
      throw new IllegalArgumentException("siblings: more than " + Limits.SMT_DEPTH_MAX);
    }
  }

  /**
   * True when this proof shows that under {@code root}, {@code keyHash} maps to {@code valueHash}
   * (or, when empty, to nothing).
   */
  public boolean verify(Hash32 root, Hash32 keyHash, Optional<Hash32> valueHash) {
    int depth = siblings.size();
    Hash32 h;
    if (terminal.isEmpty()) {
      if (valueHash.isPresent()) {
        return false;
      }
      h = Hash32.ZERO;
    } else {
      SmtNode.Leaf leaf = terminal.get();
      if (leaf.keyHash().equals(keyHash)) {
        if (valueHash.isEmpty() || !leaf.valueHash().equals(valueHash.get())) {
          return false;
        }
      } else {
        if (valueHash.isPresent()) {
          return false;
        }
        for (int i = 0; i < depth; i++) {
          if (leaf.keyHash().bit(i) != keyHash.bit(i)) {
            return false;
          }
        }
      }
      h = leaf.hash();
    }
    for (int i = depth - 1; i >= 0; i--) {
      Hash32 s = siblings.get(i);
      h = keyHash.bit(i) == 0 ? Hash32.tagged(SmtNode.INTERNAL_TAG, h, s) : Hash32.tagged(SmtNode.INTERNAL_TAG, s, h);
    }
    return h.equals(root);
  }
}
