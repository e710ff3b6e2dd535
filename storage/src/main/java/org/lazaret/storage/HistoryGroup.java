package org.lazaret.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;

/**
 * The versions of one state key written between two checkpoints, as one stored value under the
 * key and the height of the first of them: their count, then each version's height (ascending), a
 * presence byte and the value. A key changed in many blocks of a window (a busy account, a
 * counter) costs one write there instead of one per block; a put per changed key per block had
 * been three of the four puts left per transfer.
 */
final class HistoryGroup {
  private final long firstHeight;
  private final Writer versions = new Writer(64);
  private int count;
  private long lastHeight;

  HistoryGroup(long firstHeight) {
    this.firstHeight = firstHeight;
    this.lastHeight = firstHeight - 1;
  }

  long firstHeight() {
    return firstHeight;
  }

  /** Adds the next version, which must be at a later height than the last. */
  HistoryGroup add(long height, Optional<Bytes> value) {
    WriteSet.value(next(height), value);
    return this;
  }

  /** Adds the next version with its value as a write set encodes it, at {@code offset} of {@code writeSet}. */
  HistoryGroup addEncoded(long height, byte[] writeSet, int offset) {
    next(height).raw(writeSet, offset, WriteSet.valueLength(writeSet, offset));
    return this;
  }

  private Writer next(long height) {
    org.lazaret.core.Invariants.check(count == 0 ? height == firstHeight : height > lastHeight, "version at %d after one at %d in a group from %d", height, lastHeight, firstHeight);
    lastHeight = height;
    count++;
    return versions.u64(height);
  }

  byte[] encode() {
    return new Writer(4 + versions.size()).u32(count).raw(versions.toByteArray()).toByteArray();
  }

  /**
   * The versions in ascending height; {@code firstHeight} is the one the group is stored under,
   * which its first version must have.
   */
  static List<HistoryEntry> decode(byte[] bytes, long firstHeight) throws DecodeException {
    Reader r = new Reader(bytes);
    int n = r.u32("count");
    // A version takes at least nine bytes: its height and the presence byte.
    if (n < 1 || n > r.remaining() / 9) {
      throw new DecodeException("count", n + " versions cannot be a group of " + bytes.length + " bytes");
    }
    List<HistoryEntry> out = new ArrayList<>(n);
    long last = -1;
    for (int i = 0; i < n; i++) {
      long height = r.u64("height");
      if (i == 0 ? height != firstHeight : height <= last) {
        throw new DecodeException(
            "height", i == 0 ? "the first version is at " + height + " but the group is stored under " + firstHeight : "version " + i + " at " + height + " is not after " + last);
      }
      out.add(new HistoryEntry(height, WriteSet.value(r)));
      last = height;
    }
    r.expectEnd("history group");
    return out;
  }
}
