package org.lazaret.storage;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lazaret.core.Invariants;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;

/**
 * A block's state writes as one stored value (count, then each key with a presence byte and the
 * value). A restart replays the blocks since the last checkpoint from these, and a proof against
 * an older root between checkpoints rebuilds that tree from them; they are kept.
 */
final class WriteSet {
  private static final int PRESENT = 1;
  private static final int REMOVED = 0;

  private WriteSet() {}

  static byte[] encode(SortedMap<String, Optional<Bytes>> writes) {
    return encode(writes, new int[writes.size()]);
  }

  /** Encodes, recording in {@code valueAt[i]} where the i-th write's value (its presence byte) starts. */
  static byte[] encode(SortedMap<String, Optional<Bytes>> writes, int[] valueAt) {
    Invariants.check(writes.comparator() == null, "state writes must be in the keys' natural order");
    Writer w = new Writer(4 + writes.size() * 64).u32(writes.size());
    int i = 0;
    for (Map.Entry<String, Optional<Bytes>> e : writes.entrySet()) {
      w.string(e.getKey());
      valueAt[i++] = w.size();
      value(w, e.getValue());
    }
    return w.toByteArray();
  }

  /** One written value: a presence byte, then the value when present (shared with history groups). */
  static void value(Writer w, Optional<Bytes> value) {
    if (value.isPresent()) {
      w.u8(PRESENT).bytes(value.get());
    } else {
      w.u8(REMOVED);
    }
  }

  /** The length of the value encoded at {@code offset} of a write set this class encoded. */
  static int valueLength(byte[] writeSet, int offset) {
    return writeSet[offset] == REMOVED ? 1 : 5 + java.nio.ByteBuffer.wrap(writeSet, offset + 1, 4).getInt();
  }

  /** The inverse of {@link #value(Writer, Optional)}. */
  static Optional<Bytes> value(Reader r) throws DecodeException {
    int presence = r.u8("presence");
    return switch (presence) {
      case PRESENT -> Optional.of(Bytes.owning(r.bytes("value", Limits.STATE_VALUE_BYTES_MAX)));
      case REMOVED -> Optional.empty();
      default -> throw new DecodeException("presence", "must be 0 or 1, was " + presence);
    };
  }

  /** The inverse of {@link #encode}; refuses keys out of order or repeated. */
  static SortedMap<String, Optional<Bytes>> decode(byte[] bytes) throws DecodeException {
    Reader r = new Reader(bytes);
    int n = r.u32("count");
    if (n < 0 || n > bytes.length / 5) {
      throw new DecodeException("count", n + " writes cannot fit in " + bytes.length + " bytes");
    }
    TreeMap<String, Optional<Bytes>> out = new TreeMap<>();
    String last = null;
    for (int i = 0; i < n; i++) {
      String key = r.string("key", Limits.STATE_KEY_BYTES_MAX);
      if (last != null && last.compareTo(key) >= 0) {
        throw new DecodeException("key", "write " + i + " is not after the one before it in key order");
      }
      out.put(key, value(r));
      last = key;
    }
    r.expectEnd("state writes");
    return out;
  }
}
