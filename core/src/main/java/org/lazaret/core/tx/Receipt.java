package org.lazaret.core.tx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.merkle.MerkleTree;

/**
 * The outcome of one included transaction. Every transaction in a block has exactly one, in the
 * same order, and the block header commits to them through the receipt root, so "it failed, and
 * why" is as provable as "it succeeded".
 */
public sealed interface Receipt permits Receipt.Applied, Receipt.Reverted {
  Hash32 txId();

  /** The call ran; its state writes and events are in the block. */
  record Applied(Hash32 txId, List<Event> events) implements Receipt {
    public Applied {
      events = List.copyOf(events);
      if (events.size() > Limits.RECEIPT_EVENT_COUNT_MAX) {
        throw new IllegalArgumentException("events: more than " + Limits.RECEIPT_EVENT_COUNT_MAX);
      }
    }
  }

  /** The call failed; nothing it wrote was kept. {@code code} is stable and machine-readable. */
  record Reverted(Hash32 txId, String code, String reason) implements Receipt {
    public Reverted {
      if (code.getBytes(StandardCharsets.UTF_8).length > Limits.NAME_BYTES_MAX) {
        throw new IllegalArgumentException("code: over " + Limits.NAME_BYTES_MAX + " bytes");
      }
      reason = utf8Prefix(reason, Limits.REASON_BYTES_MAX);
    }

    /** The longest prefix of at most {@code max} UTF-8 bytes, cut between characters, as it will encode. */
    private static String utf8Prefix(String s, int max) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      int n = Math.min(b.length, max);
      while (n < b.length && n > 0 && (b[n] & 0xC0) == 0x80) {
        n--;
      }
      return new String(b, 0, n, StandardCharsets.UTF_8);
    }
  }

  default byte[] encode() {
    Writer w = new Writer(128);
    switch (this) {
      case Applied a -> {
        w.u8(1).hash(a.txId()).u32(a.events().size());
        for (Event e : a.events()) {
          e.encode(w);
        }
      }
      case Reverted r -> w.u8(2).hash(r.txId()).string(r.code()).string(r.reason());
    }
    return w.toByteArray();
  }

  static Receipt decode(byte[] bytes) throws DecodeException {
    Reader r = new Reader(bytes);
    int kind = r.u8("receipt.kind");
    Receipt out;
    switch (kind) {
      case 1 -> {
        Hash32 id = r.hash("receipt.txId");
        int n = r.u32("receipt.events");
        if (n < 0 || n > Limits.RECEIPT_EVENT_COUNT_MAX) {
          throw new DecodeException("receipt.events", "count " + n + " over the limit");
        }
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          events.add(Event.decode(r));
        }
        out = new Applied(id, events);
      }
      case 2 -> out = new Reverted(r.hash("receipt.txId"), r.string("receipt.code", Limits.NAME_BYTES_MAX), r.string("receipt.reason", Limits.REASON_BYTES_MAX));
      default -> throw new DecodeException("receipt.kind", "unknown receipt kind " + kind);
    }
    r.expectEnd("receipt");
    return out;
  }

  default Hash32 leafHash() {
    return MerkleTree.leafHash(encode());
  }
}
