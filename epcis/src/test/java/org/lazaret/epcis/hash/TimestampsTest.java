package org.lazaret.epcis.hash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Goal: timestamps are written in UTC with exactly three fractional digits (README rules 8, 9),
 * rounded as the reference rounds (cut to microseconds, then half-to-even), and non-timestamps are
 * left alone.
 */
class TimestampsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "2005-04-03T20:33:31.116000-06:00, 2005-04-04T02:33:31.116Z",
    "2019-10-21T14:45:00Z, 2019-10-21T14:45:00.000Z",
    "2019-10-21T00:05:00-06:00, 2019-10-21T06:05:00.000Z",
    "2023-01-18T11:04:03.1415Z, 2023-01-18T11:04:03.142Z",
    "2023-01-18T11:04:03.1425Z, 2023-01-18T11:04:03.142Z",
    "2023-01-18T11:04:03.1435Z, 2023-01-18T11:04:03.144Z",
    "2023-01-18T11:04:03.14250099Z, 2023-01-18T11:04:03.142Z",
    "2023-12-31T23:59:59.9996Z, 2024-01-01T00:00:00.000Z",
    "2020-03-04T11:00:30+0100, 2020-03-04T10:00:30.000Z",
    "2020-03-04T11:00:30, 2020-03-04T11:00:30.000Z"
  })
  void writesUtcMilliseconds(String input, String expected) {
    assertThat(Timestamps.canonical(input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} stays")
  @CsvSource({"yesterday", "2019-13-01T00:00:00Z", "2019-10-21", "+01:00"})
  void leavesNonTimestampsUnchanged(String input) {
    assertThat(Timestamps.canonical(input)).isEqualTo(input);
  }
}
