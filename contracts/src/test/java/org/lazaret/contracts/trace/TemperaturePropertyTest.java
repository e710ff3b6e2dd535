package org.lazaret.contracts.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The exact conversion of sensor temperatures: a Celsius, Fahrenheit or Kelvin value written from
 * a whole number of milli-degrees Celsius converts back to exactly that number, negative and
 * fractional values included; comparing a reading with a bound agrees with comparing the reading
 * with the bound written in the reading's own unit (no rounding on either side); values no sensor
 * can report are refused rather than computed.
 */
class TemperaturePropertyTest {
  private static BigDecimal fahrenheit(long milliCelsius) {
    // F = C * 9/5 + 32; with C = m / 1000 this is m * 9 / 5000 + 32, a finite decimal
    return BigDecimal.valueOf(milliCelsius).multiply(BigDecimal.valueOf(9)).divide(BigDecimal.valueOf(5_000)).add(BigDecimal.valueOf(32));
  }

  private static BigDecimal kelvin(long milliCelsius) {
    return BigDecimal.valueOf(milliCelsius, 3).add(new BigDecimal("273.15"));
  }

  @Property
  void everyUnitConvertsBackToTheSameMilliDegrees(@ForAll @LongRange(min = -273_150, max = 1_000_000) long m) {
    assertThat(Temperature.of(BigDecimal.valueOf(m, 3), Temperature.Unit.CEL).orElseThrow().exactMilliCelsius()).contains(m);
    assertThat(Temperature.of(fahrenheit(m), Temperature.Unit.FAR).orElseThrow().exactMilliCelsius()).contains(m);
    assertThat(Temperature.of(kelvin(m), Temperature.Unit.KEL).orElseThrow().exactMilliCelsius()).contains(m);
  }

  @Provide
  Arbitrary<BigDecimal> readings() {
    return Arbitraries.bigDecimals().between(new BigDecimal("-500"), new BigDecimal("500")).ofScale(4);
  }

  @Property
  void aFahrenheitReadingComparesWithABoundAsTheFahrenheitValuesDo(@ForAll("readings") BigDecimal f, @ForAll @LongRange(min = -100_000, max = 100_000) long bound) {
    int exact = Integer.signum(Temperature.of(f, Temperature.Unit.FAR).orElseThrow().compareTo(bound));
    assertThat(exact).isEqualTo(Integer.signum(f.compareTo(fahrenheit(bound))));
  }

  @Property
  void aKelvinOrCelsiusReadingComparesWithABoundAsItsValuesDo(@ForAll("readings") BigDecimal v, @ForAll @LongRange(min = -100_000, max = 100_000) long bound) {
    assertThat(Integer.signum(Temperature.of(v, Temperature.Unit.CEL).orElseThrow().compareTo(bound))).isEqualTo(Integer.signum(v.compareTo(BigDecimal.valueOf(bound, 3))));
    assertThat(Integer.signum(Temperature.of(v, Temperature.Unit.KEL).orElseThrow().compareTo(bound))).isEqualTo(Integer.signum(v.compareTo(kelvin(bound))));
  }

  @Example
  void ninthsOfADegreeAreNotWholeMilliDegreesAndShowRoundedToTheMicroDegree() {
    Temperature t = Temperature.of(new BigDecimal("36"), Temperature.Unit.FAR).orElseThrow();
    assertThat(t.exactMilliCelsius()).isEmpty();
    assertThat(t.celsius()).isEqualByComparingTo("2.222222");
    assertThat(t.compareTo(2_222)).isPositive();
    assertThat(t.compareTo(2_223)).isNegative();
    assertThat(Temperature.of(new BigDecimal("-40"), Temperature.Unit.FAR).orElseThrow().celsius().toPlainString()).isEqualTo("-40");
    assertThat(Temperature.of(new BigDecimal("2.0005"), Temperature.Unit.CEL).orElseThrow().exactMilliCelsius()).isEmpty();
  }

  @Example
  void valuesNoSensorReportsAreRefused() {
    assertThat(Temperature.of(new BigDecimal("1E+999999999"), Temperature.Unit.FAR)).isEmpty();
    assertThat(Temperature.of(new BigDecimal("1E-999999999"), Temperature.Unit.CEL)).isEmpty();
    assertThat(Temperature.of(new BigDecimal("123456789012"), Temperature.Unit.CEL)).isPresent();
    assertThat(Temperature.Unit.of("cel")).isEmpty();
    assertThat(Temperature.Unit.of("FAR")).contains(Temperature.Unit.FAR);
  }
}
