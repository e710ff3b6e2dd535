package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lazaret.epcis.gs1.CompanyPrefixLengths;

/**
 * Goal: one item, one identity: EPC URNs and Digital Links of the same GS1 key normalise to the
 * same canonical URN and the same canonical Digital Link; other identifiers pass unchanged;
 * malformed GS1 identifiers are rejected with a reason.
 */
class IdentifiersTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://id.gs1.org/01/10614141073464/21/2017|urn:epc:id:sgtin:0614141.107346.2017",
        "https://brand.example.com/shop/01/10614141073464/21/2017?linkType=all|urn:epc:id:sgtin:0614141.107346.2017",
        "https://id.gs1.org/gtin/10614141073464/ser/2017|urn:epc:id:sgtin:0614141.107346.2017",
        "urn:epc:id:sgtin:0614141.107346.2017|urn:epc:id:sgtin:0614141.107346.2017",
        "https://id.gs1.org/01/10614141073464/10/LOT-7|urn:epc:class:lgtin:0614141.107346.LOT-7",
        "https://id.gs1.org/01/10614141073464/10/LOT-7/21/2017|urn:epc:id:sgtin:0614141.107346.2017",
        "https://id.gs1.org/01/10614141073464|urn:epc:idpat:sgtin:0614141.107346.*",
        "https://id.gs1.org/00/106141412345678908|urn:epc:id:sscc:0614141.1234567890",
        "https://id.gs1.org/414/0614141073467/254/1234|urn:epc:id:sgln:0614141.07346.1234",
        "https://id.gs1.org/414/0614141073467|urn:epc:id:sgln:0614141.07346.0",
        "https://id.gs1.org/417/0614141000005|urn:epc:id:pgln:0614141.00000",
        "https://id.gs1.org/8003/04012345000221334455|urn:epc:id:grai:4012345.00022.334455",
        "https://id.gs1.org/8004/4012345ABC%2F345|urn:epc:id:giai:4012345.ABC%2F345",
        "https://id.gs1.org/8018/401234500000067657|urn:epc:id:gsrn:4012345.0000006765",
        "https://id.gs1.org/8017/401234500000000074|urn:epc:id:gsrnp:4012345.0000000007",
        "https://id.gs1.org/253/4012345000092PO-4711|urn:epc:id:gdti:4012345.00009.PO-4711",
        "https://id.gs1.org/255/401234567890104711|urn:epc:id:sgcn:4012345.67890.04711",
        "https://id.gs1.org/401/0614141xyz47%2F11|urn:epc:id:ginc:0614141.xyz47%2F11",
        "https://id.gs1.org/402/40123452223334442|urn:epc:id:gsin:4012345.222333444",
        "https://id.gs1.org/8006/040123451111180102/21/987|urn:epc:id:itip:4012345.011111.01.02.987",
        "https://id.gs1.org/8010/061414111111111111111-A%23%2F/8011/1234|urn:epc:id:cpi:0614141.11111111111111-A%23%2F.1234",
        "https://id.gs1.org/01/01234567987651/235/51qIgY%29|urn:epc:id:upui:1234567.098765.51qIgY)",
        "urn:epc:id:sgtin:415056789012.0.987654|urn:epc:id:sgtin:4150567.089012.987654",
        "urn:epc:idpat:upui:1234567.098765.*|urn:epc:idpat:sgtin:1234567.098765.*"
      })
  void normalisesToTheCanonicalUrn(String input, String urn) {
    assertThat(Identifiers.toUrn(input)).isEqualTo(urn);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "urn:epc:id:sgtin:0614141.107346.2017|https://id.gs1.org/01/10614141073464/21/2017",
        "urn:epc:id:sgtin:0614141.812345.6789%2F%26%25%22!%3F()|https://id.gs1.org/01/80614141123458/21/6789%2F%26%25%22%21%3F%28%29",
        "urn:epc:id:sgln:4012345.00005.0|https://id.gs1.org/414/4012345000054",
        "urn:epc:class:lgtin:4012345.012345.Lot987|https://id.gs1.org/01/04012345123456/10/Lot987",
        "https://example.com/gtin/09780345418913/21/765tz?abc=211121|https://id.gs1.org/01/09780345418913/21/765tz",
        "https://id.gs1.org/01/012345678905|https://id.gs1.org/01/00012345678905",
        "https://id.gs1.org/8006/040123451111180102/10/L1|https://id.gs1.org/8006/040123451111180102/10/L1"
      })
  void normalisesToTheCanonicalDigitalLink(String input, String digitalLink) {
    assertThat(Identifiers.toDigitalLink(input)).isEqualTo(digitalLink);
  }

  @Test
  void anItipWithLotHasNoUrnAndStaysADigitalLink() {
    assertThat(Identifiers.toUrn("https://example.org/8006/040123451111180102/10/L1"))
        .isEqualTo("https://id.gs1.org/8006/040123451111180102/10/L1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8",
    "urn:epc:id:gid:95100000.12345.400",
    "http://transaction.acme.com/po/12345678",
    "urn:epcglobal:cbv:bt:0614141073467:1152",
    "https://example.com/01/hello",
    "https://example.com/products/42",
    "not even a URI",
    "urn:epc:idpat:sgtin:0614141.*.*"
  })
  void leavesOtherIdentifiersUnchanged(String id) {
    assertThat(Identifiers.toUrn(id)).isEqualTo(id);
    assertThat(Identifiers.toDigitalLink(id)).isEqualTo(id);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://id.gs1.org/01/10614141073465/21/2017|wrong check digit",
        "https://id.gs1.org/01/1061414107346/21/2017|wrong check digit",
        "https://id.gs1.org/01/106141410734/21/2017|wrong check digit",
        "https://id.gs1.org/01/1234567/21/2017|8, 12, 13 or 14 digits",
        "https://id.gs1.org/00/10614141234567890|must be 18 digits",
        "https://id.gs1.org/01/10614141073464/21/has space|GS1 AI characters",
        "https://id.gs1.org/01/10614141073464/21/123456789012345678901|GS1 AI characters",
        "https://id.gs1.org/01/10614141073464/254/1|cannot qualify key 01",
        "https://id.gs1.org/01/10614141073464/21|in pairs",
        "https://id.gs1.org/01/10614141073464/21/1/21/2|appears twice",
        "https://id.gs1.org/01/10614141073464/21/%ZZ|invalid percent escape",
        "urn:epc:id:sgtin:0614141.10734.2017|13 digits together",
        "urn:epc:id:sgtin:06141.1073464.2017|company prefix must be 6..12 digits",
        "urn:epc:id:sgtin:0614141.107346|expected 3 dot-separated fields",
        "urn:epc:id:sgtin:0614141.107346.a b|GS1 AI characters",
        "urn:epc:id:sscc:0614141.123456789|17 digits together",
        "urn:epc:id:cpi:0614141.abc.1|component/part reference"
      })
  void rejectsMalformedGs1Identifiers(String id, String reason) {
    assertThatThrownBy(() -> Identifiers.toUrn(id))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(id)
        .hasMessageContaining(reason);
  }

  @Test
  void theCompanyPrefixSplitFollowsTheGivenTable() {
    CompanyPrefixLengths table = CompanyPrefixLengths.table(Map.of("41505", 12, "0614141", 7), 9);
    assertThat(Identifiers.toUrn("https://id.gs1.org/01/04150567890128/21/987654", table))
        .isEqualTo("urn:epc:id:sgtin:415056789012.0.987654");
    assertThat(Identifiers.toUrn("urn:epc:id:sgtin:0614141.107346.2017", table))
        .isEqualTo("urn:epc:id:sgtin:0614141.107346.2017");
    assertThat(Identifiers.toUrn("https://id.gs1.org/414/4012345000054", table))
        .isEqualTo("urn:epc:id:sgln:401234500.005.0");
  }

  @Test
  void aPrefixLengthThatDoesNotFitTheKeyIsRejected() {
    assertThatThrownBy(
            () -> Identifiers.toUrn("https://id.gs1.org/8004/40ABC", CompanyPrefixLengths.fixed(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no company prefix of 6 to 12 digits");
    // A key too short for the policy's length, but long enough for a shorter prefix, is split there.
    assertThat(Identifiers.toUrn("urn:epc:id:giai:061414.1")).isEqualTo("urn:epc:id:giai:061414.1");
    assertThat(Identifiers.toUrn(Identifiers.toDigitalLink("urn:epc:id:giai:0614141.A"))).isEqualTo("urn:epc:id:giai:0614141.A");
    assertThatThrownBy(() -> CompanyPrefixLengths.fixed(13))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
