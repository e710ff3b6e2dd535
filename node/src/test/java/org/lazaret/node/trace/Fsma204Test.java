package org.lazaret.node.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lazaret.core.json.CanonicalJson;

/**
 * The CSV shape of the FSMA 204 export without a node: RFC 4180 quoting (a field with a comma,
 * quote or line break is quoted, quotes doubled, lines end in CRLF); business steps map to CTEs,
 * transformations by type whatever their step, user vocabulary by its last word; sorting by any
 * column is total.
 */
class Fsma204Test {
  private static Map<String, String> row(String time, String lot, String quantity, String event) {
    Map<String, String> r = new TreeMap<>();
    Fsma204.COLUMNS.forEach(c -> r.put(c, ""));
    r.put("event_time", time);
    r.put("lot", lot);
    r.put("quantity", quantity);
    r.put("event_id", event);
    return r;
  }

  @Test
  void fieldsWithCommasQuotesOrLineBreaksAreQuotedAndLinesEndInCrlf() {
    Map<String, String> r = row("2024-03-01T06:00:00Z", "lot", "1", "e1");
    r.put("reference_document_number", "PO-1, PO-2");
    r.put("source", "say \"hi\"");
    r.put("destination", "two\nlines");
    String csv = Fsma204.csv(List.of(r));
    String[] lines = csv.split("\r\n", -1);
    assertThat(lines).hasSize(3);
    assertThat(lines[2]).isEmpty();
    assertThat(lines[1]).contains(",\"PO-1, PO-2\",\"say \"\"hi\"\"\",\"two\nlines\",");
    assertThat(lines[0].split(",")).hasSize(Fsma204.COLUMNS.size());
  }

  @Test
  void businessStepsMapToCriticalTrackingEvents() {
    assertThat(Fsma204.cte(CanonicalJson.object().put("type", "ObjectEvent").put("bizStep", "shipping"))).contains("shipping");
    assertThat(Fsma204.cte(CanonicalJson.object().put("type", "ObjectEvent").put("bizStep", "accepting"))).contains("receiving");
    assertThat(Fsma204.cte(CanonicalJson.object().put("type", "ObjectEvent").put("bizStep", "commissioning"))).contains("initial packing");
    assertThat(Fsma204.cte(CanonicalJson.object().put("type", "ObjectEvent").put("bizStep", "https://example.com/bizstep/harvesting"))).contains("harvesting");
    assertThat(Fsma204.cte(CanonicalJson.object().put("type", "TransformationEvent").put("bizStep", "commissioning"))).contains("transformation");
    assertThat(Fsma204.cte(CanonicalJson.object().put("type", "ObjectEvent").put("bizStep", "sensor_reporting"))).isEmpty();
    assertThat(Fsma204.cte(CanonicalJson.object().put("type", "ObjectEvent"))).isEmpty();
  }

  @Test
  void sortingByAnyColumnIsTotalAndDescendingWithADash() {
    List<Map<String, String>> rows = new ArrayList<>(List.of(row("2024-03-01T07:00:00Z", "b", "10", "e2"), row("2024-03-01T06:00:00.500Z", "a", "2.5", "e1"),
        row("2024-03-01T06:00:00Z", "a", "", "e0")));
    Fsma204.sort(rows, "event_time");
    assertThat(rows).extracting(r -> r.get("event_id")).containsExactly("e0", "e1", "e2");
    Fsma204.sort(rows, "-quantity");
    assertThat(rows).extracting(r -> r.get("event_id")).containsExactly("e2", "e1", "e0");
    Fsma204.sort(rows, "lot");
    assertThat(rows).extracting(r -> r.get("event_id")).containsExactly("e0", "e1", "e2");
  }
}
