package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Goal: every spelling of a standard CBV value compares equal; user vocabulary is kept whole. */
class CbvTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "shipping, shipping",
    "urn:epcglobal:cbv:bizstep:shipping, shipping",
    "https://ref.gs1.org/cbv/BizStep-shipping, shipping",
    "cbv:BizStep-shipping, shipping",
    "urn:epcglobal:cbv:disp:in_transit, in_transit",
    "https://ref.gs1.org/cbv/Disp-in_transit, in_transit",
    "https://ref.gs1.org/cbv/BTT-po, po",
    "urn:epcglobal:cbv:sdt:owning_party, owning_party",
    "https://ref.gs1.org/cbv/ER-incorrect_data, incorrect_data",
    "gs1:Temperature, Temperature",
    "https://gs1.org/voc/Temperature, Temperature",
    "' shipping ', shipping",
    "http://epcis.example.com/user/vocab/bizstep/exampling,"
        + " http://epcis.example.com/user/vocab/bizstep/exampling",
    "https://ref.gs1.org/cbv/Unknown-thing, https://ref.gs1.org/cbv/Unknown-thing",
    "urn:epcglobal:cbv:bizstep:, urn:epcglobal:cbv:bizstep:"
  })
  void shortForm(String value, String expected) {
    assertThat(Cbv.shortForm(value)).isEqualTo(expected);
  }
}
