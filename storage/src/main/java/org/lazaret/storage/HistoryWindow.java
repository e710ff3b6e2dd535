package org.lazaret.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.lazaret.core.Invariants;
import org.lazaret.core.codec.Bytes;

/**
 * Where the versions written since the last checkpoint are, which the history family does not
 * hold yet: per key, the heights that wrote it and each value's offset in that block's recorded
 * write set. The values stay in the store, in the write sets the blocks record anyway; holding
 * them (or the write sets) in memory until the checkpoint had kept tens of megabytes alive past
 * the young generation, and the heap after each collection grew by half.
 *
 * <p>One writer adds blocks; readers take the lock for a key's versions. A checkpoint starts a
 * new window rather than clearing this one, so a reader holding it still sees a whole window.
 */
final class HistoryWindow {
  private final long fromHeight;
  private final Map<String, Versions> byKey = new HashMap<>();
  private long blocks;
  private int versions;

  /** A version in the window: the block that wrote it and where its value is in that block's write set. */
  record Version(long height, int offset) {}

  /** A key's versions, heights ascending. */
  private static final class Versions {
    long[] heights = new long[4];
    int[] offsets = new int[4];
    int count;

    void add(long height, int offset) {
      if (count == heights.length) {
        heights = Arrays.copyOf(heights, count * 2);
        offsets = Arrays.copyOf(offsets, count * 2);
      }
      heights[count] = height;
      offsets[count] = offset;
      count++;
    }
  }

  /** Reads a block's recorded write set back from the store. */
  interface WriteSets {
    byte[] at(long height);
  }

  /** Where {@link #groups} sends each key's group. */
  interface GroupSink<E extends Exception> {
    void group(byte[] key, long firstHeight, byte[] encoded) throws E;
  }

  HistoryWindow(long fromHeight) {
    this.fromHeight = fromHeight;
  }

  /** The first height whose versions are here rather than in the history family. */
  long fromHeight() {
    return fromHeight;
  }

  synchronized int versions() {
    return versions;
  }

  /** Adds the next block: its writes, {@code valueAt[i]} the offset of the i-th write's value in its write set. */
  synchronized void add(long height, SortedMap<String, Optional<Bytes>> writes, int[] valueAt) {
    Invariants.check(height == fromHeight + blocks, "block %d joins the history window after %d blocks from %d", height, blocks, fromHeight);
    Invariants.check(valueAt.length == writes.size(), "%d value offsets for %d writes", valueAt.length, writes.size());
    int i = 0;
    for (String key : writes.keySet()) {
      byKey.computeIfAbsent(key, k -> new Versions()).add(height, valueAt[i++]);
    }
    blocks++;
    versions += writes.size();
  }

  /** The key's versions here below {@code beforeHeight}, newest first, at most {@code limit}. */
  synchronized List<Version> versionsOf(String key, long beforeHeight, int limit) {
    Versions v = byKey.get(key);
    List<Version> out = new ArrayList<>();
    for (int i = v == null ? -1 : v.count - 1; i >= 0 && out.size() < limit; i--) {
      if (v.heights[i] < beforeHeight) {
        out.add(new Version(v.heights[i], v.offsets[i]));
      }
    }
    return out;
  }

  /**
   * Each key's versions in the window and in one more block (the checkpoint's, not added), as
   * the stored group key and value; the window's values are read from {@code writeSets}.
   */
  synchronized <E extends Exception> void groups(long height, SortedMap<String, Optional<Bytes>> writes, WriteSets writeSets, GroupSink<E> sink) throws E {
    Invariants.check(height == fromHeight + blocks, "checkpoint %d after %d blocks from %d", height, blocks, fromHeight);
    byte[][] sets = new byte[(int) blocks][];
    for (int b = 0; b < blocks; b++) {
      sets[b] = writeSets.at(fromHeight + b);
    }
    for (Map.Entry<String, Versions> e : byKey.entrySet()) {
      Versions v = e.getValue();
      HistoryGroup g = new HistoryGroup(v.heights[0]);
      for (int i = 0; i < v.count; i++) {
        g.addEncoded(v.heights[i], sets[(int) (v.heights[i] - fromHeight)], v.offsets[i]);
      }
      Optional<Bytes> last = writes.get(e.getKey());
      if (last != null) {
        g.add(height, last);
      }
      sink.group(e.getKey().getBytes(StandardCharsets.UTF_8), g.firstHeight(), g.encode());
    }
    for (Map.Entry<String, Optional<Bytes>> w : writes.entrySet()) {
      if (!byKey.containsKey(w.getKey())) {
        sink.group(w.getKey().getBytes(StandardCharsets.UTF_8), height, new HistoryGroup(height).add(height, w.getValue()).encode());
      }
    }
  }
}
