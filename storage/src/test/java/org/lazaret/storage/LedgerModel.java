package org.lazaret.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lazaret.core.codec.Bytes;

/**
 * What a store should hold after a sequence of commits, kept with plain sorted maps: the latest
 * state, the state after every height, and each key's versions newest first. Tests compare the
 * store with it rather than with values they wrote by hand.
 */
final class LedgerModel {
  final TreeMap<String, Bytes> state = new TreeMap<>();
  final List<TreeMap<String, Bytes>> stateAtHeight = new ArrayList<>();
  final TreeMap<String, List<HistoryEntry>> history = new TreeMap<>();
  final List<BlockCommit> commits = new ArrayList<>();

  void apply(BlockCommit c) {
    long height = c.block().height();
    if (height != commits.size()) {
      throw new IllegalStateException("model applies block " + height + " after " + commits.size() + " blocks");
    }
    for (Map.Entry<String, Optional<Bytes>> w : c.writes().entrySet()) {
      if (w.getValue().isPresent()) {
        state.put(w.getKey(), w.getValue().get());
      } else {
        state.remove(w.getKey());
      }
      history.computeIfAbsent(w.getKey(), k -> new ArrayList<>()).add(0, new HistoryEntry(height, w.getValue()));
    }
    stateAtHeight.add(new TreeMap<>(state));
    commits.add(c);
  }

  /** Every key ever written, plus a few never written, for absence checks. */
  List<String> keysIncludingAbsent() {
    List<String> keys = new ArrayList<>(history.keySet());
    keys.add("never/written");
    keys.add("token/balance/");
    keys.add("");
    return keys;
  }

  long transactionCount() {
    return commits.stream().mapToLong(c -> c.block().transactions().size()).sum();
  }
}
