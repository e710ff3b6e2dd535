package org.lazaret.epcis.gs1;

/**
 * The GS1 mod-10 check digit shared by GTIN, GLN, SSCC, GRAI, GDTI, GCN, GSIN, GSRN and GSRN-P (GS1
 * General Specifications 7.9.1): digits weighted 3 and 1 alternately from the right. Used both to
 * build Digital Link URIs from EPC URNs (which carry no check digit) and to reject Digital Link
 * URIs whose check digit is wrong.
 */
public final class CheckDigit {
  private CheckDigit() {}

  /** The check digit for {@code digits}, a non-empty string of ASCII digits without its check. */
  public static char of(CharSequence digits) {
    if (digits.isEmpty()) {
      throw new IllegalArgumentException("no digits to compute a check digit over");
    }
    int sum = 0;
    boolean three = true;
    for (int i = digits.length() - 1; i >= 0; i--) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("not a digit at position " + i + ": '" + c + "'");
      }
      sum += (c - '0') * (three ? 3 : 1);
      three = !three;
    }
    return (char) ('0' + (10 - sum % 10) % 10);
  }

  /** Whether the last digit of {@code key} is the check digit of the digits before it. */
  public static boolean isValid(CharSequence key) {
    if (key.length() < 2) {
      return false;
    }
    for (int i = 0; i < key.length(); i++) {
      if (key.charAt(i) < '0' || key.charAt(i) > '9') {
        return false;
      }
    }
    return of(key.subSequence(0, key.length() - 1)) == key.charAt(key.length() - 1);
  }
}
