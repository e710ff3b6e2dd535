package org.lazaret.casedata.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.casedata.compare.Fixtures.obs;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.lazaret.casedata.Observation;

/**
 * Properties of the comparisons over generated sources: the consensus value is always one a
 * source published, and neither discrepancies nor consensus depend on the order of the sources.
 */
class ComparePropertiesTest {
  private static final String[] PLACES = {"ITA", "ESP", "DEU"};

  /** Builds sources from a flat list of values: source i reports value j for place/day j. */
  private static List<SourcedObservations> sources(List<List<Long>> values) {
    List<SourcedObservations> out = new ArrayList<>();
    for (int s = 0; s < values.size(); s++) {
      List<Observation> observations = new ArrayList<>();
      List<Long> row = values.get(s);
      for (int j = 0; j < row.size(); j++) {
        if (row.get(j) < 0) {
          continue;
        }
        String date = "2020-04-" + String.format("%02d", 1 + j / PLACES.length);
        observations.add(obs(PLACES[j % PLACES.length], date, row.get(j), s + 1));
      }
      out.add(new SourcedObservations("s" + s, observations));
    }
    return out;
  }

  @Property
  void consensusPicksAValueAmongTheInputs(
      @ForAll @Size(min = 1, max = 6)
          List<@Size(max = 12) List<@LongRange(min = -3, max = 50) Long>> values) {
    for (ConsensusPoint point : Consensus.build(sources(values), new ConsensusRule.Median())) {
      assertThat(point.candidates())
          .anySatisfy(c -> {
            assertThat(c.value()).isEqualTo(point.value());
            assertThat(c.source()).isEqualTo(point.chosenSource());
          });
      long below = point.candidates().stream().filter(c -> c.value() < point.value()).count();
      long above = point.candidates().stream().filter(c -> c.value() > point.value()).count();
      assertThat(below).isLessThanOrEqualTo((point.candidates().size() - 1) / 2);
      assertThat(above).isLessThanOrEqualTo(point.candidates().size() / 2);
    }
  }

  @Property
  void discrepanciesAndConsensusIgnoreSourceOrder(
      @ForAll @Size(min = 1, max = 6)
          List<@Size(max = 12) List<@LongRange(min = -3, max = 5000) Long>> values,
      @ForAll @IntRange(min = 0, max = 100) int absolute,
      @ForAll long seed) {
    List<SourcedObservations> sources = sources(values);
    List<SourcedObservations> shuffled = new ArrayList<>(sources);
    Collections.shuffle(shuffled, new Random(seed));
    Tolerance tolerance = new Tolerance(absolute, new BigDecimal("0.05"));
    assertThat(Discrepancies.find(shuffled, tolerance))
        .isEqualTo(Discrepancies.find(sources, tolerance));
    assertThat(Consensus.build(shuffled, new ConsensusRule.Median()))
        .isEqualTo(Consensus.build(sources, new ConsensusRule.Median()));
  }

  @Property
  void toleranceIsSymmetric(@ForAll long a, @ForAll long b,
      @ForAll @LongRange(min = 0, max = 1000) long absolute) {
    Tolerance t = new Tolerance(absolute, new BigDecimal("0.02"));
    assertThat(t.exceeded(a, b)).isEqualTo(t.exceeded(b, a));
  }
}
