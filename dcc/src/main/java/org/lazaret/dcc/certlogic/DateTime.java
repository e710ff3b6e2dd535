package org.lazaret.dcc.certlogic;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A CertLogic date-time value: an instant at millisecond precision, as the specification fixes.
 * Only {@code plusTime} and {@code dccDateOfBirth} make them; they compare as instants.
 */
record DateTime(Instant instant) implements Comparable<DateTime> {
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    DateTime {
        Objects.requireNonNull(instant, "instant");
        instant = instant.truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public int compareTo(DateTime other) {
        return instant.compareTo(other.instant);
    }

    /** ISO-8601 in UTC with exactly three fractional digits, e.g. {@code 2021-06-01T00:00:00.000Z}. */
    @Override
    public String toString() {
        return FORMAT.format(instant);
    }
}
