package org.lazaret.epcis.gs1;

import java.util.Map;
import java.util.TreeMap;

/**
 * How long the GS1 Company Prefix is at the start of a key. A Digital Link URI carries the whole
 * key (e.g. GTIN 10614141073464) but an EPC URN splits it into company prefix and reference
 * (0614141.107346), and nothing in the key says where: GS1 publishes the split as its "GCP length
 * table", which is large, changes monthly and cannot be fetched here. So the split is a policy the
 * caller chooses. {@link #DEFAULT} uses 7 digits, the length of every company prefix in the GS1
 * EPCIS/CBV examples and test vectors (0614141, 4012345, 4054739, ...); an operator who needs exact
 * URNs for other prefixes loads GS1's table with {@link #table}. Whatever the policy, the canonical
 * form of one item is unique: URNs are normalised by going through the Digital Link, so a URN
 * written with another split still maps to the same canonical URN.
 */
@FunctionalInterface
public interface CompanyPrefixLengths {
  /** Shortest and longest company prefix an EPC URN can carry (EPC Tag Data Standard). */
  int LENGTH_MIN = 6;

  int LENGTH_MAX = 12;

  /** Seven digits for every prefix. */
  CompanyPrefixLengths DEFAULT = fixed(7);

  /**
   * The company prefix length for a key whose company prefix starts at the beginning of {@code
   * digits} (the caller has already removed an indicator or extension digit).
   */
  int lengthOf(String digits);

  /** The same length for every key. */
  static CompanyPrefixLengths fixed(int length) {
    if (length < LENGTH_MIN || length > LENGTH_MAX) {
      throw new IllegalArgumentException(
          "company prefix length must be " + LENGTH_MIN + ".." + LENGTH_MAX + ", was " + length);
    }
    return digits -> length;
  }

  /**
   * The length of the longest matching prefix in {@code prefixToLength} (as in GS1's table, e.g.
   * "0614141" -> 7, "49" -> 9), else {@code fallback}.
   */
  static CompanyPrefixLengths table(Map<String, Integer> prefixToLength, int fallback) {
    fixed(fallback);
    TreeMap<String, Integer> copy = new TreeMap<>(prefixToLength);
    copy.values().forEach(CompanyPrefixLengths::fixed);
    return digits -> {
      for (int end = Math.min(digits.length(), LENGTH_MAX); end > 0; end--) {
        Integer length = copy.get(digits.substring(0, end));
        if (length != null) {
          return length;
        }
      }
      return fallback;
    };
  }
}
