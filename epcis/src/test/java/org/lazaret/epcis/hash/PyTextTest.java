package org.lazaret.epcis.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Goal: numeric and scalar text is written exactly as the reference (Python) writes it, since every
 * such value is hashed. Method: expected outputs are what CPython 3 prints for str(float(x)) /
 * str(int(float(x))), which the README's rule 6 ("no trailing zeros") describes.
 */
class PyTextTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "1.0|1",
        "452.0|452",
        "0.3434|0.3434",
        "0.34340|0.3434",
        "26|26",
        "+5|5",
        "-0.0|0",
        "1e5|100000",
        "1E+05|100000",
        ".5|0.5",
        "5.|5",
        "0.0001|0.0001",
        "0.00001|1e-05",
        "1.5e-7|1.5e-07",
        "123.456e2|12345.6",
        "1_000|1000",
        "12345678901234567890|12345678901234567168",
        "042|42",
        "1e22|10000000000000000000000",
        "-2.50|-2.5",
        "0.1|0.1",
        "23.319941|23.319941"
      })
  void numbersLoseTrailingZerosAsInPython(String input, String expected) {
    assertThat(PyText.numeric(input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} stays")
  @CsvSource(
      delimiter = '|',
      value = {
        "abc",
        "2019-10-21",
        "+01:00",
        "nan",
        "Infinity",
        "0x10",
        "1__0",
        "_1",
        "1_",
        "1.2.3",
        "e5",
        "urn:epc:id:sgtin:0614141.107346.2017",
        "True"
      })
  void nonNumbersAreUnchanged(String input) {
    assertThat(PyText.numeric(input)).isEqualTo(input);
  }

  @Test
  void jsonScalarsReadAsPythonStrings() {
    assertThat(PyText.scalar(BooleanNode.TRUE)).isEqualTo("True");
    assertThat(PyText.scalar(BooleanNode.FALSE)).isEqualTo("False");
    assertThat(PyText.scalar(NullNode.instance)).isEqualTo("None");
    assertThat(PyText.scalar(DecimalNode.valueOf(new BigDecimal("452.0")))).isEqualTo("452.0");
    assertThat(PyText.scalar(DecimalNode.valueOf(new BigDecimal("1E+16")))).isEqualTo("1e+16");
  }

  @Test
  void unicodeDigitsCountAsDigits() {
    assertThat(PyText.numeric("\u0661\u0662")).isEqualTo("12");
  }

  @Test
  void stripRemovesPythonWhitespaceIncludingNoBreakSpace() {
    assertThat(PyText.strip("\u00a0\t x \u0085\n")).isEqualTo("x");
    assertThat(PyText.strip("   ")).isEmpty();
  }

  @Test
  void sortingIsByCodePointNotUtf16Unit() {
    String supplementary = new String(Character.toChars(0x1F600));
    assertThat(PyText.compareCodePoints("\uFF01", supplementary)).isNegative();
    assertThat("\uFF01".compareTo(supplementary)).isPositive();
    assertThat(PyText.compareCodePoints("a", "ab")).isNegative();
    assertThat(PyText.compareCodePoints("B", "a")).isNegative();
  }
}
