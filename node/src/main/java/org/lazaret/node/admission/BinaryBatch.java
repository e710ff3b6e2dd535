package org.lazaret.node.admission;

import java.util.ArrayList;
import java.util.List;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.tx.SignedTransaction;

/**
 * The binary batch a client may post instead of JSON: {@code u32 count | (u32 length | signed
 * transaction encoding)*}. A broken frame refuses the whole batch; a transaction that does not
 * decode is refused alone, so one bad entry does not cost the others their place.
 */
public final class BinaryBatch {
  private BinaryBatch() {}

  /** One entry of a batch: a transaction, or why its bytes are not one. */
  public sealed interface Entry permits Entry.Decoded, Entry.Malformed {
    record Decoded(SignedTransaction tx) implements Entry {}

    record Malformed(String field, String detail) implements Entry {}
  }

  /** @throws DecodeException when the framing itself is broken or the count is over the limit */
  public static List<Entry> decode(byte[] raw) throws DecodeException {
    Reader r = new Reader(raw);
    int n = r.u32("count");
    if (n < 0 || n > Limits.BATCH_TX_COUNT_MAX) {
      throw new DecodeException("count", Integer.toUnsignedString(n) + " transactions is over the batch limit of " + Limits.BATCH_TX_COUNT_MAX);
    }
    List<Entry> out = new ArrayList<>(Math.min(n, 1024));
    for (int i = 0; i < n; i++) {
      byte[] one = r.bytes("transactions[" + i + "]", Limits.TX_SIZE_BYTES_MAX);
      try {
        out.add(new Entry.Decoded(SignedTransaction.decode(one)));
      } catch (DecodeException e) {
        out.add(new Entry.Malformed(e.field(), e.getMessage()));
      }
    }
    r.expectEnd("batch");
    return out;
  }

  public static byte[] encode(List<SignedTransaction> txs) {
    Writer w = new Writer(txs.size() * 260 + 4);
    w.u32(txs.size());
    for (SignedTransaction tx : txs) {
      w.bytes(tx.encode());
    }
    return w.toByteArray();
  }
}
