package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.codec.Bytes;

/**
 * Goal: a key's history is exactly its own versions whatever other keys exist, and "before 0"
 * does not wrap round to the newest version. History keys are the state key (length-prefixed)
 * followed by a big-endian height; this pins that keys which prefix one another, differ by NUL
 * bytes, or are empty keep separate histories. Method: write such neighbouring keys at
 * interleaved heights and read each history back against a model.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HistoryKeysTest {
  @TempDir Path dir;

  private static final List<String> KEYS = List.of("a", "a\u0000", "a\u0000\u0000\u0000\u0000\u0000\u0000\u0000", "a\u0000b", "", "ab", "b");

  @Test
  void neighbouringKeysDoNotHideOrJoinEachOthersHistory() {
    LedgerModel model = new LedgerModel();
    try (LedgerStore store = LedgerStore.open(dir)) {
      for (int h = 0; h < 6; h++) {
        SortedMap<String, Optional<Bytes>> writes = new TreeMap<>();
        for (int i = 0; i < KEYS.size(); i++) {
          if ((h + i) % 2 == 0 || h == 0) {
            writes.put(KEYS.get(i), h == 4 && i == 0 ? Optional.empty() : Optional.of(TestChain.value(i + "@" + h)));
          }
        }
        BlockCommit c = TestChain.commitAfter(store.head(), store.nodes(), List.of(), List.of(), writes);
        store.commit(c);
        model.apply(c);
      }
      for (String k : KEYS) {
        assertThat(store.history(k, Long.MAX_VALUE, 100)).as("history of %s", k.replace("\u0000", "\\0")).isEqualTo(model.history.get(k));
        for (long before = 0; before <= 6; before++) {
          long b = before;
          assertThat(store.history(k, before, 100))
              .as("history of %s before %d", k.replace("\u0000", "\\0"), before)
              .isEqualTo(model.history.get(k).stream().filter(e -> e.height() < b).toList());
        }
      }
      assertThat(ChainVerifier.verify(store, x -> {}).stateKeys()).isEqualTo(KEYS.size() - 1);
    }
  }

  @Test
  void beforeZeroOrBelowIsEmpty() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      SortedMap<String, Optional<Bytes>> writes = new TreeMap<>();
      writes.put("k", Optional.of(TestChain.value("v")));
      store.commit(TestChain.commitAfter(store.head(), store.nodes(), List.of(), List.of(), writes));
      assertThat(store.history("k", 1, 10)).containsExactly(new HistoryEntry(0, Optional.of(TestChain.value("v"))));
      assertThat(store.history("k", 0, 10)).isEmpty();
      assertThat(store.history("k", -1, 10)).isEmpty();
      assertThat(store.history("k", Long.MIN_VALUE, 10)).isEmpty();
    }
  }

  @Test
  void aPresentEmptyValueIsNotADelete() {
    try (LedgerStore store = LedgerStore.open(dir)) {
      SortedMap<String, Optional<Bytes>> writes = new TreeMap<>();
      writes.put("empty", Optional.of(Bytes.EMPTY));
      store.commit(TestChain.commitAfter(store.head(), store.nodes(), List.of(), List.of(), writes));
      writes.put("empty", Optional.empty());
      store.commit(TestChain.commitAfter(store.head(), store.nodes(), List.of(), List.of(), writes));
      assertThat(store.history("empty", Long.MAX_VALUE, 10))
          .containsExactly(new HistoryEntry(1, Optional.empty()), new HistoryEntry(0, Optional.of(Bytes.EMPTY)));
      assertThat(store.stateValue("empty")).isEmpty();
    }
  }
}
