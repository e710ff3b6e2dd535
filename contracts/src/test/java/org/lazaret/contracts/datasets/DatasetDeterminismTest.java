package org.lazaret.contracts.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.datasets.DataFixture.AGENCY;
import static org.lazaret.contracts.datasets.DataFixture.INSTITUTE;
import static org.lazaret.contracts.datasets.DataFixture.addSeries;
import static org.lazaret.contracts.datasets.DataFixture.close;
import static org.lazaret.contracts.datasets.DataFixture.open;
import static org.lazaret.contracts.datasets.DataFixture.points;
import static org.lazaret.contracts.datasets.DataFixture.publish;
import static org.lazaret.contracts.datasets.DataFixture.series;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.codec.Bytes;

/**
 * Goal: what the data contract stores depends only on the data, never on how a publisher cut it
 * into calls, and two nodes executing the same calls hold byte-identical state. Method: random
 * series (with falls, so within-source issues occur) against a fixed second source (so
 * cross-source issues occur), written whole on one chain and in random consecutive pieces on
 * another; the series value and the issue book must be byte-identical; the whole state of two
 * chains fed the same calls must be equal.
 */
class DatasetDeterminismTest {
  @Provide
  Arbitrary<long[]> totals() {
    return Arbitraries.longs().between(-50, 400).array(long[].class).ofMinSize(1).ofMaxSize(60).map(steps -> {
      long[] out = new long[steps.length];
      long total = 1_000;
      for (int i = 0; i < steps.length; i++) {
        total += steps[i];
        out[i] = total;
      }
      return out;
    });
  }

  @Property(tries = 40)
  void theStoredSeriesAndIssuesDoNotDependOnHowTheSeriesWasSplit(@ForAll("totals") long[] values, @ForAll @IntRange(min = 1, max = 20) int piece) {
    TestChain whole = reference();
    TestChain split = reference();
    String a = open(whole, AGENCY, "jhu", values.length);
    applied(addSeries(whole, AGENCY, a, series("DEU", "confirmed", points(0, values))));
    String b = open(split, AGENCY, "jhu", values.length);
    for (int from = 0; from < values.length; from += piece) {
      int to = Math.min(values.length, from + piece);
      applied(addSeries(split, AGENCY, b, series("DEU", "confirmed", points(from, Arrays.copyOfRange(values, from, to)))));
    }
    applied(close(whole, AGENCY, a, values.length));
    applied(close(split, AGENCY, b, values.length));
    // Release ids differ (different transactions), so compare with the id replaced.
    assertThat(whole.json(DatasetContract.seriesKey("jhu", "DEU", "confirmed")).orElseThrow().replace(a, "R"))
        .isEqualTo(split.json(DatasetContract.seriesKey("jhu", "DEU", "confirmed")).orElseThrow().replace(b, "R"));
    assertThat(book(whole).replace(a, "R")).isEqualTo(book(split).replace(b, "R"));
  }

  private static TestChain reference() {
    TestChain c = DataFixture.chain();
    long[] ecdc = new long[60];
    for (int i = 0; i < ecdc.length; i++) {
      ecdc[i] = 1_000 + 150L * i;
    }
    publish(c, INSTITUTE, "ecdc", "DEU", "confirmed", points(0, ecdc));
    return c;
  }

  private static String book(TestChain c) {
    // The time of each record is the block time, which differs with the number of calls.
    return c.json(DatasetContract.discrepanciesKey("DEU", "confirmed")).orElse("").replaceAll("\"time\":[0-9]+", "\"time\":T");
  }

  @Property(tries = 10)
  void twoChainsFedTheSameCallsHoldTheSameState(@ForAll("totals") long[] values) {
    List<TreeMap<String, Bytes>> states = new java.util.ArrayList<>();
    for (int run = 0; run < 2; run++) {
      TestChain c = reference();
      String id = open(c, AGENCY, "jhu", 2L * values.length);
      applied(addSeries(c, AGENCY, id, series("DEU", "confirmed", points(0, values)), series("FRA", "confirmed", points(3, values))));
      applied(close(c, AGENCY, id, 2L * values.length));
      states.add(c.snapshot());
    }
    assertThat(states.get(0)).isEqualTo(states.get(1));
  }
}
