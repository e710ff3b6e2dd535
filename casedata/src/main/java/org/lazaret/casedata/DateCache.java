package org.lazaret.casedata;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses each distinct date string of a file once and shares the result: files repeat a few
 * hundred dates millions of times. Bounded: past {@link #ENTRIES_MAX} it stops caching.
 */
final class DateCache {
  static final int ENTRIES_MAX = 1 << 16;

  private final Map<String, LocalDate> dates = new HashMap<>();

  LocalDate iso(String text, long line, int column) throws CaseDataFormatException {
    LocalDate date = dates.get(text);
    if (date == null) {
      date = Cells.isoDate(text, line, column);
      if (dates.size() < ENTRIES_MAX) {
        dates.put(text, date);
      }
    }
    return date;
  }
}
