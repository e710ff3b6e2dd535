package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Goal: every GS1 EPCIS 2.0 example document (none is marked invalid in the folders' READMEs)
 * validates, and the event hash vectors (also EPCIS documents) too. Method: run the validator over
 * every copied .jsonld file.
 */
class EpcisExamplesValidationTest {
  static Stream<Path> examples() {
    return TestResources.files("epcis-examples/JSON", ".jsonld").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyGs1ExampleIsValid(Path example) {
    assertThat(EpcisValidator.validate(TestResources.read(example)))
        .isEqualTo(new Validation.Valid());
  }

  static Stream<Path> hashVectors() {
    return TestResources.files("epcis-event-hash-vectors", ".jsonld").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hashVectors")
  void everyHashVectorDocumentIsValidToo(Path vector) {
    assertThat(EpcisValidator.validate(TestResources.read(vector)))
        .isEqualTo(new Validation.Valid());
  }

  @Test
  void everyExampleOfTheSourceFolderIsCopied() {
    // The source README says 32 documents but lists 38 files = 31 documents + 5 READMEs + 2 others.
    assertThat(examples()).hasSize(31);
  }
}
