package org.lazaret.node.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.node.admission.Admission;

/**
 * Remembers the latest rejections by transaction id so that a client polling a status learns why
 * its transaction was refused. Bounded: old entries fall out.
 */
final class RecentRejections {
  private static final int CAPACITY = 10_000;
  private final LinkedHashMap<Hash32, Admission> map =
      new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Hash32, Admission> e) {
          return size() > CAPACITY;
        }
      };

  synchronized void put(Hash32 id, Admission a) {
    map.put(id, a);
  }

  synchronized Optional<Admission> get(Hash32 id) {
    return Optional.ofNullable(map.get(id));
  }
}
