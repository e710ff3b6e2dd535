package org.lazaret.contracts;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.state.StateView;

/**
 * Writes layered over a read-only state: a transaction's writes over its block's, a block's over
 * the store. Looked up by hash (a block's overlay is read for every state access of every
 * transaction, and state keys share long prefixes that make an ordered map's comparisons slow);
 * handed on sorted, so that the write-set reaches the state tree in one deterministic order.
 */
public final class Overlay implements StateView {
  private final StateView parent;
  private final HashMap<String, Optional<Bytes>> writes = new HashMap<>();

  public Overlay(StateView parent) {
    this.parent = parent;
  }

  @Override
  public Optional<byte[]> get(String key) {
    Optional<Bytes> w = writes.get(key);
    if (w != null) {
      return w.map(Bytes::unsafeArray);
    }
    return parent.get(key);
  }

  public void put(String key, Bytes value) {
    writes.put(key, Optional.of(value));
  }

  public void delete(String key) {
    writes.put(key, Optional.empty());
  }

  /** Moves this overlay's writes into {@code target}, which must be this overlay's parent. */
  public void mergeInto(Overlay target) {
    for (Map.Entry<String, Optional<Bytes>> e : writes.entrySet()) {
      target.writes.put(e.getKey(), e.getValue());
    }
    writes.clear();
  }

  /** The writes in key order (a copy: later writes to this overlay do not show in it). */
  public SortedMap<String, Optional<Bytes>> writes() {
    return Collections.unmodifiableSortedMap(new TreeMap<>(writes));
  }
}
