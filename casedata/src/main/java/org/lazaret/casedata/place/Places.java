package org.lazaret.casedata.place;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps every source's place labels to one {@link PlaceId} scheme and knows each place's
 * population. Built from bundled tables: the JHU CSSE {@code UID_ISO_FIPS_LookUp_Table.csv}
 * (country, province and county rows with ISO codes and populations), OWID's location names with
 * the ISO codes of {@code owid-covid-data.csv} and the ECDC populations of {@code locations.csv},
 * the US states with their FIPS and postal codes, and a hand-kept alias list for renamed countries,
 * historical JHU spellings, OWID aggregates and ships.
 *
 * <p>A JHU row is placed by the ISO3 code of its own lookup-table row, so territories listed as
 * provinces (Greenland under Denmark, Bermuda under the United Kingdom, Hong Kong under China,
 * Puerto Rico under the US) are their own places and never add to the country. Immutable and
 * safe to share between threads.
 */
public final class Places {
  private static final Pattern POSTAL_SUFFIX = Pattern.compile(".+,\\s*([A-Z]{2})");
  private static final Map<String, String> CODE_SYNONYMS = Map.of("XKS", "XKX", "OWID_KOS", "XKX");

  private final Map<String, PlaceId> aliases = new HashMap<>();
  private final Map<String, PlaceId> owidLocations = new HashMap<>();
  private final Map<String, Entry> jhuRows = new HashMap<>();
  private final Map<PlaceId, Entry> topEntries = new TreeMap<>();
  private final Map<String, PlaceId> entityNames = new HashMap<>();
  private final Map<String, String> jhuCountryNames = new HashMap<>();
  private final Map<String, State> states = new HashMap<>();
  private final Map<PlaceId, Place> places = new TreeMap<>();

  private record Entry(PlaceId id, String country, String province, String admin2, long population) {
    int rank() {
      return province.isEmpty() ? 0 : admin2.isEmpty() ? 1 : 2;
    }

    String name() {
      return province.isEmpty() ? country : admin2.isEmpty() ? province : admin2;
    }
  }

  private record State(PlaceId id, String name, String fips) {}

  private static final class Holder {
    static final Places STANDARD = new Places();
  }

  /** The tables bundled with this library; loaded once. */
  public static Places standard() {
    return Holder.STANDARD;
  }

  private Places() {
    Map<PlaceId, String> displayNames = new HashMap<>();
    Map<PlaceId, Long> populations = new HashMap<>();
    for (PlaceTables.Row row : PlaceTables.read("place-aliases.csv")) {
      PlaceId id = PlaceId.of(row.get("id"));
      aliases.putIfAbsent(key(row.get("label")), id);
      displayNames.putIfAbsent(id, row.get("label"));
    }
    for (PlaceTables.Row row : PlaceTables.read("owid-locations.csv")) {
      String iso = row.get("iso_code");
      Optional<PlaceId> id =
          iso.isEmpty() ? Optional.ofNullable(aliases.get(key(row.get("location")))) : code(iso);
      if (id.isEmpty()) {
        throw new IllegalStateException("OWID location without a place: " + row.get("location"));
      }
      owidLocations.put(key(row.get("location")), id.get());
      owidLocations.putIfAbsent(key(row.get("ecdc_name")), id.get());
      displayNames.put(id.get(), row.get("location"));
      if (!row.get("population").isEmpty()) {
        populations.putIfAbsent(id.get(), Long.parseLong(row.get("population")));
      }
    }
    loadJhu(displayNames, populations);
    loadStates(displayNames, populations);
    for (PlaceId id : displayNames.keySet()) {
      Long population = populations.get(id);
      places.put(
          id,
          new Place(
              id,
              displayNames.get(id),
              population == null ? OptionalLong.empty() : OptionalLong.of(population)));
    }
  }

  private void loadJhu(Map<PlaceId, String> displayNames, Map<PlaceId, Long> populations) {
    for (PlaceTables.Row row : PlaceTables.read("UID_ISO_FIPS_LookUp_Table.csv")) {
      String country = row.get("country_region");
      String province = row.get("province_state");
      String admin2 = row.get("admin2");
      PlaceId id = jhuEntryId(row.get("iso3"), country, province);
      String population = row.get("population");
      Entry entry =
          new Entry(id, country, province, admin2, population.isEmpty() ? 0 : parse(population));
      jhuRows.putIfAbsent(jhuKey(country, province, admin2), entry);
      Entry top = topEntries.get(id);
      if (top == null || entry.rank() < top.rank()) {
        topEntries.put(id, entry);
      }
      if (entry.rank() == 0) {
        jhuCountryNames.put(key(country), country);
      }
    }
    for (Entry top : topEntries.values()) {
      entityNames.putIfAbsent(key(top.name()), top.id());
      displayNames.putIfAbsent(top.id(), top.name());
      if (top.population() > 0) {
        populations.put(top.id(), top.population());
      }
    }
  }

  private void loadStates(Map<PlaceId, String> displayNames, Map<PlaceId, Long> populations) {
    for (PlaceTables.Row row : PlaceTables.read("us-states.csv")) {
      PlaceId id = PlaceId.of("US-" + row.get("code"));
      State state = new State(id, row.get("name"), row.get("fips"));
      states.put(key(state.name()), state);
      states.put(key(state.fips()), state);
      states.put(key(row.get("code")), state);
      displayNames.put(id, state.name());
      Entry entry = jhuRows.get(jhuKey("US", state.name(), ""));
      if (entry == null) {
        throw new IllegalStateException("US state missing from the JHU lookup: " + state.name());
      }
      if (entry.population() > 0) {
        populations.put(id, entry.population());
      }
    }
  }

  private PlaceId jhuEntryId(String iso3, String country, String province) {
    if (!province.isEmpty()) {
      PlaceId override = aliases.get(key(province + ", " + country));
      if (override != null) {
        return override;
      }
    }
    if (!iso3.isEmpty()) {
      return code(iso3).orElseThrow(() -> new IllegalStateException("bad ISO3 " + iso3));
    }
    String name = province.isEmpty() ? country : province;
    PlaceId alias = aliases.get(key(name));
    return alias != null ? alias : PlaceId.of("JHU_" + slug(name));
  }

  /**
   * Places one row of a JHU file (time series or daily report) by its Country/Region,
   * Province/State and Admin2 cells (empty strings where the file has none). Empty when nothing
   * in the tables names the row's country.
   */
  public Optional<JhuPlace> jhu(String country, String province, String admin2) {
    String c = country.trim();
    String p = province.trim();
    String a = admin2.trim();
    String cc = canonicalJhuCountry(c);
    PlaceId id = null;
    boolean whole = false;
    PlaceId override = p.isEmpty() ? null : aliases.get(key(p + ", " + cc));
    Entry entry = jhuRows.get(jhuKey(cc, p, a));
    if (override != null) {
      id = override;
      whole = a.isEmpty();
    } else if (entry != null) {
      id = entry.id();
      whole = a.isEmpty() && topEntries.get(id) == entry;
    } else if (!a.isEmpty() && (entry = jhuRows.get(jhuKey(cc, p, ""))) != null) {
      id = entry.id();
    } else if (!p.isEmpty() && byLabel(p).filter(Places::countryLike).isPresent()) {
      id = byLabel(p).orElseThrow();
      whole = a.isEmpty();
    } else if ((entry = jhuRows.get(jhuKey(cc, "", ""))) != null) {
      id = entry.id();
      whole = p.isEmpty() && a.isEmpty();
    } else {
      Optional<PlaceId> named = byLabel(c);
      if (named.isPresent()) {
        id = named.get();
        whole = p.isEmpty() && a.isEmpty();
      }
    }
    if (id == null) {
      return Optional.empty();
    }
    Optional<State> state = cc.equals("US") ? stateOfJhuProvince(p) : Optional.empty();
    boolean stateWhole = state.isPresent() && a.isEmpty() && key(p).equals(key(state.get().name()));
    return Optional.of(new JhuPlace(id, whole, state.map(State::id), stateWhole));
  }

  /** Any label from any source: aliases, OWID/ECDC location names, then JHU entity names. */
  public Optional<PlaceId> byLabel(String label) {
    String k = key(label);
    PlaceId id = aliases.get(k);
    if (id == null) {
      id = owidLocations.get(k);
    }
    if (id == null) {
      id = entityNames.get(k);
    }
    return Optional.ofNullable(id);
  }

  /**
   * An OWID row: its {@code iso_code} when it is a code (ISO3 or OWID_*), else its location name
   * (OWID leaves {@code International} without a code).
   */
  public Optional<PlaceId> owid(String isoCode, String location) {
    String iso = isoCode.trim();
    if (!iso.isEmpty()) {
      return code(iso);
    }
    return byLabel(location);
  }

  /** A US state, DC or territory by name ({@code New York}), FIPS ({@code 36}) or postal code. */
  public Optional<PlaceId> usState(String nameFipsOrPostal) {
    String k = key(nameFipsOrPostal);
    if (k.length() == 1 && Character.isDigit(k.charAt(0))) {
      k = "0" + k;
    }
    State state = states.get(k);
    return state == null ? Optional.empty() : Optional.of(state.id());
  }

  /** A code as written by a source ({@code XKS}, {@code OWID_KOS}) in this scheme. */
  public static Optional<PlaceId> code(String code) {
    String c = code.trim().toUpperCase(Locale.ROOT);
    c = CODE_SYNONYMS.getOrDefault(c, c);
    return PlaceId.isValid(c) ? Optional.of(PlaceId.of(c)) : Optional.empty();
  }

  public Optional<Place> place(PlaceId id) {
    return Optional.ofNullable(places.get(id));
  }

  public OptionalLong population(PlaceId id) {
    Place place = places.get(id);
    return place == null ? OptionalLong.empty() : place.population();
  }

  /** Every place the tables name, ordered by id. */
  public List<Place> all() {
    return Collections.unmodifiableList(new ArrayList<>(places.values()));
  }

  private Optional<State> stateOfJhuProvince(String province) {
    State state = states.get(key(province));
    if (state != null && !province.chars().allMatch(Character::isDigit)) {
      return Optional.of(state);
    }
    Matcher m = POSTAL_SUFFIX.matcher(province);
    if (m.matches()) {
      return Optional.ofNullable(states.get(key(m.group(1))));
    }
    return Optional.empty();
  }

  private String canonicalJhuCountry(String country) {
    String known = jhuCountryNames.get(key(country));
    if (known != null) {
      return known;
    }
    Optional<PlaceId> id = byLabel(country);
    if (id.isPresent()) {
      Entry top = topEntries.get(id.get());
      if (top != null && top.rank() == 0) {
        return top.country();
      }
    }
    return country;
  }

  private static boolean countryLike(PlaceId id) {
    return id.kind() != PlaceKind.SUBDIVISION;
  }

  private static String jhuKey(String country, String province, String admin2) {
    return key(country) + '\u0000' + key(province) + '\u0000' + key(admin2);
  }

  private static String key(String label) {
    return label.trim().toLowerCase(Locale.ROOT);
  }

  private static String slug(String name) {
    String s = name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    return s.replaceAll("^_+|_+$", "");
  }

  private static long parse(String population) {
    try {
      return Long.parseLong(population);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("bad population in the JHU lookup: " + population, e);
    }
  }
}
