package org.lazaret.node.trace;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.lazaret.epcis.EpcPattern;
import org.lazaret.node.trace.EventQuery.Match;
import org.lazaret.node.trace.EventQuery.Order;
import org.lazaret.node.trace.IndexedEvent.Field;

/**
 * Answers one page of an {@link EventQuery} from the {@link TraceIndex}. The plan uses the
 * index's posting counts: the conditions are taken from the most selective; each one whose
 * postings are few enough is turned into a set of entries (a bit per seq) and intersected with the
 * others, until the candidates are few. Then either the candidates are loaded and sorted (few),
 * or the index is walked in the requested order — record order is seq order; event time has its
 * own ordering — keeping candidates that meet every condition. A walk stops at the page size or
 * after a budget of entries, whichever is first; in the second case the page may be
 * short and still carry a next-page token, so that no request scans without bound.
 */
final class EventSearch {
  /**
   * The bounds that choose the plan; tests shrink them to drive every plan over a few events.
   *
   * @param postingsMax most postings turned into a candidate set; a condition with more is checked
   *     per entry instead
   * @param loadMax candidates few enough to load and sort rather than walk the event-time order for
   * @param narrowEnough candidates few enough that intersecting more conditions is not worth it
   * @param prefixValuesMax distinct values summed to estimate a prefix pattern before calling it
   *     unselective
   * @param scanBudget most index entries one request examines
   */
  record Bounds(long postingsMax, int loadMax, int narrowEnough, int prefixValuesMax, int scanBudget) {
    static final Bounds DEFAULT = new Bounds(500_000, 5_000, 256, 10_000, 100_000);

    Bounds {
      if (postingsMax < 1 || loadMax < 1 || narrowEnough < 1 || prefixValuesMax < 1 || scanBudget < 1) {
        throw new IllegalArgumentException("search bounds must be positive");
      }
    }
  }

  /** One page and, when more may follow, where the next starts. */
  record Page(List<IndexedEvent> events, Optional<PageToken> next) {}

  private final TraceIndex index;
  private final EventQuery query;
  private final Bounds bounds;
  private final int want;
  private final long returnedBefore;

  private EventSearch(TraceIndex index, EventQuery query, Bounds bounds) {
    this.index = index;
    this.query = query;
    this.bounds = bounds;
    this.returnedBefore = query.after().map(PageToken::returned).orElse(0L);
    this.want = (int) Math.max(0, Math.min(query.perPage(), query.countLimit() - returnedBefore));
  }

  static Page run(TraceIndex index, EventQuery query) {
    return run(index, query, Bounds.DEFAULT);
  }

  static Page run(TraceIndex index, EventQuery query, Bounds bounds) {
    return new EventSearch(index, query, bounds).run();
  }

  private Page run() {
    if (want == 0) {
      return new Page(List.of(), Optional.empty());
    }
    Optional<BitSet> candidates = candidates();
    if (candidates.isPresent() && candidates.get().isEmpty()) {
      return new Page(List.of(), Optional.empty());
    }
    if (query.order() == Order.RECORD_TIME && candidates.isPresent()) {
      return walkCandidates(candidates.get());
    }
    if (query.order() == Order.EVENT_TIME && candidates.isPresent() && candidates.get().cardinality() <= bounds.loadMax()) {
      return loadAndSort(candidates.get());
    }
    return walkIndex(candidates);
  }

  /** The entries meeting the selective conditions, or empty when none is selective enough. */
  private Optional<BitSet> candidates() {
    record Estimate(Match match, long count) {}
    List<Estimate> estimates = new ArrayList<>();
    for (Match m : query.matches()) {
      estimates.add(new Estimate(m, estimate(m)));
    }
    estimates.sort(Comparator.comparingLong(Estimate::count));
    BitSet set = null;
    for (Estimate e : estimates) {
      if (e.count() > bounds.postingsMax() || (set != null && set.cardinality() <= bounds.narrowEnough())) {
        break;
      }
      BitSet s = postings(e.match());
      if (set == null) {
        set = s;
      } else {
        set.and(s);
      }
      if (set.isEmpty()) {
        break;
      }
    }
    return Optional.ofNullable(set);
  }

  private long estimate(Match m) {
    long sum = 0;
    for (Field f : m.fields()) {
      for (EpcPattern p : m.patterns()) {
        for (String v : p.exactValues()) {
          sum = saturatedAdd(sum, index.count(f, v));
        }
        for (String prefix : p.prefixes()) {
          sum = saturatedAdd(sum, index.countPrefix(f, prefix, bounds.prefixValuesMax()).orElse(Long.MAX_VALUE));
        }
      }
    }
    return sum;
  }

  private static long saturatedAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  private BitSet postings(Match m) {
    BitSet set = new BitSet((int) Math.min(Integer.MAX_VALUE, index.seqLimit()));
    for (Field f : m.fields()) {
      for (EpcPattern p : m.patterns()) {
        for (String v : p.exactValues()) {
          index.postings(f, v, true, (value, seq) -> {
            set.set(Math.toIntExact(seq));
            return true;
          });
        }
        for (String prefix : p.prefixes()) {
          index.postings(f, prefix, false, (value, seq) -> {
            if (p.matches(value)) {
              set.set(Math.toIntExact(seq));
            }
            return true;
          });
        }
      }
    }
    return set;
  }

  /** Record order is seq order: step through the candidates' seqs from the page start. */
  private Page walkCandidates(BitSet set) {
    List<IndexedEvent> out = new ArrayList<>();
    boolean down = query.descending();
    long start = query.after().map(a -> down ? a.seq() - 1 : a.seq() + 1).orElse(down ? (long) set.length() - 1 : 0L);
    int examined = 0;
    IndexedEvent seen = null;
    for (int s = (int) Math.max(-1, Math.min(start, set.length())); s >= 0; s = down ? set.previousSetBit(s - 1) : set.nextSetBit(s + 1)) {
      if (!set.get(s)) {
        continue;
      }
      if (++examined > bounds.scanBudget() && seen != null) {
        return cutAt(out, sortTime(seen), seen.seq());
      }
      IndexedEvent e = index.entry(s).orElseThrow(() -> new IllegalStateException("index entry missing for a posting"));
      seen = e;
      if (query.test(e) && add(out, e)) {
        break;
      }
    }
    return finish(out);
  }

  private Page loadAndSort(BitSet set) {
    List<IndexedEvent> all = new ArrayList<>();
    for (int s = set.nextSetBit(0); s >= 0; s = set.nextSetBit(s + 1)) {
      IndexedEvent e = index.entry(s).orElseThrow(() -> new IllegalStateException("index entry missing for a posting"));
      if (query.test(e) && afterToken(e)) {
        all.add(e);
      }
    }
    Comparator<IndexedEvent> byTime = Comparator.comparingLong(this::sortTime).thenComparingLong(IndexedEvent::seq);
    all.sort(query.descending() ? byTime.reversed() : byTime);
    List<IndexedEvent> out = new ArrayList<>();
    for (IndexedEvent e : all) {
      if (add(out, e)) {
        break;
      }
    }
    return finish(out);
  }

  /** Walks the index in the requested order, from the page start, filtering every entry. */
  private Page walkIndex(Optional<BitSet> candidates) {
    List<IndexedEvent> out = new ArrayList<>();
    Optional<long[]> after = query.after().map(a -> new long[] {a.time(), a.seq()});
    int[] examined = {0};
    long[] last = {0, -1};
    boolean[] budget = {false};
    TraceIndex.SeqVisitor visit = seq -> {
      if (candidates.isPresent() && !candidates.get().get(Math.toIntExact(seq))) {
        return true;
      }
      if (++examined[0] > bounds.scanBudget()) {
        budget[0] = true;
        return false;
      }
      IndexedEvent e = index.entry(seq).orElseThrow(() -> new IllegalStateException("index entry missing for a time key"));
      last[0] = sortTime(e);
      last[1] = seq;
      return !(query.test(e) && add(out, e));
    };
    if (query.order() == Order.EVENT_TIME) {
      index.byEventTime(query.eventFrom(), query.eventTo(), after, query.descending(), visit);
    } else {
      index.byRecordTime(query.recordFrom(), query.recordTo(), after, query.descending(), visit);
    }
    if (budget[0] && out.size() <= want) {
      return cutAt(out, last[0], last[1]);
    }
    return finish(out);
  }

  /** Adds an event; true once the page plus one look-ahead event is full. */
  private boolean add(List<IndexedEvent> out, IndexedEvent e) {
    out.add(e);
    return out.size() > want;
  }

  private Page finish(List<IndexedEvent> out) {
    if (out.size() <= want) {
      return new Page(out, Optional.empty());
    }
    List<IndexedEvent> page = out.subList(0, want);
    IndexedEvent last = page.getLast();
    long returned = returnedBefore + page.size();
    Optional<PageToken> next = returned < query.countLimit() ? Optional.of(new PageToken(sortTime(last), last.seq(), returned, query.fingerprint())) : Optional.empty();
    return new Page(List.copyOf(page), next);
  }

  /** A page cut short by the scan budget: the next one resumes after the last entry examined. */
  private Page cutAt(List<IndexedEvent> out, long time, long seq) {
    return new Page(List.copyOf(out), Optional.of(new PageToken(time, seq, returnedBefore + out.size(), query.fingerprint())));
  }

  private long sortTime(IndexedEvent e) {
    return query.order() == Order.EVENT_TIME ? e.eventTime() : e.recordTime();
  }

  private boolean afterToken(IndexedEvent e) {
    if (query.after().isEmpty()) {
      return true;
    }
    PageToken t = query.after().get();
    int c = Long.compare(sortTime(e), t.time());
    if (c == 0) {
      c = Long.compare(e.seq(), t.seq());
    }
    return query.descending() ? c < 0 : c > 0;
  }
}
