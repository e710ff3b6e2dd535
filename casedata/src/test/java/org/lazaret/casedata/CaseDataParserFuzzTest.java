package org.lazaret.casedata;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Arbitrary text through the parser: the only exception allowed out is {@link
 * CaseDataFormatException}, and an accepted file yields observations whose provenance points at
 * lines of the input. The last input byte picks a file-name hint, so every format's hint-dependent
 * path is reachable. Seeds (one small file per format, valid and broken) are in
 * CaseDataParserFuzzTestInputs/parse; without JAZZER_FUZZ they run as a regression test.
 */
class CaseDataParserFuzzTest {
  private static final String[] FILE_NAMES = {
    "", "time_series_covid19_confirmed_global.csv", "03-31-2020.csv", "total_cases.csv",
    "new_deaths.csv", "us.csv"
  };

  @FuzzTest(maxDuration = "30s")
  void parse(byte[] data) throws IOException {
    if (data.length == 0) {
      return;
    }
    String fileName = FILE_NAMES[Byte.toUnsignedInt(data[data.length - 1]) % FILE_NAMES.length];
    String text =
        new String(Arrays.copyOf(data, data.length - 1), StandardCharsets.UTF_8);
    ParseHints hints = fileName.isEmpty() ? ParseHints.none() : ParseHints.fileName(fileName);
    try {
      ParsedRelease release =
          CaseDataParser.parse(new StringReader(text), hints, ProgressListener.NONE);
      long lines = text.chars().filter(c -> c == '\n' || c == '\r').count() + 1;
      assertThat(release.observationCount()).isEqualTo(release.observations().size());
      for (Observation o : release.observations()) {
        assertThat(o.provenance().line()).isBetween(1L, lines);
      }
    } catch (CaseDataFormatException expected) {
      assertThat(expected.line()).isPositive();
    }
  }
}
