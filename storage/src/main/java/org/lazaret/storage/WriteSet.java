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
 * value), kept only until the next checkpoint writes the latest state: a restart replays the
 * blocks since that checkpoint from these.
 */
final class WriteSet {
  private static final int PRESENT = 1;
  private static final int REMOVED = 0;

  private WriteSet() {}

  static byte[] encode(SortedMap<String, Optional<Bytes>> writes) {
    Invariants.check(writes.comparator() == null, "state writes must be in the keys' natural order");
    Writer w = new Writer(4 + writes.size() * 64).u32(writes.size());
    for (Map.Entry<String, Optional<Bytes>> e : writes.entrySet()) {
      w.string(e.getKey());
      if (e.getValue().isPresent()) {
        w.u8(PRESENT).bytes(e.getValue().get());
      } else {
        w.u8(REMOVED);
      }
    }
    return w.toByteArray();
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
      int presence = r.u8("presence");
      Optional<Bytes> value =
          switch (presence) {
            case PRESENT -> Optional.of(Bytes.owning(r.bytes("value", Limits.STATE_VALUE_BYTES_MAX)));
            case REMOVED -> Optional.empty();
            default -> throw new DecodeException("presence", "must be 0 or 1, was " + presence);
          };
      out.put(key, value);
      last = key;
    }
    r.expectEnd("state writes");
    return out;
  }
}
