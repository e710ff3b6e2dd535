package org.lazaret.core.block;

import java.nio.charset.StandardCharsets;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;

/**
 * What a block commits to: its place in the chain, its time (the only clock contracts see), and
 * the roots of its transactions, their receipts and the world state after it. The block hash is
 * the SHA-256 of this encoding, so one trusted hash pins all of it.
 *
 * <p>Format version 1: {@code u8 1 | string chainId | u64 height | hash previous | u64 timestamp |
 * hash txRoot | hash receiptRoot | hash stateRoot | u32 txCount}.
 */
public record BlockHeader(
    String chainId,
    long height,
    Hash32 previousHash,
    long timestampMillis,
    Hash32 txRoot,
    Hash32 receiptRoot,
    Hash32 stateRoot,
    int txCount) {

  public static final int FORMAT_VERSION = 1;

  public BlockHeader {
    if (chainId.getBytes(StandardCharsets.UTF_8).length > Limits.CHAIN_ID_BYTES_MAX) {
      throw new IllegalArgumentException("chainId: over " + Limits.CHAIN_ID_BYTES_MAX + " bytes");
    }
    if (height < 0) {
      throw new IllegalArgumentException("height: negative");
    }
    if (txCount < 0 || txCount > Limits.BLOCK_TX_COUNT_MAX) {
      throw new IllegalArgumentException("txCount: " + txCount + " outside 0.." + Limits.BLOCK_TX_COUNT_MAX);
    }
  }

  public byte[] encode() {
    return new Writer(200)
        .u8(FORMAT_VERSION)
        .string(chainId)
        .u64(height)
        .hash(previousHash)
        .u64(timestampMillis)
        .hash(txRoot)
        .hash(receiptRoot)
        .hash(stateRoot)
        .u32(txCount)
        .toByteArray();
  }

  public static BlockHeader decode(byte[] bytes) throws DecodeException {
    Reader r = new Reader(bytes);
    int v = r.u8("header.version");
    if (v != FORMAT_VERSION) {
      throw new DecodeException("header.version", "unsupported block header format " + v);
    }
    BlockHeader h;
    try {
      h =
          new BlockHeader(
              r.string("header.chainId", Limits.CHAIN_ID_BYTES_MAX),
              r.u64("header.height"),
              r.hash("header.previousHash"),
              r.u64("header.timestamp"),
              r.hash("header.txRoot"),
              r.hash("header.receiptRoot"),
              r.hash("header.stateRoot"),
              r.u32("header.txCount"));
    } catch (IllegalArgumentException e) {
      throw new DecodeException("header", e.getMessage());
    }
    r.expectEnd("block header");
    return h;
  }

  public Hash32 hash() {
    return Hash32.sha256(encode());
  }
}
