package org.lazaret.core;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded cache in two generations: lookups try the young map, then the old one (promoting the
 * entry); when the young map fills, it becomes the old one and the old one is dropped. Close to
 * least-recently-used for the hot entries that matter (upper state-tree levels, active senders,
 * busy state keys) without a lock or a linked list on the read path. Holds at most twice the
 * generation size.
 */
public final class BoundedCache<K, V> {
  private final int generationSize;
  private volatile ConcurrentHashMap<K, V> young = new ConcurrentHashMap<>();
  private volatile ConcurrentHashMap<K, V> old = new ConcurrentHashMap<>();

  public BoundedCache(int capacity) {
    Invariants.check(capacity >= 2, "cache capacity %d too small", capacity);
    this.generationSize = capacity / 2;
  }

  /** The cached value, or null when there is none. */
  public V get(K key) {
    V v = young.get(key);
    if (v == null) {
      v = old.get(key);
      if (v != null) {
        put(key, v);
      }
    }
    return v;
  }

  public void put(K key, V value) {
    young.put(key, value);
    if (young.size() > generationSize) {
      rotate();
    }
  }

  private synchronized void rotate() {
    if (young.size() > generationSize) {
      old = young;
      // Sized for a whole generation: growing a concurrent map by doubling would copy it over
      // and over on the writer's thread, in the middle of committing a block.
      young = new ConcurrentHashMap<>(generationSize + generationSize / 3 + 16);
    }
  }

  public void remove(K key) {
    young.remove(key);
    old.remove(key);
  }
}
