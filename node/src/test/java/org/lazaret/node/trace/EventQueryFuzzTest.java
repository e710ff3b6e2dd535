package org.lazaret.node.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lazaret.node.api.Problem;

/**
 * The event query's reading of a query string, on arbitrary parameter names and values (among
 * them every name it knows): it either yields a query, whose page tokens decode back to themselves,
 * or refuses with a 400 problem naming a parameter — never any other exception. Without
 * JAZZER_FUZZ this replays the seeds beside it.
 */
class EventQueryFuzzTest {
  private static final List<String> NAMES = List.of("eventType", "GE_eventTime", "LT_eventTime", "GE_recordTime", "LT_recordTime", "EQ_action", "EQ_bizStep",
      "EQ_disposition", "EQ_readPoint", "WD_readPoint", "EQ_bizLocation", "WD_bizLocation", "MATCH_epc", "MATCH_parentID", "MATCH_inputEPC", "MATCH_outputEPC",
      "MATCH_anyEPC", "MATCH_epcClass", "MATCH_inputEPCClass", "MATCH_outputEPCClass", "MATCH_anyEPCClass", "EQ_eventID", "EXISTS_errorDeclaration",
      "EQ_bizTransaction_po", "EQ_source_owning_party", "EQ_destination_location", "orderBy", "orderDirection", "eventCountLimit", "perPage", "nextPageToken");

  @FuzzTest(maxDuration = "30s")
  void parse(FuzzedDataProvider data) {
    Map<String, List<String>> params = new TreeMap<>();
    int n = data.consumeInt(0, 6);
    for (int i = 0; i < n; i++) {
      String name = data.consumeBoolean() ? data.pickValue(NAMES) : data.consumeString(24);
      params.computeIfAbsent(name, k -> new ArrayList<>()).add(data.consumeString(120));
    }
    try {
      EventQuery q = EventQuery.parse(params);
      assertThat(q.perPage()).isBetween(1, 1_000);
      PageToken t = new PageToken(data.consumeLong(), data.consumeLong(0, Long.MAX_VALUE), data.consumeLong(0, Long.MAX_VALUE), q.fingerprint());
      assertThat(PageToken.decode(t.encode())).contains(t);
    } catch (Problem refused) {
      assertThat(refused.body().path("status").asInt()).isEqualTo(400);
      assertThat(refused.body().path("field").asText()).isNotEmpty();
    }
    assertThat(PageToken.decode(data.consumeRemainingAsString())).isNotNull();
  }
}
