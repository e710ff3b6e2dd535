package org.lazaret.dcc.certlogic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** plusTime and dccDateOfBirth against the specification's tables and formats. */
class DateTimesTest {

    @ParameterizedTest(name = "{0} + {1} {2} = {3}")
    @CsvSource({
        "2020-02-29, 1, day, 2020-03-01T00:00:00.000Z",
        "2020-02-29, 1, month, 2020-03-29T00:00:00.000Z",
        "2020-02-29, 1, year, 2021-03-01T00:00:00.000Z",
        "2021-01-31, 1, month, 2021-03-03T00:00:00.000Z",
        "2021-03-31, -1, month, 2021-03-03T00:00:00.000Z",
        "2021-06-01T23:30:00+02:00, 2, hour, 2021-06-01T23:30:00.000Z",
        "2021-03-28T00:30:00Z, 24, hour, 2021-03-29T00:30:00.000Z",
        "2021, 0, day, 2021-12-31T00:00:00.000Z",
        "2020-02, 0, day, 2020-02-29T00:00:00.000Z",
        "2021-06-01T10:00:00.123456Z, 0, hour, 2021-06-01T10:00:00.123Z",
        "2021-06-01T10:00:00.9, 0, hour, 2021-06-01T10:00:00.900Z",
        "2021-06-01T10:00:00-5, 0, hour, 2021-06-01T15:00:00.000Z",
        "2021-06-01T10:00:00+0130, 0, hour, 2021-06-01T08:30:00.000Z",
    })
    void plusTimeFollowsTheReferenceSemantics(String start, long amount, DateTimes.Unit unit, String expected)
            throws CertLogicException {
        assertThat(DateTimes.plusTime(start, amount, unit)).hasToString(expected);
    }

    @Test
    void dateOfBirthIsTheLastDayConsistentWithThePartialDate() throws CertLogicException {
        assertThat(DateTimes.dateOfBirth("1978")).hasToString("1978-12-31T00:00:00.000Z");
        assertThat(DateTimes.dateOfBirth("1978-02")).hasToString("1978-02-28T00:00:00.000Z");
        assertThat(DateTimes.dateOfBirth("1980-02")).hasToString("1980-02-29T00:00:00.000Z");
        assertThat(DateTimes.dateOfBirth("1978-06-15")).hasToString("1978-06-15T00:00:00.000Z");
        assertThatThrownBy(() -> DateTimes.dateOfBirth("")).hasMessageContaining("date-of-birth");
        assertThatThrownBy(() -> DateTimes.dateOfBirth("1978-06-15T00:00:00Z")).isInstanceOf(CertLogicException.class);
    }

    @Test
    void rejectsFormatsAndDatesOutsideTheSpecification() {
        assertThatThrownBy(() -> DateTimes.parse("01.06.2021")).hasMessageContaining("not an allowed");
        assertThatThrownBy(() -> DateTimes.parse("2021-02-30")).hasMessageContaining("not a valid date");
        assertThatThrownBy(() -> DateTimes.parse("2021-06-01T25:00:00Z")).isInstanceOf(CertLogicException.class);
        assertThatThrownBy(() -> DateTimes.plusTime("2021-13", 0, DateTimes.Unit.day)).isInstanceOf(CertLogicException.class);
    }
}
