package org.lazaret.casedata.place;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Labels from every source map to one id scheme; populations come with them. */
class PlacesTest {
  private final Places places = Places.standard();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "US|USA", "United States|USA", "Korea, South|KOR", "South Korea|KOR", "Taiwan*|TWN",
        "Congo (Kinshasa)|COD", "Democratic Republic of Congo|COD", "Congo (Brazzaville)|COG",
        "Cote d'Ivoire|CIV", "Burma|MMR", "West Bank and Gaza|PSE", "Palestine|PSE",
        "Kosovo|XKX", "Czech Republic|CZE", "Czechia|CZE", "Cape Verde|CPV", "Cabo Verde|CPV",
        "Faeroe Islands|FRO", "Swaziland|SWZ", "Eswatini|SWZ", "Timor|TLS", "Vatican|VAT",
        "Holy See|VAT", "Macedonia|MKD", "North Macedonia|MKD", "Hong Kong|HKG",
        "Diamond Princess|SHIP_DIAMOND_PRINCESS", "MS Zaandam|SHIP_MS_ZAANDAM",
        "World|OWID_WRL", "International|OWID_INT", "Europe|OWID_EUR",
        "Greenland|GRL", "Bermuda|BMU", "Sint Maarten (Dutch part)|SXM", "italy|ITA"
      })
  void labelsMapToOneScheme(String label, String id) {
    assertThat(places.byLabel(label)).contains(PlaceId.of(id));
  }

  @Test
  void shipsAndAggregatesAreNotCountries() {
    assertThat(PlaceId.of("SHIP_DIAMOND_PRINCESS").kind()).isEqualTo(PlaceKind.SHIP);
    assertThat(PlaceId.of("OWID_WRL").kind()).isEqualTo(PlaceKind.AGGREGATE);
    assertThat(PlaceId.of("US-NY").kind()).isEqualTo(PlaceKind.SUBDIVISION);
    assertThat(PlaceId.of("JHU_CHANNEL_ISLANDS").kind()).isEqualTo(PlaceKind.OTHER);
    assertThat(PlaceId.of("XKX").kind()).isEqualTo(PlaceKind.COUNTRY);
    assertThatThrownBy(() -> PlaceId.of("usa")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PlaceId.of("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sourceCodesAreNormalised() {
    assertThat(Places.code("XKS")).contains(PlaceId.of("XKX"));
    assertThat(Places.code("OWID_KOS")).contains(PlaceId.of("XKX"));
    assertThat(Places.code("owid_wrl")).contains(PlaceId.of("OWID_WRL"));
    assertThat(Places.code("12")).isEmpty();
    assertThat(places.owid("", "International")).contains(PlaceId.of("OWID_INT"));
  }

  @Test
  void jhuRowsArePlacedByTheirOwnIsoCode() {
    assertThat(places.jhu("Denmark", "Greenland", ""))
        .contains(new JhuPlace(PlaceId.of("GRL"), true, Optional.empty(), false));
    assertThat(places.jhu("Denmark", "", ""))
        .contains(new JhuPlace(PlaceId.of("DNK"), true, Optional.empty(), false));
    assertThat(places.jhu("United Kingdom", "England", ""))
        .contains(new JhuPlace(PlaceId.of("GBR"), false, Optional.empty(), false));
    assertThat(places.jhu("US", "New York", "Albany"))
        .contains(new JhuPlace(PlaceId.of("USA"), false, Optional.of(PlaceId.of("US-NY")), false));
    assertThat(places.jhu("US", "New York", ""))
        .contains(new JhuPlace(PlaceId.of("USA"), false, Optional.of(PlaceId.of("US-NY")), true));
    assertThat(places.jhu("US", "Puerto Rico", ""))
        .contains(new JhuPlace(PlaceId.of("PRI"), true, Optional.of(PlaceId.of("US-PR")), true));
    // a county the lookup table lacks still counts towards its state
    assertThat(places.jhu("US", "Alaska", "Yakutat"))
        .contains(new JhuPlace(PlaceId.of("USA"), false, Optional.of(PlaceId.of("US-AK")), false));
    assertThat(places.jhu("Canada", "Repatriated Travellers", "").map(JhuPlace::place))
        .contains(PlaceId.of("CAN"));
    assertThat(places.jhu("Atlantis", "", "")).isEmpty();
  }

  @Test
  void usStatesByNameFipsOrPostalCode() {
    assertThat(places.usState("New York")).contains(PlaceId.of("US-NY"));
    assertThat(places.usState("36")).contains(PlaceId.of("US-NY"));
    assertThat(places.usState("6")).contains(PlaceId.of("US-CA"));
    assertThat(places.usState("DC")).contains(PlaceId.of("US-DC"));
    assertThat(places.usState("Narnia")).isEmpty();
  }

  @Test
  void populationsFromTheJhuTableThenOwid() {
    // UID_ISO_FIPS_LookUp_Table.csv: "840,US,USA,...,US,329466283", "304,GL,GRL,...,56772"
    assertThat(places.population(PlaceId.of("USA"))).hasValue(329466283L);
    assertThat(places.population(PlaceId.of("GRL"))).hasValue(56772L);
    assertThat(places.population(PlaceId.of("US-NY"))).hasValue(19453561L);
    // Jersey is only in OWID's locations (ECDC population 2020)
    assertThat(places.population(PlaceId.of("JEY"))).hasValue(101073L);
    assertThat(places.population(PlaceId.of("OWID_INT"))).isEmpty();
    assertThat(places.place(PlaceId.of("ITA")).orElseThrow().name()).isEqualTo("Italy");
    assertThat(places.all()).extracting(Place::id).isSorted();
  }
}
