package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact reading of counts and dates. */
class CellsTest {
  @Test
  void countsAreExactIntegers() throws Exception {
    assertThat(Cells.count("123", 1, 1)).isEqualTo(123);
    assertThat(Cells.count("123.0", 1, 1)).isEqualTo(123);
    assertThat(Cells.count("10341634.000", 1, 1)).isEqualTo(10341634);
    assertThat(Cells.count("-9", 1, 1)).isEqualTo(-9);
    assertThat(Cells.count(" 7 ", 1, 1)).isEqualTo(7);
    assertThat(Cells.count("", 1, 1)).isEqualTo(Cells.EMPTY);
    assertThat(Cells.count("999999999999999999", 1, 1)).isEqualTo(999_999_999_999_999_999L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"12.5", "abc", "1e3", "-", "1.", ".5", "+3", "1,000", "0x10", "NaN",
      "1234567890123456789"})
  void badCountsAreRefusedWithPosition(String text) {
    assertThatThrownBy(() -> Cells.count(text, 7, 3))
        .isInstanceOfSatisfying(CaseDataFormatException.class, e -> {
          assertThat(e.line()).isEqualTo(7);
          assertThat(e.column()).isEqualTo(3);
        });
  }

  @Test
  void dates() throws Exception {
    assertThat(Cells.isoDate("2020-02-29", 1, 1)).isEqualTo(LocalDate.of(2020, 2, 29));
    assertThat(Cells.jhuDate("1/22/20", 1, 5)).isEqualTo(LocalDate.of(2020, 1, 22));
    assertThat(Cells.jhuDate("12/14/2020", 1, 5)).isEqualTo(LocalDate.of(2020, 12, 14));
    assertThat(Cells.looksLikeJhuDate("Lat")).isFalse();
    assertThatThrownBy(() -> Cells.isoDate("2021-02-29", 1, 1))
        .hasMessageContaining("no such date");
    assertThatThrownBy(() -> Cells.isoDate("1999-12-31", 1, 1))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Cells.isoDate("2020-1-5", 1, 1))
        .hasMessageContaining("YYYY-MM-DD");
  }
}
