package org.lazaret.consensus.raft;

import java.util.ArrayList;
import java.util.List;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.tx.SignedTransaction;

/**
 * The bytes of an {@link OrderedBatch} inside a Raft log entry. The log outlives any one release
 * of the node, so the format carries a version byte and is decoded as strictly as any outside
 * input: a node replaying an old log must read exactly what the proposer wrote, or stop.
 *
 * <p>Format version 1: {@code u8 1 | u64 timestampMillis | u32 count | (bytes signedTx)*count}.
 */
public final class BatchCodec {
  private BatchCodec() {}

  public static final int FORMAT_VERSION = 1;
  private static final int HEADER_BYTES = 1 + 8 + 4;
  /** The largest entry a valid batch can encode to: block size plus a length prefix per transaction. */
  public static final int ENCODED_BYTES_MAX = HEADER_BYTES + Limits.BLOCK_TX_COUNT_MAX * 4 + Limits.BLOCK_SIZE_BYTES_MAX;

  /** Encodes a batch; a batch above the block size limit is refused here, before it reaches the log. */
  public static byte[] encode(OrderedBatch batch) {
    List<byte[]> encoded = new ArrayList<>(batch.transactions().size());
    long total = HEADER_BYTES;
    for (SignedTransaction tx : batch.transactions()) {
      byte[] bytes = tx.encode();
      encoded.add(bytes);
      total += 4L + bytes.length;
    }
    if (total > ENCODED_BYTES_MAX) {
      throw new IllegalArgumentException("batch: encodes to " + total + " bytes, over the limit of " + ENCODED_BYTES_MAX);
    }
    Writer w = new Writer((int) total);
    w.u8(FORMAT_VERSION).u64(batch.timestampMillis()).u32(encoded.size());
    for (byte[] bytes : encoded) {
      w.bytes(bytes);
    }
    return w.toByteArray();
  }

  public static OrderedBatch decode(byte[] encoded) throws DecodeException {
    if (encoded.length > ENCODED_BYTES_MAX) {
      throw new DecodeException("batch", encoded.length + " bytes exceeds the limit of " + ENCODED_BYTES_MAX);
    }
    Reader r = new Reader(encoded);
    int version = r.u8("version");
    if (version != FORMAT_VERSION) {
      throw new DecodeException("version", "unsupported batch format " + version);
    }
    long timestampMillis = r.u64("timestampMillis");
    int count = r.u32("count");
    if (count < 0 || count > Limits.BLOCK_TX_COUNT_MAX) {
      throw new DecodeException("count", Integer.toUnsignedString(count) + " transactions exceeds the limit of " + Limits.BLOCK_TX_COUNT_MAX);
    }
    List<SignedTransaction> txs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String field = "transactions[" + i + "]";
      byte[] bytes = r.bytes(field, Limits.TX_SIZE_BYTES_MAX);
      try {
        txs.add(SignedTransaction.decode(bytes));
      } catch (DecodeException e) {
        throw new DecodeException(field + "." + e.field(), e.getMessage());
      }
    }
    r.expectEnd("batch");
    return new OrderedBatch(timestampMillis, txs);
  }
}
