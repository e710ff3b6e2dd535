package org.lazaret.core.state;

import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;

/**
 * A node of the sparse Merkle state tree, stored by its hash. A subtree holding a single key is
 * just that key's leaf, wherever it sits, so depth grows with log of the key count instead of 256.
 */
public sealed interface SmtNode permits SmtNode.Leaf, SmtNode.Internal {
  int LEAF_TAG = 0x10;
  int INTERNAL_TAG = 0x11;

  Hash32 hash();

  byte[] encode();

  static SmtNode decode(byte[] bytes) throws DecodeException {
    Reader r = new Reader(bytes);
    int tag = r.u8("tag");
    SmtNode n =
        switch (tag) {
          case LEAF_TAG -> new Leaf(r.hash("keyHash"), r.hash("valueHash"));
          case INTERNAL_TAG -> new Internal(r.hash("left"), r.hash("right"));
          default -> throw new DecodeException("tag", "unknown state node tag " + tag);
        };
    r.expectEnd("state node");
    return n;
  }

  /** A key's hash and the hash of its value. */
  record Leaf(Hash32 keyHash, Hash32 valueHash) implements SmtNode {
    @Override
    public Hash32 hash() {
      return Hash32.tagged(LEAF_TAG, keyHash, valueHash);
    }

    @Override
    public byte[] encode() {
      return new Writer(65).u8(LEAF_TAG).hash(keyHash).hash(valueHash).toByteArray();
    }
  }

  /** Two children; either may be {@link Hash32#ZERO}, the empty subtree, but not both. */
  record Internal(Hash32 left, Hash32 right) implements SmtNode {
    @Override
    public Hash32 hash() {
      return Hash32.tagged(INTERNAL_TAG, left, right);
    }

    @Override
    public byte[] encode() {
      return new Writer(65).u8(INTERNAL_TAG).hash(left).hash(right).toByteArray();
    }
  }
}
