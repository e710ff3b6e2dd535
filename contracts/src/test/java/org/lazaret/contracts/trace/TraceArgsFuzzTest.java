package org.lazaret.contracts.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Revert;
import org.lazaret.core.json.CanonicalJson;

/**
 * The new call arguments of the trace contract are outside input checked on every node before
 * ordering: on arbitrary JSON, {@code setRange} and {@code recall} either pass or are refused with
 * {@code BAD_ARGUMENT} naming a field — never any other exception, which on a node would be a
 * halt. A range that passes has min at or below max, both whole milli-degrees within bounds.
 * Without JAZZER_FUZZ this replays the seeds beside it.
 */
class TraceArgsFuzzTest {
  private static JsonNode json(byte[] data) {
    try {
      JsonNode n = CanonicalJson.parse("args", new String(data, StandardCharsets.UTF_8));
      return n.isObject() ? n : null;
    } catch (IllegalArgumentException notCanonicalJson) {
      return null;
    }
  }

  private static void refusedWithAField(Revert r) {
    assertThat(r.code()).isEqualTo("BAD_ARGUMENT");
    assertThat(r.reason()).contains(": ");
  }

  @FuzzTest(maxDuration = "30s")
  void setRange(byte[] data) {
    JsonNode args = json(data);
    if (args == null) {
      return;
    }
    try {
      ColdChain.Range r = ColdChain.rangeArgs(new Args(args));
      assertThat(r.minMilliCelsius()).isLessThanOrEqualTo(r.maxMilliCelsius()).isGreaterThanOrEqualTo(Temperature.ABSOLUTE_ZERO_MILLI_CELSIUS);
      assertThat(r.maxMilliCelsius()).isLessThanOrEqualTo(ColdChain.RANGE_MILLI_CELSIUS_MAX);
      assertThat(r.productClass()).startsWith("urn:epc:idpat:sgtin:").endsWith(".*");
    } catch (Revert refused) {
      refusedWithAField(refused);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void recall(byte[] data) {
    JsonNode args = json(data);
    if (args == null) {
      return;
    }
    try {
      Recall.Request r = Recall.args(new Args(args));
      assertThat(r.lots()).isNotEmpty().doesNotHaveDuplicates().allMatch(Lots::isLot);
      assertThat(r.reason()).isNotBlank();
    } catch (Revert refused) {
      refusedWithAField(refused);
    }
  }
}
