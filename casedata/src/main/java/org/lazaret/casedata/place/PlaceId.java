package org.lazaret.casedata.place;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one identifier every source's place label is mapped to, so that observations from JHU,
 * OWID and NYT can be joined. The scheme:
 *
 * <ul>
 *   <li>countries and territories: ISO 3166-1 alpha-3 ({@code USA}, {@code GRL}, {@code PRI});
 *       Kosovo, which has no ISO code, is {@code XKX} (the code OWID, the EU and the IMF use;
 *       JHU's {@code XKS} and OWID's later {@code OWID_KOS} both map to it);
 *   <li>subdivisions: ISO 3166-2 ({@code US-NY}; US territories as {@code US-PR} etc.); only US
 *       states, DC and territories are produced today;
 *   <li>source aggregates: OWID's own codes ({@code OWID_WRL} World, {@code OWID_INT}
 *       International, {@code OWID_EUR} Europe, ...), never confused with a country;
 *   <li>ships: {@code SHIP_DIAMOND_PRINCESS}, {@code SHIP_GRAND_PRINCESS}, {@code SHIP_MS_ZAANDAM};
 *   <li>anything else a source reports: {@code JHU_} plus the upper-case name
 *       ({@code JHU_CHANNEL_ISLANDS}).
 * </ul>
 *
 * The kind follows from the shape, see {@link #kind()}.
 */
public record PlaceId(String code) implements Comparable<PlaceId> {
  private static final Pattern COUNTRY = Pattern.compile("[A-Z]{3}");
  private static final Pattern SUBDIVISION = Pattern.compile("[A-Z]{2}-[A-Z0-9]{1,3}");
  private static final Pattern AGGREGATE = Pattern.compile("OWID_[A-Z0-9]+");
  private static final Pattern SHIP = Pattern.compile("SHIP_[A-Z0-9_]+");
  private static final Pattern OTHER = Pattern.compile("JHU_[A-Z0-9_]+");

  public PlaceId {
    Objects.requireNonNull(code, "code");
    if (kindOf(code) == null) {
      throw new IllegalArgumentException("not a place id: '" + code + "'");
    }
  }

  public static PlaceId of(String code) {
    return new PlaceId(code);
  }

  /** True when {@code code} has the shape of a place id. */
  public static boolean isValid(String code) {
    return code != null && kindOf(code) != null;
  }

  public PlaceKind kind() {
    return kindOf(code);
  }

  @Override
  public int compareTo(PlaceId other) {
    return code.compareTo(other.code);
  }

  @Override
  public String toString() {
    return code;
  }

  private static PlaceKind kindOf(String code) {
    if (COUNTRY.matcher(code).matches()) {
      return PlaceKind.COUNTRY;
    }
    if (SUBDIVISION.matcher(code).matches()) {
      return PlaceKind.SUBDIVISION;
    }
    if (AGGREGATE.matcher(code).matches()) {
      return PlaceKind.AGGREGATE;
    }
    if (SHIP.matcher(code).matches()) {
      return PlaceKind.SHIP;
    }
    if (OTHER.matcher(code).matches()) {
      return PlaceKind.OTHER;
    }
    return null;
  }
}
