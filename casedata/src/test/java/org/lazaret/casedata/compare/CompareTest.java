package org.lazaret.casedata.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.casedata.compare.Fixtures.obs;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lazaret.casedata.ParsedRelease;
import org.lazaret.casedata.TestData;

/** Discrepancies, consensus and release diffs on small hand-made inputs. */
class CompareTest {
  private static final SourcedObservations A =
      new SourcedObservations("a", List.of(obs("ITA", "2020-04-01", 1000, 2), obs("ESP", "2020-04-01", 50, 3)));
  private static final SourcedObservations B =
      new SourcedObservations("b", List.of(obs("ITA", "2020-04-01", 1011, 7), obs("ESP", "2020-04-01", 90, 8)));

  @Test
  void toleranceNeedsBothAbsoluteAndRelativeExceeded() {
    Tolerance t = Tolerance.DEFAULT;
    assertThat(t.exceeded(1000, 1010)).isFalse();
    assertThat(t.exceeded(1000, 1011)).isTrue();
    // relative allowance is 1 % of the larger value: 1 % of 101,010 is 1010.1
    assertThat(t.exceeded(100_000, 101_010)).isFalse();
    assertThat(t.exceeded(100_000, 101_011)).isTrue();
    assertThat(t.exceeded(5, 15)).isFalse();
    assertThat(new Tolerance(0, BigDecimal.ZERO).exceeded(5, 6)).isTrue();
    assertThat(Tolerance.EXACT.exceeded(5, 5)).isFalse();
    assertThat(t.exceeded(Long.MIN_VALUE, Long.MAX_VALUE)).isTrue();
    assertThatThrownBy(() -> new Tolerance(-1, BigDecimal.ONE))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void discrepanciesListEachSourceWithProvenance() {
    List<Discrepancy> found = Discrepancies.find(List.of(B, A));
    assertThat(found).hasSize(2);
    assertThat(found.get(0).place().code()).isEqualTo("ESP");
    assertThat(found.get(0).values())
        .containsExactly(
            new SourceValue("a", 50, obs("ESP", "2020-04-01", 50, 3).provenance()),
            new SourceValue("b", 90, obs("ESP", "2020-04-01", 90, 8).provenance()));
    assertThat(found.get(1).spread()).isEqualTo(11);
    assertThat(Discrepancies.find(List.of(A, B), new Tolerance(20, BigDecimal.ZERO)))
        .extracting(d -> d.place().code())
        .containsExactly("ESP");
  }

  @Test
  void sourcesMustBeDistinctAndUnique() {
    assertThatThrownBy(() -> Discrepancies.find(List.of(A, A)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source named twice");
    SourcedObservations doubled = new SourcedObservations(
        "c", List.of(obs("ITA", "2020-04-01", 1, 2), obs("ITA", "2020-04-01", 2, 3)));
    assertThatThrownBy(() -> Consensus.build(List.of(doubled), new ConsensusRule.Median()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two values");
  }

  @Test
  void medianOfEvenCountIsTheLowerMiddleValue() {
    SourcedObservations c = new SourcedObservations("c", List.of(obs("ITA", "2020-04-01", 1005, 1)));
    SourcedObservations d = new SourcedObservations("d", List.of(obs("ITA", "2020-04-01", 2000, 1)));
    List<ConsensusPoint> points = Consensus.build(List.of(A, B, c, d), new ConsensusRule.Median());
    ConsensusPoint italy = points.get(1);
    assertThat(italy.key().place().code()).isEqualTo("ITA");
    assertThat(italy.value()).isEqualTo(1005);
    assertThat(italy.chosenSource()).isEqualTo("c");
    assertThat(italy.explanation()).isEqualTo("lower median of 4 sources (middle values 1005 and 1011)");
    assertThat(italy.observation().provenance().line()).isEqualTo(1);
    ConsensusPoint spain = points.get(0);
    assertThat(spain.value()).isEqualTo(50);
    assertThat(spain.explanation()).startsWith("lower median of 2 sources");
  }

  @Test
  void priorityTakesTheFirstListedSourceThatReports() {
    SourcedObservations onlyItaly = new SourcedObservations("z", List.of(obs("ITA", "2020-04-01", 7, 1)));
    List<ConsensusPoint> points =
        Consensus.build(List.of(A, onlyItaly), new ConsensusRule.Priority(List.of("z", "a")));
    assertThat(points).extracting(ConsensusPoint::value).containsExactly(50L, 7L);
    assertThat(points.get(0).chosenSource()).isEqualTo("a");
    assertThat(points.get(0).explanation()).isEqualTo("only a reports it");
    assertThat(points.get(1).explanation()).isEqualTo("z is the first listed source");
    List<ConsensusPoint> unlisted =
        Consensus.build(List.of(A, B), new ConsensusRule.Priority(List.of("x")));
    assertThat(unlisted).allMatch(p -> p.chosenSource().equals("a"));
  }

  @Test
  void releaseDiffOnHandMadeReleases() {
    List<org.lazaret.casedata.Observation> before =
        List.of(obs("ITA", "2020-04-01", 100, 2), obs("ITA", "2020-04-02", 120, 3),
            obs("ESP", "2020-04-01", 10, 4));
    List<org.lazaret.casedata.Observation> after =
        List.of(obs("ITA", "2020-04-01", 100, 9), obs("ITA", "2020-04-02", 150, 10),
            obs("ITA", "2020-04-03", 170, 11));
    ReleaseDiff diff = ReleaseDiff.between(before, after);
    assertThat(diff.added()).extracting(o -> o.date().toString()).containsExactly("2020-04-03");
    assertThat(diff.removed()).extracting(o -> o.place().code()).containsExactly("ESP");
    assertThat(diff.changed()).singleElement().satisfies(c -> {
      assertThat(c.delta()).isEqualTo(30);
      assertThat(c.before().provenance().line()).isEqualTo(3);
      assertThat(c.after().provenance().line()).isEqualTo(10);
    });
    assertThat(diff.revisionsBeyond(Tolerance.DEFAULT)).hasSize(1);
    assertThat(diff.revisionsBeyond(new Tolerance(50, BigDecimal.ZERO))).isEmpty();
    assertThat(ReleaseDiff.between(before, before).isEmpty()).isTrue();
  }

  @Test
  void releaseDiffBetweenTwoRealJhuDailyReportsOfTheSameSource() {
    ParsedRelease march = TestData.parse(TestData.JHU_DAILY + "03-31-2020.csv");
    ParsedRelease shifted = new ParsedRelease(march.format(), march.rowCount(),
        march.observations().stream().map(o -> o.shiftedDays(30)).toList(), List.of());
    ParsedRelease april = TestData.parse(TestData.JHU_DAILY + "04-30-2020.csv");
    ReleaseDiff diff = ReleaseDiff.between(shifted, april);
    // places present on both days: their totals grew, e.g. New York 75833 -> 304372
    assertThat(diff.changed())
        .filteredOn(c -> c.key().place().code().equals("US-NY")
            && c.key().metric() == org.lazaret.casedata.Metric.CONFIRMED)
        .singleElement()
        .satisfies(c -> assertThat(c.delta()).isEqualTo(304372 - 75833));
    // the Falkland Islands first appear in the 04-30-2020 report
    assertThat(diff.added()).extracting(o -> o.place().code()).contains("FLK");
  }
}
