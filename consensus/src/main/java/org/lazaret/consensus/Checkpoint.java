package org.lazaret.consensus;

import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;

/**
 * One node's statement, replicated through the Raft log, of the block it computed at a height:
 * its hash and state root. Every node reads the same statements in the same log order, so all of
 * them reach the same verdict on which root a majority computed and who differs from it, without
 * an extra round trip on the path of any block (a statement is proposed asynchronously, after the
 * block, and orders like any entry).
 *
 * <p>Log-entry format (kind byte 2, distinct from a batch's version byte 1): {@code u8 2 | string
 * nodeId | u64 height | hash blockHash | hash stateRoot}. Decoded as strictly as a batch: a node
 * replaying an old log must read exactly what the proposer wrote.
 */
public record Checkpoint(String nodeId, long height, Hash32 blockHash, Hash32 stateRoot) {
  /** The first byte of a checkpoint log entry. */
  public static final int KIND = 2;
  private static final int NODE_ID_BYTES_MAX = 64;

  public Checkpoint {
    NodeIds.requireValid(nodeId);
    if (height < 1) {
      throw new IllegalArgumentException("height: a checkpoint names a block after genesis, got " + height);
    }
    if (blockHash == null || stateRoot == null) {
      throw new IllegalArgumentException("blockHash and stateRoot: required");
    }
  }

  public byte[] encode() {
    return new Writer(96).u8(KIND).string(nodeId).u64(height).hash(blockHash).hash(stateRoot).toByteArray();
  }

  public static Checkpoint decode(byte[] encoded) throws DecodeException {
    Reader r = new Reader(encoded);
    int kind = r.u8("kind");
    if (kind != KIND) {
      throw new DecodeException("kind", "not a checkpoint entry: kind " + kind);
    }
    String nodeId = r.string("nodeId", NODE_ID_BYTES_MAX);
    if (!NodeIds.valid(nodeId)) {
      throw new DecodeException("nodeId", "not a node id");
    }
    long height = r.u64("height");
    if (height < 1) {
      throw new DecodeException("height", "must be at least 1, got " + Long.toUnsignedString(height));
    }
    Hash32 blockHash = r.hash("blockHash");
    Hash32 stateRoot = r.hash("stateRoot");
    r.expectEnd("checkpoint");
    return new Checkpoint(nodeId, height, blockHash, stateRoot);
  }
}
