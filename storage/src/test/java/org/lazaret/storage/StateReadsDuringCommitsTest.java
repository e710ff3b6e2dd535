package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.codec.Bytes;

/**
 * Readers of the latest state and of keys' histories while blocks commit, across checkpoints
 * (where the pending values move to the state family and the read cache, and the pending versions
 * to the history family): every value read is the key's value at a height between the head seen
 * before the read and the block being written after it — never an older one, which a stale cache
 * entry would give — and every history read is the key's whole history at such a height, with no
 * version missing or given twice while a checkpoint moves them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StateReadsDuringCommitsTest {
  @TempDir Path dir;

  @Test
  void noReadIsOlderThanTheHeadBeforeIt() throws Exception {
    TokenWorkload work = new TokenWorkload(31, 6);
    LedgerModel model = new LedgerModel();
    Map<Long, TreeMap<String, Bytes>> states = new ConcurrentHashMap<>();
    Map<Long, Map<String, List<HistoryEntry>>> histories = new ConcurrentHashMap<>();
    AtomicReference<AssertionError> failure = new AtomicReference<>();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    try (LedgerStore store = LedgerStore.open(dir)) {
      BlockCommit g = work.genesis();
      model.apply(g);
      states.put(0L, model.stateAtHeight.get(0));
      histories.put(0L, historySnapshot(model));
      store.commit(g);
      List<String> keys = new ArrayList<>(model.state.keySet());
      keys.add("token/balance/never-written");
      List<Thread> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(Thread.ofPlatform().start(() -> {
          while (!done.get() && failure.get() == null) {
            for (String key : keys) {
              long before = store.head().orElseThrow().height();
              Optional<Bytes> read = store.stateValue(key).map(Bytes::of);
              long after = store.head().orElseThrow().height();
              boolean seen = false;
              for (long h = before; h <= after + 1 && !seen; h++) {
                TreeMap<String, Bytes> at = states.get(h);
                seen = at != null && Optional.ofNullable(at.get(key)).equals(read);
              }
              if (!seen) {
                failure.compareAndSet(null, new AssertionError("read " + key + " = " + read + " between heads " + before + " and " + after + ", a value of none of the heights between"));
              }
              before = store.head().orElseThrow().height();
              List<HistoryEntry> versions = store.history(key, Long.MAX_VALUE, 1_000);
              after = store.head().orElseThrow().height();
              seen = false;
              for (long h = before; h <= after + 1 && !seen; h++) {
                Map<String, List<HistoryEntry>> at = histories.get(h);
                seen = at != null && at.getOrDefault(key, List.of()).equals(versions);
              }
              if (!seen) {
                failure.compareAndSet(null, new AssertionError("history of " + key + " = " + versions + " between heads " + before + " and " + after + ", the history at none of the heights between"));
              }
              reads.incrementAndGet();
            }
          }
        }));
      }
      for (int h = 1; h <= 3 * LedgerStore.CHECKPOINT_BLOCKS + 5 && failure.get() == null; h++) {
        BlockCommit c = work.next(store, 4);
        model.apply(c);
        states.put((long) h, model.stateAtHeight.get(h));
        histories.put((long) h, historySnapshot(model));
        store.commit(c);
      }
      done.set(true);
      for (Thread t : readers) {
        t.join();
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      assertThat(reads.get()).as("the readers ran alongside the commits").isGreaterThan(100);
      model.state.forEach((k, v) -> assertThat(store.stateValue(k).map(Bytes::of)).as(k).contains(v));
      model.history.forEach((k, v) -> assertThat(store.history(k, Long.MAX_VALUE, 1_000)).as("history of %s", k).isEqualTo(v));
    }
  }

  private static Map<String, List<HistoryEntry>> historySnapshot(LedgerModel model) {
    Map<String, List<HistoryEntry>> out = new TreeMap<>();
    model.history.forEach((k, v) -> out.put(k, List.copyOf(v)));
    return out;
  }
}
