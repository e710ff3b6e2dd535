package org.lazaret.casedata.place;

import java.util.Objects;
import java.util.Optional;

/**
 * Where one JHU row belongs. {@code place} is the country-level id the row counts towards;
 * {@code whole} says the row is that place's own total rather than a part of it (a province, a
 * county, a cruise ship counted in the country), which is how a country row and its province rows
 * in the same file are kept from being counted twice. The same for the US state, if any.
 */
public record JhuPlace(
    PlaceId place, boolean whole, Optional<PlaceId> subdivision, boolean subdivisionWhole) {
  public JhuPlace {
    Objects.requireNonNull(place, "place");
    Objects.requireNonNull(subdivision, "subdivision");
    if (subdivision.isEmpty() && subdivisionWhole) {
      throw new IllegalArgumentException("subdivisionWhole without a subdivision");
    }
  }
}
