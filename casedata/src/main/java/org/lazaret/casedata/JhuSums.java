package org.lazaret.casedata;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lazaret.casedata.place.PlaceId;

/**
 * Sums JHU rows into places without counting anything twice. Each place keeps two sums per slot
 * (a slot is a date of a time series, or a metric of a daily report): one over rows that are the
 * place's own total, one over rows that are parts of it. When a file has a total row the parts
 * are breakdowns of it and are ignored; otherwise the parts are summed (Australia's states, the
 * US counties). Memory is bounded by places times slots, not by rows.
 */
final class JhuSums {
  /** One slot's sum for a place, with the rows it came from. */
  record Sum(PlaceId place, int slot, long value, Provenance provenance) {}

  /** The running sums of one place over either its whole rows or its part rows. */
  static final class Side {
    private final PlaceId place;
    private final List<SourceRow> rows = new ArrayList<>();
    private final long[] sums;
    private final BitSet present;

    private Side(PlaceId place, int slots) {
      this.place = place;
      sums = new long[slots];
      present = new BitSet(slots);
    }

    void add(int slot, long value, long line, int column) throws CaseDataFormatException {
      try {
        sums[slot] = Math.addExact(sums[slot], value);
      } catch (ArithmeticException e) {
        throw new CaseDataFormatException(line, column, "sum for " + place + " overflows");
      }
      present.set(slot);
    }
  }

  private static final class Group {
    final Side whole;
    final Side parts;

    Group(PlaceId place, int slots) {
      whole = new Side(place, slots);
      parts = new Side(place, slots);
    }
  }

  private final int slots;
  private final Map<PlaceId, Group> groups = new TreeMap<>();

  JhuSums(int slots) {
    this.slots = slots;
  }

  /** Registers a row of {@code place}; its cells are then added to the returned side. */
  Side row(PlaceId place, boolean whole, SourceRow row) {
    Group group = groups.computeIfAbsent(place, p -> new Group(p, slots));
    Side side = whole ? group.whole : group.parts;
    side.rows.add(row);
    return side;
  }

  /** The sums in place order, then slot order; whole rows win over parts. */
  List<Sum> sums() {
    List<Sum> out = new ArrayList<>();
    for (Map.Entry<PlaceId, Group> entry : groups.entrySet()) {
      Group group = entry.getValue();
      Side side = group.whole.rows.isEmpty() ? group.parts : group.whole;
      if (side.rows.isEmpty()) {
        continue;
      }
      Provenance provenance = new Provenance(side.rows);
      for (int slot = side.present.nextSetBit(0); slot >= 0; slot = side.present.nextSetBit(slot + 1)) {
        out.add(new Sum(entry.getKey(), slot, side.sums[slot], provenance));
      }
    }
    return out;
  }
}
