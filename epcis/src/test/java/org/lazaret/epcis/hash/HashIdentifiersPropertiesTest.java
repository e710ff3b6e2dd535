package org.lazaret.epcis.hash;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.lazaret.epcis.Identifiers;

/**
 * Goal: the reference-compatible normaliser used for hashing and the strict {@link Identifiers}
 * agree on every well-formed EPC URN, so the Digital Link a client gets back is the one that was
 * hashed. Method: random URNs of every scheme (GRAI only with company prefixes up to 11 digits: the
 * reference's pattern for a 12-digit GRAI prefix demands a third dot and never matches).
 */
class HashIdentifiersPropertiesTest {
  @Provide
  Arbitrary<String> urns() {
    return org.lazaret.epcis.Gs1CasesAccess.urns();
  }

  @Property(tries = 400)
  void referenceAndStrictConversionAgree(@ForAll("urns") String urn) {
    assertThat(HashIdentifiers.canonical(urn)).contains(Identifiers.toDigitalLink(urn));
  }
}
