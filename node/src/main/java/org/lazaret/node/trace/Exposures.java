package org.lazaret.node.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.lazaret.contracts.trace.Containment;
import org.lazaret.contracts.trace.Lots;

/**
 * Where an item, lot or container was, and when: itself at all times; every container it was
 * inside, while it was inside (the contract's containment intervals, followed up {@link
 * Containment#DEPTH_MAX} levels); and for a lot, each of its items the same way. Temperatures and
 * custody are read along these, because a pallet's shipping and its sensor readings are recorded on
 * the pallet, not on each pack. At most {@link TraceApi#NODES_MAX} exposures, then {@code truncated}.
 */
final class Exposures {
  /**
   * {@code carrier} from {@code from} to {@code until}, {@code depth} containers up. Both ends are
   * inclusive: the event that takes an item out of a case (which may not name it) is part of its
   * story.
   */
  record Exposure(String carrier, long from, long until, int depth) {
    boolean covers(long t) {
      return from <= t && t <= until;
    }
  }

  record Result(List<Exposure> exposures, boolean truncated) {}

  private Exposures() {}

  static Result of(String id, TraceState state, TraceGraph graph) {
    ArrayDeque<Exposure> queue = new ArrayDeque<>();
    queue.add(new Exposure(id, Long.MIN_VALUE, Long.MAX_VALUE, 0));
    if (Lots.isLot(id)) {
      for (TraceGraph.Link l : graph.links(id)) {
        if (l.type().equals("lot") && l.from().equals(id)) {
          queue.add(new Exposure(l.to(), Long.MIN_VALUE, Long.MAX_VALUE, 0));
        }
      }
    }
    List<Exposure> out = new ArrayList<>();
    boolean truncated = false;
    while (!queue.isEmpty()) {
      Exposure e = queue.poll();
      if (out.size() >= TraceApi.NODES_MAX) {
        return new Result(List.copyOf(out), true);
      }
      out.add(e);
      for (Containment.Interval i : Containment.containers(e.carrier(), state::read)) {
        long from = Math.max(e.from(), i.from());
        long until = Math.min(e.until(), i.until().orElse(Long.MAX_VALUE));
        if (from > until) {
          continue;
        }
        if (e.depth() >= Containment.DEPTH_MAX) {
          truncated = true;
          continue;
        }
        queue.add(new Exposure(i.other(), from, until, e.depth() + 1));
      }
    }
    return new Result(List.copyOf(out), truncated);
  }
}
