package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.lazaret.epcis.gs1.CompanyPrefixLengths;

/**
 * Goal: the two spellings of a GS1 identifier convert into each other without loss, for every
 * scheme, company prefix length (6..12) and serial character. Method: random EPC URNs written with
 * a known prefix length; to Digital Link and back with that length must give the URN again, and
 * normalising twice changes nothing. A wrong check digit is never accepted.
 */
class IdentifiersPropertiesTest {
  @Provide
  Arbitrary<Gs1Cases.Case> urns() {
    return Gs1Cases.all(12);
  }

  @Property(tries = 400)
  void urnToDigitalLinkAndBackIsTheIdentity(@ForAll("urns") Gs1Cases.Case c) {
    CompanyPrefixLengths lengths = CompanyPrefixLengths.fixed(c.prefixLength());
    String digitalLink = Identifiers.toDigitalLink(c.urn());
    assertThat(digitalLink).startsWith("https://id.gs1.org/");
    assertThat(Identifiers.toUrn(digitalLink, lengths)).isEqualTo(c.urn());
    assertThat(Identifiers.toUrn(c.urn(), lengths)).isEqualTo(c.urn());
    assertThat(Identifiers.toDigitalLink(digitalLink)).isEqualTo(digitalLink);
  }

  @Property(tries = 200)
  void bothSpellingsHaveOneCanonicalUrn(@ForAll("urns") Gs1Cases.Case c) {
    // Another split policy than the one the URN was written with: still one canonical form.
    CompanyPrefixLengths other = CompanyPrefixLengths.fixed(6);
    String fromUrn = Identifiers.toUrn(c.urn(), other);
    String fromDigitalLink = Identifiers.toUrn(Identifiers.toDigitalLink(c.urn()), other);
    assertThat(fromDigitalLink).isEqualTo(fromUrn);
    assertThat(Identifiers.toDigitalLink(fromUrn)).isEqualTo(Identifiers.toDigitalLink(c.urn()));
  }

  @Provide
  Arbitrary<String> gtinsWithoutCheckDigit() {
    return Arbitraries.strings().numeric().ofLength(13);
  }

  @Property(tries = 200)
  void aDigitalLinkWithAWrongCheckDigitIsRejected(@ForAll("gtinsWithoutCheckDigit") String digits) {
    String wrong = "https://id.gs1.org/01/" + Gs1Cases.withWrongCheckDigit(digits) + "/21/1";
    assertThatThrownBy(() -> Identifiers.toUrn(wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wrong check digit");
  }
}
