package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date and date-time construction of CertLogic ({@code plusTime}, {@code dccDateOfBirth}) with
 * the exact semantics of the reference implementation, which defines them through JavaScript's
 * UTC {@code Date} setters: adding months or years keeps the day of the month and lets it
 * overflow into the next month (2020-02-29 plus 1 year is 2021-03-01), and all arithmetic is in
 * UTC, so daylight saving never matters. Sub-millisecond digits are cut, not rounded.
 */
final class DateTimes {
    private static final Pattern DATE = Pattern.compile("^(\\d{4})-(\\d{2})-(\\d{2})$");
    private static final Pattern YEAR = Pattern.compile("^(\\d{4})$");
    private static final Pattern YEAR_MONTH = Pattern.compile("^(\\d{4})-(\\d{2})$");
    private static final Pattern DATE_TIME = Pattern.compile(
            "^(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(\\.\\d+?)?(Z|(([+-])(\\d{1,2}):?(\\d{2})?))?$");

    /** Time units of {@code plusTime}. */
    enum Unit { year, month, day, hour }

    private DateTimes() {}

    /** The unit a literal names, if it names one. */
    static Optional<Unit> unit(JsonNode literal) {
        if (literal.isTextual()) {
            for (Unit unit : Unit.values()) {
                if (unit.name().equals(literal.textValue())) {
                    return Optional.of(unit);
                }
            }
        }
        return Optional.empty();
    }

    static DateTime plusTime(String text, long amount, Unit unit) throws CertLogicException {
        DateTime start = partialDate(text);
        if (start == null) {
            start = parse(text);
        }
        if (amount == 0) {
            return start;
        }
        try {
            LocalDateTime utc = LocalDateTime.ofInstant(start.instant(), ZoneOffset.UTC);
            LocalDateTime moved = switch (unit) {
                case hour -> utc.plusHours(amount);
                case day -> utc.plusDays(amount);
                case month -> overflowing(YearMonth.from(utc).plusMonths(amount), utc);
                case year -> overflowing(YearMonth.from(utc).plusYears(amount), utc);
            };
            return new DateTime(moved.toInstant(ZoneOffset.UTC));
        } catch (DateTimeException | ArithmeticException e) {
            throw new CertLogicException("plusTime of " + amount + " " + unit + " to '" + text + "' is out of range");
        }
    }

    /** JavaScript's setUTCMonth/setUTCFullYear: the day of month carries over into later months. */
    private static LocalDateTime overflowing(YearMonth target, LocalDateTime from) {
        return target.atDay(1).plusDays(from.getDayOfMonth() - 1L).atTime(from.toLocalTime());
    }

    static DateTime dateOfBirth(String text) throws CertLogicException {
        DateTime partial = partialDate(text);
        if (partial != null) {
            return partial;
        }
        if (DATE.matcher(text).matches()) {
            return parse(text);
        }
        throw new CertLogicException("can't parse \"" + text + "\" as an EU DCC date-of-birth");
    }

    /** {@code YYYY} and {@code YYYY-MM} are rounded up to the last day they allow, at midnight UTC. */
    private static DateTime partialDate(String text) throws CertLogicException {
        try {
            Matcher year = YEAR.matcher(text);
            if (year.matches()) {
                return midnight(LocalDate.of(Integer.parseInt(year.group(1)), 12, 31));
            }
            Matcher yearMonth = YEAR_MONTH.matcher(text);
            if (yearMonth.matches()) {
                YearMonth month = YearMonth.of(Integer.parseInt(yearMonth.group(1)), Integer.parseInt(yearMonth.group(2)));
                return midnight(month.atEndOfMonth());
            }
            return null;
        } catch (DateTimeException e) {
            throw new CertLogicException("not a valid date: " + text);
        }
    }

    /** A date ({@code YYYY-MM-DD}) or date-time in one of the formats the specification allows. */
    static DateTime parse(String text) throws CertLogicException {
        try {
            Matcher date = DATE.matcher(text);
            if (date.matches()) {
                return midnight(LocalDate.of(number(date, 1), number(date, 2), number(date, 3)));
            }
            Matcher m = DATE_TIME.matcher(text);
            if (!m.matches()) {
                throw new CertLogicException("not an allowed date or date-time format: " + text);
            }
            int nanos = 0;
            if (m.group(7) != null) {
                String digits = (m.group(7).substring(1) + "000").substring(0, 3);
                nanos = Integer.parseInt(digits) * 1_000_000;
            }
            ZoneOffset offset = ZoneOffset.UTC;
            if (m.group(8) != null && !m.group(8).equals("Z")) {
                int hours = Integer.parseInt(m.group(11));
                int minutes = m.group(12) == null ? 0 : Integer.parseInt(m.group(12));
                int sign = m.group(10).equals("-") ? -1 : 1;
                offset = ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
            }
            LocalDateTime local = LocalDateTime.of(LocalDate.of(number(m, 1), number(m, 2), number(m, 3)),
                    LocalTime.of(number(m, 4), number(m, 5), number(m, 6), nanos));
            return new DateTime(local.toInstant(offset));
        } catch (DateTimeException e) {
            throw new CertLogicException("not a valid date or date-time: " + text + " (" + e.getMessage() + ")");
        }
    }

    private static int number(Matcher matcher, int group) {
        return Integer.parseInt(matcher.group(group));
    }

    private static DateTime midnight(LocalDate date) {
        return new DateTime(date.atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
