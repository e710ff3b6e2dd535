package org.lazaret.epcis.hash;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Goal: identifiers in events become the constrained canonical Digital Link the reference writes
 * (README steps 3-4), including its treatment of escapes, and values that are no GS1 identifier are
 * left alone. The URN cases are the epclist_normalisation vector, one per scheme.
 */
class HashIdentifiersTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "urn:epc:id:sgtin:4012345.011111.9876|https://id.gs1.org/01/04012345111118/21/9876",
        "urn:epc:id:sgtin:4012345.011111.98%22|https://id.gs1.org/01/04012345111118/21/98%22",
        "urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()|https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
        "urn:epc:id:sscc:4012345.3111111111|https://id.gs1.org/00/340123451111111111",
        "urn:epc:id:sgln:4012345.00005.0|https://id.gs1.org/414/4012345000054",
        "urn:epc:id:sgln:4012345.00005.122|https://id.gs1.org/414/4012345000054/254/122",
        "urn:epc:id:grai:4012345.00022.334455|https://id.gs1.org/8003/04012345000221334455",
        "urn:epc:id:giai:4012345.ABC345|https://id.gs1.org/8004/4012345ABC345",
        "urn:epc:id:gsrn:4012345.0000006765|https://id.gs1.org/8018/401234500000067657",
        "urn:epc:id:gsrnp:4012345.0000000007|https://id.gs1.org/8017/401234500000000074",
        "urn:epc:id:gdti:987659999999..9|https://id.gs1.org/253/98765999999929",
        "urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234|https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234",
        "urn:epc:id:sgcn:4012345.67890.04711|https://id.gs1.org/255/401234567890104711",
        "urn:epc:id:ginc:0614141.xyz47%2F11|https://id.gs1.org/401/0614141xyz47%2F11",
        "urn:epc:id:gsin:4012345.222333444|https://id.gs1.org/402/40123452223334442",
        "urn:epc:id:itip:4012345.011111.01.02.987|https://id.gs1.org/8006/040123451111180102/21/987",
        "urn:epc:id:upui:1234567.098765.51qIgY)%3C%26Jp3*j7'SDB|https://id.gs1.org/01/01234567987651/235/51qIgY%29%3C%26Jp3%2Aj7'SDB",
        "urn:epc:id:pgln:999999999999.|https://id.gs1.org/417/9999999999994",
        "urn:epc:class:lgtin:4012345.012345.Lot987|https://id.gs1.org/01/04012345123456/10/Lot987",
        "urn:epc:idpat:sgtin:4012345.066666.*|https://id.gs1.org/01/04012345666663",
        "urn:epc:idpat:grai:4012345.00022.*|https://id.gs1.org/8003/04012345000221",
        "urn:epc:idpat:itip:4012345.011111.01.02.*|https://id.gs1.org/8006/040123451111180102",
        "urn:epc:idpat:cpi:0614141.123ABC.*|https://id.gs1.org/8010/0614141123ABC"
      })
  void epcUrnsBecomeCanonicalDigitalLinks(String urn, String digitalLink) {
    assertThat(HashIdentifiers.canonical(urn)).contains(digitalLink);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://id.gs1.de/01/04012345999990/21/XYZ-1234|https://id.gs1.org/01/04012345999990/21/XYZ-1234",
        "https://example.com/gtin/09780345418913/21/765tz?abc=211121|https://id.gs1.org/01/09780345418913/21/765tz",
        "https://id.gs1.org/01/4012345111118|https://id.gs1.org/01/04012345111118",
        "https://id.gs1.org/01/012345678905|https://id.gs1.org/01/00012345678905",
        "https://id.gs1.org/01/12345670|https://id.gs1.org/01/00000012345670",
        "https://id.gs1.org/01/04012345111118/10/LOT1/21/SER1|https://id.gs1.org/01/04012345111118/21/SER1",
        "https://id.gs1.org/01/04012345111118/22/V1/10/LOT1|https://id.gs1.org/01/04012345111118/10/LOT1",
        "http://shop.example.com/x/414/4012345000054|https://id.gs1.org/414/4012345000054"
      })
  void digitalLinksAreConstrainedToTheCanonicalForm(String input, String canonical) {
    assertThat(HashIdentifiers.canonical(input)).contains(canonical);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://transaction.acme.com/po/12345678",
        "urn:epcglobal:cbv:bt:0614141073467:1152",
        "urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8",
        "https://id.gs1.org/01/04012345111118/21/98%22",
        "urn:epc:id:sgtin:4012345.011111",
        "urn:epc:id:gid:95100000.12345.400",
        "OBSERVE"
      })
  void otherValuesAreNotIdentifiers(String value) {
    assertThat(HashIdentifiers.canonical(value)).isEmpty();
  }

  @Test
  void aCpvWithoutFurtherQualifierKeepsItsLastCharacterAsTheReferenceDoes() {
    // Reference quirk: a CPV followed by a slash-free tail is cut with x[-1:], not dropped.
    assertThat(HashIdentifiers.canonical("https://id.gs1.org/01/04012345111118/22/V1"))
        .contains("https://id.gs1.org/01/04012345111118");
  }
}
