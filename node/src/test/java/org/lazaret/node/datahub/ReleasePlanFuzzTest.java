package org.lazaret.node.datahub;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.lazaret.casedata.CaseDataFormatException;
import org.lazaret.casedata.ProgressListener;
import org.lazaret.core.Limits;
import org.lazaret.core.json.CanonicalJson;

/**
 * {@code POST /v1/data/prepare} on arbitrary bytes: the planner either refuses the file with a
 * line and column, or returns calls that each fit the argument limit and together hold exactly the
 * points it announces — never any other exception. Without JAZZER_FUZZ this replays the seeds.
 */
class ReleasePlanFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void plan(byte[] data) {
    ReleasePlan p;
    try {
      p = ReleasePlan.of(data, new ReleasePlan.Meta("fuzz", "time_series_covid19_confirmed_global.csv", "none", Optional.empty()), ProgressListener.NONE);
    } catch (CaseDataFormatException refused) {
      assertThat(refused.getMessage()).startsWith("line " + refused.line() + ", column " + refused.column() + ": ");
      return;
    }
    long points = 0;
    for (int i = 0; i < p.addSeries().size(); i++) {
      JsonNode call = p.addSeriesArgs(i, "0".repeat(64));
      assertThat(CanonicalJson.encode(call).length).isLessThanOrEqualTo(Limits.TX_ARGS_BYTES_MAX);
      for (JsonNode s : call.get("series")) {
        points += s.get("points").size();
      }
    }
    assertThat(points).isEqualTo(p.points());
    assertThat(p.openRelease().path("observations").asLong()).isEqualTo(points);
  }
}
