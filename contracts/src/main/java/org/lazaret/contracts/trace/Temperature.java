package org.lazaret.contracts.trace;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;
import java.util.Optional;

/**
 * A temperature held exactly, as a fraction of milli-degrees Celsius: {@code numerator /
 * denominator}. Fahrenheit readings convert to Celsius through a factor of 5/9, which has no
 * finite decimal form (36 °F is 2.2222… °C), so the contract keeps the ninths instead of rounding:
 * a reading compares with a range bound by cross-multiplication, never through a {@code double}.
 * Every node therefore decides a breach identically, whatever the unit it was reported in.
 *
 * @param numerator milli-degrees Celsius times {@code denominator}
 * @param denominator 1 for Celsius and Kelvin, 9 for Fahrenheit
 */
public record Temperature(BigDecimal numerator, int denominator) {
  /** Absolute zero in milli-degrees Celsius; no range may go below it. */
  public static final long ABSOLUTE_ZERO_MILLI_CELSIUS = -273_150;

  /**
   * Integer digits a reading may have before it is refused as meaningless: BigDecimal arithmetic
   * on a value such as 1E+999999999 would build a number with a billion digits.
   */
  static final int INTEGER_DIGITS_MAX = 12;

  static final int FRACTION_DIGITS_MAX = 18;

  private static final BigDecimal KELVIN_OFFSET = new BigDecimal("273.15");
  private static final BigDecimal FAHRENHEIT_OFFSET = BigDecimal.valueOf(32);
  private static final BigDecimal FAHRENHEIT_MILLI_FACTOR = BigDecimal.valueOf(5_000);

  public Temperature {
    Objects.requireNonNull(numerator, "numerator");
    if (denominator != 1 && denominator != 9) {
      throw new IllegalArgumentException("denominator must be 1 or 9, not " + denominator);
    }
  }

  /** The UN/CEFACT units of temperature EPCIS sensor reports use. */
  public enum Unit {
    CEL,
    FAR,
    KEL;

    /** The unit of a uom code; empty for any other code (including lower case). */
    public static Optional<Unit> of(String uom) {
      for (Unit u : values()) {
        if (u.name().equals(uom)) {
          return Optional.of(u);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * The exact temperature of {@code value} in {@code unit}; empty when the value is so large or
   * so finely divided that it cannot be a measurement (see {@link #INTEGER_DIGITS_MAX}).
   */
  public static Optional<Temperature> of(BigDecimal value, Unit unit) {
    if (value.precision() - value.scale() > INTEGER_DIGITS_MAX || value.scale() > FRACTION_DIGITS_MAX) {
      return Optional.empty();
    }
    Temperature t =
        switch (unit) {
          case CEL -> new Temperature(value.scaleByPowerOfTen(3), 1);
          case KEL -> new Temperature(value.subtract(KELVIN_OFFSET).scaleByPowerOfTen(3), 1);
          case FAR -> new Temperature(value.subtract(FAHRENHEIT_OFFSET).multiply(FAHRENHEIT_MILLI_FACTOR), 9);
        };
    return Optional.of(t);
  }

  /** Negative, zero or positive as this temperature is below, at or above {@code milliCelsius}. */
  public int compareTo(long milliCelsius) {
    return numerator.compareTo(BigDecimal.valueOf(milliCelsius).multiply(BigDecimal.valueOf(denominator)));
  }

  /** The whole number of milli-degrees Celsius this is, when it is one. */
  public Optional<Long> exactMilliCelsius() {
    BigDecimal[] qr = numerator.divideAndRemainder(BigDecimal.valueOf(denominator));
    if (qr[1].signum() != 0 || qr[0].stripTrailingZeros().scale() > 0) {
      return Optional.empty();
    }
    BigInteger whole = qr[0].toBigIntegerExact();
    return whole.bitLength() < 63 ? Optional.of(whole.longValueExact()) : Optional.empty();
  }

  /**
   * Degrees Celsius as a decimal: exact when it has a finite decimal form, else rounded half-even
   * to the micro-degree (the Fahrenheit ninths). Deterministic, for records and display.
   */
  public BigDecimal celsius() {
    BigDecimal den = BigDecimal.valueOf(denominator);
    BigDecimal milli;
    try {
      milli = numerator.divide(den);
    } catch (ArithmeticException nonTerminating) {
      milli = numerator.divide(den, 3, RoundingMode.HALF_EVEN);
    }
    BigDecimal c = milli.scaleByPowerOfTen(-3).stripTrailingZeros();
    return c.scale() < 0 ? c.setScale(0) : c;
  }

  /** Whether {@link #celsius()} is exact. */
  public boolean celsiusExact() {
    try {
      numerator.divide(BigDecimal.valueOf(denominator));
      return true;
    } catch (ArithmeticException nonTerminating) {
      return false;
    }
  }
}
