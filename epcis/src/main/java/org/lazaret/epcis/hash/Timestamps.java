package org.lazaret.epcis.hash;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an ISO 8601 timestamp as the event hash requires: in UTC, with exactly three fractional
 * digits and a capital Z. The vectors fix the rounding: fractional seconds are first cut to
 * microseconds, then rounded to milliseconds half-to-even (…0.1415 becomes .142, …0.1425 also
 * .142). A timestamp without an offset is read as UTC. Text that is not a timestamp is left as it
 * is, as the reference does.
 */
final class Timestamps {
  private static final Pattern ISO =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?"
              + "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)?");

  private Timestamps() {}

  /** The canonical form of {@code text}, or {@code text} itself when it is not a timestamp. */
  static String canonical(String text) {
    return utcMillis(text).orElse(text);
  }

  static Optional<String> utcMillis(String text) {
    Matcher m = ISO.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      int micros = m.group(7) == null ? 0 : micros(m.group(7));
      LocalDateTime local =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              m.group(6) == null ? 0 : Integer.parseInt(m.group(6)));
      ZoneOffset offset = offset(m.group(8));
      LocalDateTime utc =
          local.atOffset(offset).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
      int millis = micros / 1000;
      int rest = micros % 1000;
      if (rest > 500 || (rest == 500 && millis % 2 == 1)) {
        millis++;
      }
      // The reference fails on a carry into the next second (…59.9996); we carry instead.
      utc = utc.plusNanos(millis * 1_000_000L);
      return Optional.of(
          String.format(
              "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
              utc.getYear(),
              utc.getMonthValue(),
              utc.getDayOfMonth(),
              utc.getHour(),
              utc.getMinute(),
              utc.getSecond(),
              utc.getNano() / 1_000_000));
    } catch (DateTimeException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int micros(String fraction) {
    String six =
        fraction.length() >= 6
            ? fraction.substring(0, 6)
            : fraction + "0".repeat(6 - fraction.length());
    return Integer.parseInt(six);
  }

  private static ZoneOffset offset(String zone) {
    if (zone == null || zone.equalsIgnoreCase("Z")) {
      return ZoneOffset.UTC;
    }
    String digits = zone.substring(1).replace(":", "");
    int hours = Integer.parseInt(digits.substring(0, 2));
    int minutes = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
    int seconds = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
    int sign = zone.charAt(0) == '-' ? -1 : 1;
    return ZoneOffset.ofHoursMinutesSeconds(sign * hours, sign * minutes, sign * seconds);
  }
}
