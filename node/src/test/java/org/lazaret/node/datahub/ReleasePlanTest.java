package org.lazaret.node.datahub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lazaret.casedata.CaseDataFormatException;
import org.lazaret.casedata.ProgressListener;
import org.lazaret.contracts.datasets.DatasetContract;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;

/**
 * Goal: a file is planned into calls the contract accepts — every call under the argument limit
 * and the contract's per-call bounds, every point of every series exactly once, a series cut
 * across calls only into consecutive date ranges — the same plan for the same file, and the
 * normalisation to cumulative series documented in {@link ReleasePlan}. Method: the real ECDC
 * (wide) and WHO (long) files, and small files written here for the edge cases.
 */
class ReleasePlanTest {
  static ReleasePlan plan(byte[] file, String name) throws CaseDataFormatException {
    return ReleasePlan.of(file, new ReleasePlan.Meta("src", name, "CC BY 4.0", Optional.empty()), ProgressListener.NONE);
  }

  @Test
  void theEcdcFileIsPlannedIntoBoundedCallsHoldingEveryPointOnceInDateOrder() throws Exception {
    byte[] file = DataHubNode.resource(DataHubNode.ECDC);
    ReleasePlan p = plan(file, "owid/public/data/ecdc/total_cases.csv");
    assertThat(p.addSeries()).hasSizeGreaterThan(2);
    TreeMap<String, List<String>> dates = new TreeMap<>();
    long points = 0;
    for (int i = 0; i < p.addSeries().size(); i++) {
      ObjectNode call = p.addSeriesArgs(i, "ab".repeat(32));
      assertThat(CanonicalJson.encode(call).length).isLessThanOrEqualTo(Limits.TX_ARGS_BYTES_MAX);
      assertThat(call.get("series").size()).isBetween(1, DatasetContract.SERIES_PER_CALL_MAX);
      for (JsonNode s : call.get("series")) {
        List<String> seen = dates.computeIfAbsent(s.path("place").asText() + "/" + s.path("metric").asText(), k -> new ArrayList<>());
        for (JsonNode pt : s.get("points")) {
          String d = pt.get(0).asText();
          assertThat(seen.isEmpty() || seen.get(seen.size() - 1).compareTo(d) < 0).as("dates increase across the calls of one series").isTrue();
          seen.add(d);
          points++;
        }
      }
    }
    assertThat(points).isEqualTo(p.points());
    assertThat(dates).hasSize(p.seriesCount());
    assertThat(p.openRelease().path("observations").asLong()).isEqualTo(points);
    assertThat(p.openRelease().path("fileHash").asText()).isEqualTo(Hash32.sha256(file).hex());
    assertThat(p.openRelease().path("fileName").asText()).isEqualTo("total_cases.csv");
    assertThat(p.openRelease().path("format").asText()).isEqualTo("OWID_WIDE");
    assertThat(dates.get("DEU/confirmed")).startsWith("2019-12-31");
    // The same file gives byte-identical calls.
    ReleasePlan again = plan(file, "owid/public/data/ecdc/total_cases.csv");
    assertThat(again.addSeries().stream().map(CanonicalJson::encodeToString).toList()).isEqualTo(p.addSeries().stream().map(CanonicalJson::encodeToString).toList());
  }

  @Test
  void aFileWithTotalsAndDailyCountsPublishesTheTotals() throws Exception {
    ReleasePlan p = plan(DataHubNode.resource(DataHubNode.WHO), "full_data.csv");
    assertThat(p.parsedObservations()).isGreaterThan(p.points());
    JsonNode deu = seriesOf(p, "DEU", "confirmed");
    // WHO's row for Germany on 2020-03-01: new_cases 0, total_cases 57.
    assertThat(value(deu, "2020-03-01")).isEqualTo(57);
  }

  @Test
  void dailyCountsAloneAreSummedIntoTotalsFromZero() throws Exception {
    String csv = "date,location,new_cases\n2020-03-01,Germany,5\n2020-03-02,Germany,7\n2020-03-04,Germany,-2\n";
    ReleasePlan p = plan(csv.getBytes(StandardCharsets.UTF_8), "full_data.csv");
    JsonNode deu = seriesOf(p, "DEU", "confirmed");
    assertThat(deu.toString()).isEqualTo("[[\"2020-03-01\",5,2],[\"2020-03-02\",12,3],[\"2020-03-04\",10,4]]");
  }

  @Test
  void aMalformedFileIsRefusedWithLineAndColumnAndNoPlan() {
    String csv = "date,location,total_cases\n2020-03-01,Germany,5\n2020-03-02,Germany,seven\n";
    CaseDataFormatException e = catchThrowableOfType(CaseDataFormatException.class, () -> plan(csv.getBytes(StandardCharsets.UTF_8), "full_data.csv"));
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isEqualTo(3);
    assertThat(e.getMessage()).startsWith("line 3, column 3: ");
  }

  static JsonNode seriesOf(ReleasePlan p, String place, String metric) {
    com.fasterxml.jackson.databind.node.ArrayNode all = CanonicalJson.object().arrayNode();
    for (ObjectNode call : p.addSeries()) {
      for (JsonNode s : call.get("series")) {
        if (s.path("place").asText().equals(place) && s.path("metric").asText().equals(metric)) {
          s.get("points").forEach(all::add);
        }
      }
    }
    return all;
  }

  static long value(JsonNode points, String date) {
    for (JsonNode p : points) {
      if (p.get(0).asText().equals(date)) {
        return p.get(1).asLong();
      }
    }
    throw new AssertionError("no point on " + date);
  }
}
