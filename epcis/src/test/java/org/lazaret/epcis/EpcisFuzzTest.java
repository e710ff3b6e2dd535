package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Goal: outside input never escapes the documented failure modes. EpcisDocument.parse and
 * EventHash.hashIds may only throw {@link EpcisFormatException}; EpcisValidator.validate never
 * throws; Identifiers may only reject with IllegalArgumentException, and whatever it accepts is a
 * fixed point of normalisation. Without JAZZER_FUZZ these replay the seed inputs in
 * src/test/resources/org/lazaret/epcis/EpcisFuzzTestInputs/ as regression tests.
 */
class EpcisFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      EpcisDocument document = EpcisDocument.parse(text);
      assertThat(document.events())
          .allSatisfy(e -> assertThat(e.hashId()).startsWith("ni:///sha-256;"));
    } catch (EpcisFormatException expected) {
      assertThat(expected.position()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void hashIds(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    try {
      assertThat(EventHash.hashIds(text)).hasSameSizeAs(EventHash.preHashes(text));
    } catch (EpcisFormatException expected) {
      assertThat(expected.reason()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void validate(byte[] input) {
    Validation result = EpcisValidator.validate(new String(input, StandardCharsets.UTF_8));
    switch (result) {
      case Validation.Valid valid -> assertThat(valid.isValid()).isTrue();
      case Validation.Invalid invalid -> assertThat(invalid.path()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void identifiers(byte[] input) {
    String id = new String(input, StandardCharsets.UTF_8);
    String urn;
    try {
      urn = Identifiers.toUrn(id);
    } catch (IllegalArgumentException rejected) {
      return;
    }
    assertThat(Identifiers.toUrn(urn)).isEqualTo(urn);
    assertThat(Identifiers.toUrn(Identifiers.toDigitalLink(id))).isEqualTo(urn);
  }
}
