package org.lazaret.casedata;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Exact readers for the cells of case-data files: counts as whole numbers (OWID writes some as
 * {@code "123.0"}; a non-zero fraction is refused, never rounded) and dates in the two shapes the
 * sources use. Every failure names the line and column. Dates are confined to
 * {@link #DATE_MIN}..{@link #DATE_MAX}: any other date in a COVID-19 file is a fault, and the
 * bound keeps per-series bookkeeping small.
 */
final class Cells {
  static final LocalDate DATE_MIN = LocalDate.of(2000, 1, 1);
  static final LocalDate DATE_MAX = LocalDate.of(2099, 12, 31);

  /** Marks an empty cell: no observation. Counts are never this value (|count| < 10^18). */
  static final long EMPTY = Long.MIN_VALUE;

  /** 18 digits: every count fits a long with room to sum a few thousand rows exactly. */
  private static final int COUNT_DIGITS_MAX = 18;

  private Cells() {}

  /** A count, or {@link #EMPTY} for an empty (or all-blank) cell. */
  static long count(String text, long line, int column) throws CaseDataFormatException {
    int start = 0;
    int end = text.length();
    while (start < end && text.charAt(start) == ' ') {
      start++;
    }
    while (end > start && text.charAt(end - 1) == ' ') {
      end--;
    }
    if (start == end) {
      return EMPTY;
    }
    int i = start;
    boolean negative = text.charAt(i) == '-';
    if (negative) {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < end && isDigit(text.charAt(i))) {
      if (++digits > COUNT_DIGITS_MAX) {
        throw new CaseDataFormatException(
            line, column, "count out of range: '" + shorten(text) + "'");
      }
      value = value * 10 + (text.charAt(i) - '0');
      i++;
    }
    if (digits == 0) {
      throw notNumber(text, line, column);
    }
    if (i < end) {
      if (text.charAt(i) != '.' || i + 1 == end) {
        throw notNumber(text, line, column);
      }
      for (int f = i + 1; f < end; f++) {
        char c = text.charAt(f);
        if (!isDigit(c)) {
          throw notNumber(text, line, column);
        }
        if (c != '0') {
          throw new CaseDataFormatException(
              line, column, "fractional count '" + text + "': counts must be whole numbers");
        }
      }
    }
    return negative ? -value : value;
  }

  /** An ISO date {@code YYYY-MM-DD}. */
  static LocalDate isoDate(String text, long line, int column) throws CaseDataFormatException {
    String t = text.trim();
    if (t.length() != 10 || t.charAt(4) != '-' || t.charAt(7) != '-') {
      throw badDate(text, "YYYY-MM-DD", line, column);
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    if (year < 0 || month < 0 || day < 0) {
      throw badDate(text, "YYYY-MM-DD", line, column);
    }
    return checked(year, month, day, text, line, column);
  }

  /** True when a header cell has the JHU shape {@code M/D/YY} (or {@code M/D/YYYY}). */
  static boolean looksLikeJhuDate(String text) {
    String[] parts = text.trim().split("/", -1);
    return parts.length == 3
        && isDigits(parts[0], 1, 2)
        && isDigits(parts[1], 1, 2)
        && (isDigits(parts[2], 2, 2) || isDigits(parts[2], 4, 4));
  }

  /** A JHU time-series header date {@code M/D/YY}; two-digit years are 20YY. */
  static LocalDate jhuDate(String text, long line, int column) throws CaseDataFormatException {
    if (!looksLikeJhuDate(text)) {
      throw badDate(text, "M/D/YY", line, column);
    }
    String[] parts = text.trim().split("/", -1);
    int year = Integer.parseInt(parts[2]);
    return checked(
        year < 100 ? 2000 + year : year,
        Integer.parseInt(parts[0]),
        Integer.parseInt(parts[1]),
        text,
        line,
        column);
  }

  private static LocalDate checked(
      int year, int month, int day, String text, long line, int column)
      throws CaseDataFormatException {
    LocalDate date;
    try {
      date = LocalDate.of(year, month, day);
    } catch (DateTimeException e) {
      throw new CaseDataFormatException(line, column, "no such date: '" + text + "'");
    }
    if (date.isBefore(DATE_MIN) || date.isAfter(DATE_MAX)) {
      throw new CaseDataFormatException(
          line, column, "date out of range " + DATE_MIN + ".." + DATE_MAX + ": '" + text + "'");
    }
    return date;
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigits(String text, int minLength, int maxLength) {
    if (text.length() < minLength || text.length() > maxLength) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static CaseDataFormatException notNumber(String text, long line, int column) {
    return new CaseDataFormatException(line, column, "not a count: '" + shorten(text) + "'");
  }

  private static CaseDataFormatException badDate(
      String text, String shape, long line, int column) {
    return new CaseDataFormatException(
        line, column, "not a date " + shape + ": '" + shorten(text) + "'");
  }

  static String shorten(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
