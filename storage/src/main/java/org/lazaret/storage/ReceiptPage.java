package org.lazaret.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.tx.Receipt;

/**
 * A block's receipts as one stored value: their count, then each receipt's encoding with its
 * length. One write per block instead of one per transaction (a put per receipt was an eighth of
 * a transfer's storage work), and a block's receipts come back in one read; a single receipt is
 * found by skipping the lengths before it.
 */
final class ReceiptPage {
  private ReceiptPage() {}

  static byte[] encode(List<Receipt> receipts) {
    List<byte[]> encoded = new ArrayList<>(receipts.size());
    int size = 4;
    for (Receipt r : receipts) {
      byte[] e = r.encode();
      encoded.add(e);
      size += 4 + e.length;
    }
    Writer w = new Writer(size).u32(receipts.size());
    for (byte[] e : encoded) {
      w.bytes(e);
    }
    return w.toByteArray();
  }

  /** The receipt at {@code index}, empty past the last one. */
  static Optional<Receipt> at(byte[] page, int index) throws DecodeException {
    Reader r = new Reader(page);
    int n = count(r, page);
    if (index < 0 || index >= n) {
      return Optional.empty();
    }
    for (int i = 0; i < index; i++) {
      int length = r.u32("receipt.length");
      if (length < 0 || length > r.remaining()) {
        throw new DecodeException("receipt.length", "receipt " + i + " runs past the page");
      }
      r.raw("receipt", length);
    }
    return Optional.of(Receipt.decode(r.bytes("receipt", r.remaining())));
  }

  static List<Receipt> all(byte[] page) throws DecodeException {
    Reader r = new Reader(page);
    int n = count(r, page);
    List<Receipt> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Receipt.decode(r.bytes("receipt", r.remaining())));
    }
    r.expectEnd("receipts");
    return out;
  }

  private static int count(Reader r, byte[] page) throws DecodeException {
    int n = r.u32("receipts.count");
    if (n < 0 || n > page.length / 4) {
      throw new DecodeException("receipts.count", n + " receipts cannot fit in " + page.length + " bytes");
    }
    return n;
  }
}
