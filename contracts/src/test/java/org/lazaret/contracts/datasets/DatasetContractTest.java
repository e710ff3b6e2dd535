package org.lazaret.contracts.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.eventNames;
import static org.lazaret.contracts.TestChain.obj;
import static org.lazaret.contracts.TestChain.reverted;
import static org.lazaret.contracts.datasets.DataFixture.AGENCY;
import static org.lazaret.contracts.datasets.DataFixture.CURATOR;
import static org.lazaret.contracts.datasets.DataFixture.INSTITUTE;
import static org.lazaret.contracts.datasets.DataFixture.PLAIN;
import static org.lazaret.contracts.datasets.DataFixture.add;
import static org.lazaret.contracts.datasets.DataFixture.addSeries;
import static org.lazaret.contracts.datasets.DataFixture.close;
import static org.lazaret.contracts.datasets.DataFixture.day;
import static org.lazaret.contracts.datasets.DataFixture.issueIds;
import static org.lazaret.contracts.datasets.DataFixture.issues;
import static org.lazaret.contracts.datasets.DataFixture.open;
import static org.lazaret.contracts.datasets.DataFixture.openArgs;
import static org.lazaret.contracts.datasets.DataFixture.points;
import static org.lazaret.contracts.datasets.DataFixture.publish;
import static org.lazaret.contracts.datasets.DataFixture.series;
import static org.lazaret.contracts.datasets.DataFixture.seriesState;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.lazaret.contracts.Revert;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Goal: show that the data contract keeps what a data officer relies on — only publishers
 * publish and only the source's own organisation republishes it; each release is a version whose
 * record pins the file hash, publisher and time; a series split over several calls merges into
 * exactly the series sent; a release closes only when every declared point was written; every
 * discrepancy kind (cross-source, negative daily count, revision, gap) is recorded with both
 * values and their provenance, and resolves itself when later data removes it; curators annotate
 * and resolve. Method: calls through the executor on an in-memory {@link TestChain}, asserting
 * receipts, reasons and the canonical state values.
 */
class DatasetContractTest {
  @Test
  void aReleaseRecordsFileSourcePublisherTimeAndVersion() {
    TestChain c = DataFixture.chain();
    long time = c.nextTime();
    SignedTransaction tx = c.tx(AGENCY, DatasetContract.NAME, "openRelease", openArgs("jhu", 3));
    assertThat(eventNames(c.block(tx).receipts().get(0))).containsExactly("data.ReleaseOpened");
    String id = tx.id().hex();
    JsonNode r = c.read(DatasetContract.releaseKey(id)).orElseThrow();
    assertThat(r.path("id").asText()).isEqualTo(id);
    assertThat(r.path("fileHash").asText()).isEqualTo(DataFixture.HASH);
    assertThat(r.path("licence").asText()).isEqualTo("CC BY 4.0");
    assertThat(r.path("publisher").asText()).isEqualTo("agency");
    assertThat(r.path("publisherKey").asText()).isEqualTo(AGENCY.publicKey().hex());
    assertThat(r.path("time").asLong()).isEqualTo(time);
    assertThat(r.path("version").asLong()).isEqualTo(1);
    assertThat(r.path("status").asText()).isEqualTo("open");
    assertThat(r.has("previous")).isFalse();
    assertThat(c.json(DatasetContract.sourcesKey())).contains("{\"sources\":[\"jhu\"]}");

    applied(addSeries(c, AGENCY, id, series("DEU", "confirmed", points(0, 1, 2, 3))));
    assertThat(eventNames(close(c, AGENCY, id, 3))).containsExactly("data.ReleasePublished");
    String second = open(c, AGENCY, "jhu", 0);
    JsonNode r2 = c.read(DatasetContract.releaseKey(second)).orElseThrow();
    assertThat(r2.path("version").asLong()).isEqualTo(2);
    assertThat(r2.path("previous").asText()).isEqualTo(id);
    assertThat(c.read(DatasetContract.sourceKey("jhu")).orElseThrow().path("releases").toString()).isEqualTo("[\"" + id + "\",\"" + second + "\"]");
    JsonNode closed = c.read(DatasetContract.releaseKey(id)).orElseThrow();
    assertThat(closed.path("status").asText()).isEqualTo("published");
    assertThat(closed.path("closedBy").asText()).matches("[0-9a-f]{64}");
  }

  @Test
  void onlyPublishersPublishOnlyTheSourcesOwnOrganisationRepublishesAndOnlyCuratorsAnnotate() {
    TestChain c = DataFixture.chain();
    assertThat(reverted(c.call(PLAIN, DatasetContract.NAME, "openRelease", openArgs("jhu", 1)), "UNAUTHORIZED")).contains("data.publisher");
    assertThat(reverted(c.call(CURATOR, DatasetContract.NAME, "openRelease", openArgs("jhu", 1)), "UNAUTHORIZED")).contains("data.publisher");
    String id = open(c, AGENCY, "jhu", 1);
    assertThat(reverted(c.call(INSTITUTE, DatasetContract.NAME, "openRelease", openArgs("jhu", 1)), "UNAUTHORIZED")).contains("published by organisation 'agency'");
    assertThat(reverted(addSeries(c, INSTITUTE, id, series("DEU", "confirmed", points(0, 5))), "UNAUTHORIZED")).contains("opened by organisation 'agency'");
    assertThat(reverted(close(c, INSTITUTE, id, 0), "UNAUTHORIZED")).contains("opened by organisation 'agency'");
    ObjectNode note = obj("place", "DEU", "metric", "confirmed", "date", day(0), "kind", "cross-source", "note", "checked", "resolve", true);
    assertThat(reverted(c.call(AGENCY, DatasetContract.NAME, "annotate", note), "UNAUTHORIZED")).contains("data.curator");
  }

  @Test
  void aSeriesSplitOverCallsMergesAndTheReleaseClosesOnlyWithTheDeclaredCount() {
    TestChain c = DataFixture.chain();
    String id = open(c, AGENCY, "jhu", 9);
    applied(addSeries(c, AGENCY, id, series("DEU", "confirmed", points(0, 1, 2, 4)), series("FRA", "deaths", points(0, 0))));
    applied(addSeries(c, AGENCY, id, series("DEU", "confirmed", points(3, 8, 16, 32))));
    JsonNode s = seriesState(c, "jhu", "DEU", "confirmed");
    assertThat(s.path("points").size()).isEqualTo(6);
    assertThat(s.path("points").path(day(4)).toString()).isEqualTo("[16,\"" + id + "\",6]");
    assertThat(reverted(close(c, AGENCY, id, 7), "COUNT_MISMATCH")).contains("declared 9, 7 were written");
    assertThat(reverted(close(c, AGENCY, id, 6), "COUNT_MISMATCH")).contains("6 given, 7 written");
    assertThat(reverted(addSeries(c, AGENCY, id, series("DEU", "confirmed", points(5, 40))), "DUPLICATE_POINT")).contains("2020-03-06");
    assertThat(reverted(addSeries(c, AGENCY, id, series("ITA", "confirmed", points(0, 1, 2, 3))), "COUNT_MISMATCH")).contains("exceed the 9");
    applied(addSeries(c, AGENCY, id, series("ITA", "confirmed", points(0, 1, 2))));
    applied(close(c, AGENCY, id, 9));
    assertThat(reverted(addSeries(c, AGENCY, id, series("ITA", "confirmed", points(5, 1))), "RELEASE_CLOSED")).contains("published");
    JsonNode r = c.read(DatasetContract.releaseKey(id)).orElseThrow();
    assertThat(r.path("written").asLong()).isEqualTo(9);
    assertThat(r.path("added").asLong()).isEqualTo(9);
    assertThat(c.json(DatasetContract.catalogKey("jhu"))).contains("{\"places\":{\"DEU\":[\"confirmed\"],\"FRA\":[\"deaths\"],\"ITA\":[\"confirmed\"]}}");
  }

  @Test
  void closingWithFewerPointsThanDeclaredIsRefused() {
    TestChain c = DataFixture.chain();
    String id = open(c, AGENCY, "jhu", 5);
    applied(addSeries(c, AGENCY, id, series("DEU", "confirmed", points(0, 1, 2, 3))));
    assertThat(reverted(close(c, AGENCY, id, 3), "COUNT_MISMATCH")).contains("declared 5, 3 were written");
    assertThat(c.read(DatasetContract.releaseKey(id)).orElseThrow().path("status").asText()).isEqualTo("open");
  }

  @Test
  void aFallingTotalIsANegativeDailyCountWithBothValuesAndTheirRows() {
    TestChain c = DataFixture.chain();
    String id = publish(c, AGENCY, "jhu", "ESP", "confirmed", points(0, 100, 120, 90, 130));
    assertThat(issueIds(c, "ESP", "confirmed")).containsExactly(day(2) + "/negative-daily/jhu");
    JsonNode issue = issues(c, "ESP", "confirmed").path(day(2) + "/negative-daily/jhu");
    assertThat(issue.path("daily").asLong()).isEqualTo(-30);
    assertThat(issue.path("status").asText()).isEqualTo("open");
    assertThat(issue.path("values").toString()).isEqualTo(
        "[{\"date\":\"" + day(1) + "\",\"release\":\"" + id + "\",\"row\":3,\"source\":\"jhu\",\"value\":120},"
            + "{\"date\":\"" + day(2) + "\",\"release\":\"" + id + "\",\"row\":4,\"source\":\"jhu\",\"value\":90}]");
    assertThat(c.read(DatasetContract.releaseKey(id)).orElseThrow().path("issues").asLong()).isEqualTo(1);

    // A corrected release removes the fall: the issue resolves itself, with a note saying by what.
    String fixed = open(c, AGENCY, "jhu", 1);
    applied(addSeries(c, AGENCY, fixed, series("ESP", "confirmed", points(2, 125))));
    JsonNode after = issues(c, "ESP", "confirmed").path(day(2) + "/negative-daily/jhu");
    assertThat(after.path("status").asText()).isEqualTo("resolved");
    assertThat(after.path("notes").get(0).path("text").asText()).isEqualTo("no longer found after release " + fixed);
  }

  @Test
  void missingDaysAreAGapThatResolvesWhenFilled() {
    TestChain c = DataFixture.chain();
    java.time.LocalDate d0 = DataFixture.DAY0;
    publish(c, AGENCY, "owid", "ABW", "tests", points(new java.time.LocalDate[] {d0, d0.plusDays(1), d0.plusDays(4)}, new long[] {1, 2, 9}));
    JsonNode gap = issues(c, "ABW", "tests").path(day(4) + "/gap/owid");
    assertThat(gap.path("from").asText()).isEqualTo(day(2));
    assertThat(gap.path("days").asLong()).isEqualTo(2);
    assertThat(gap.path("values").get(0).path("date").asText()).isEqualTo(day(1));
    String filler = open(c, AGENCY, "owid", 1);
    applied(addSeries(c, AGENCY, filler, series("ABW", "tests", points(2, 5))));
    JsonNode after = issues(c, "ABW", "tests");
    assertThat(after.path(day(4) + "/gap/owid").path("status").asText()).as("the gap before day 4 is now one day, from day 3").isEqualTo("open");
    assertThat(after.path(day(4) + "/gap/owid").path("days").asLong()).isEqualTo(1);
    assertThat(after.path(day(2) + "/gap/owid").isMissingNode()).isTrue();
    String filler2 = open(c, AGENCY, "owid", 1);
    applied(addSeries(c, AGENCY, filler2, series("ABW", "tests", points(3, 7))));
    assertThat(issues(c, "ABW", "tests").path(day(4) + "/gap/owid").path("status").asText()).isEqualTo("resolved");
  }

  @Test
  void aRevisionBeyondToleranceOfAnEarlierReleasesValueIsRecordedWithBothReleases() {
    TestChain c = DataFixture.chain();
    String first = publish(c, AGENCY, "jhu", "ITA", "deaths", points(0, 1000, 2000, 3000));
    String second = open(c, AGENCY, "jhu", 3);
    // 2000 -> 2015 is within 1 % (20); 3000 -> 3400 is not; 1000 unchanged.
    applied(addSeries(c, AGENCY, second, series("ITA", "deaths", points(0, 1000, 2015, 3400))));
    assertThat(issueIds(c, "ITA", "deaths")).containsExactly(day(2) + "/revision/jhu");
    JsonNode rev = issues(c, "ITA", "deaths").path(day(2) + "/revision/jhu").path("values");
    assertThat(rev.get(0).path("release").asText()).isEqualTo(first);
    assertThat(rev.get(0).path("value").asLong()).isEqualTo(3000);
    assertThat(rev.get(1).path("release").asText()).isEqualTo(second);
    assertThat(rev.get(1).path("value").asLong()).isEqualTo(3400);
    JsonNode r = c.read(DatasetContract.releaseKey(second)).orElseThrow();
    assertThat(r.path("changed").asLong()).isEqualTo(2);
    assertThat(r.path("unchanged").asLong()).isEqualTo(1);
    assertThat(r.path("added").asLong()).isZero();
    assertThat(seriesState(c, "jhu", "ITA", "deaths").path("points").path(day(0)).get(1).asText()).as("every point names the release that last wrote it").isEqualTo(second);
  }

  @Test
  void sourcesDifferingBeyondToleranceAreACrossSourceDiscrepancyWithEachSourcesProvenance() {
    TestChain c = DataFixture.chain();
    String jhu = publish(c, AGENCY, "jhu", "DEU", "confirmed", points(0, 100, 1000, 5000));
    // Within 10 absolute; 1010 vs 1000 is 1 %, not beyond; 5200 vs 5000 is 4 %.
    String ecdc = publish(c, INSTITUTE, "ecdc", "DEU", "confirmed", points(0, 105, 1010, 5200));
    assertThat(issueIds(c, "DEU", "confirmed")).containsExactly(day(2) + "/cross-source");
    JsonNode values = issues(c, "DEU", "confirmed").path(day(2) + "/cross-source").path("values");
    assertThat(values.toString()).isEqualTo(
        "[{\"release\":\"" + ecdc + "\",\"row\":4,\"source\":\"ecdc\",\"value\":5200},"
            + "{\"release\":\"" + jhu + "\",\"row\":4,\"source\":\"jhu\",\"value\":5000}]");
    // JHU revises towards ECDC: the discrepancy resolves; the revision itself is recorded.
    String fix = open(c, AGENCY, "jhu", 1);
    applied(addSeries(c, AGENCY, fix, series("DEU", "confirmed", points(2, 5190))));
    assertThat(issues(c, "DEU", "confirmed").path(day(2) + "/cross-source").path("status").asText()).isEqualTo("resolved");
    assertThat(issueIds(c, "DEU", "confirmed")).contains(day(2) + "/revision/jhu");
  }

  @Test
  void theToleranceIsTheConsortiumsGovernanceParameterAndOutOfRangeValuesCountAsDefault() {
    TestChain strict = DataFixture.genesis().param("data.tolerancePercent", JsonNodeFactory.instance.numberNode(0)).param("data.toleranceAbsolute", JsonNodeFactory.instance.numberNode(0)).start(new DatasetContract());
    publish(strict, AGENCY, "jhu", "DEU", "confirmed", points(0, 100));
    publish(strict, INSTITUTE, "ecdc", "DEU", "confirmed", points(0, 101));
    assertThat(issueIds(strict, "DEU", "confirmed")).containsExactly(day(0) + "/cross-source");

    TestChain broken = DataFixture.genesis().param("data.tolerancePercent", JsonNodeFactory.instance.numberNode(500)).param("data.toleranceAbsolute", JsonNodeFactory.instance.textNode("ten")).start(new DatasetContract());
    publish(broken, AGENCY, "jhu", "DEU", "confirmed", points(0, 100, 5000));
    publish(broken, INSTITUTE, "ecdc", "DEU", "confirmed", points(0, 101, 5200));
    assertThat(issueIds(broken, "DEU", "confirmed")).as("1 %% and 10, the defaults").containsExactly(day(1) + "/cross-source");
  }

  @Test
  void curatorsAnnotateAndResolveIssuesAndNotesAreBounded() {
    TestChain c = DataFixture.chain();
    publish(c, AGENCY, "jhu", "DEU", "confirmed", points(0, 100));
    publish(c, INSTITUTE, "ecdc", "DEU", "confirmed", points(0, 200));
    ObjectNode note = obj("place", "DEU", "metric", "confirmed", "date", day(0), "kind", "cross-source", "note", "ECDC dates by publication", "resolve", false);
    assertThat(eventNames(c.call(CURATOR, DatasetContract.NAME, "annotate", note))).containsExactly("data.IssueAnnotated");
    JsonNode issue = issues(c, "DEU", "confirmed").path(day(0) + "/cross-source");
    assertThat(issue.path("status").asText()).isEqualTo("open");
    assertThat(issue.path("notes").get(0).path("org").asText()).isEqualTo("oversight");
    assertThat(issue.path("notes").get(0).path("text").asText()).isEqualTo("ECDC dates by publication");
    note.put("resolve", true).put("note", "explained");
    applied(c.call(CURATOR, DatasetContract.NAME, "annotate", note));
    assertThat(issues(c, "DEU", "confirmed").path(day(0) + "/cross-source").path("status").asText()).isEqualTo("resolved");

    for (int i = 2; i < IssueBook.NOTES_PER_ISSUE_MAX; i++) {
      applied(c.call(CURATOR, DatasetContract.NAME, "annotate", note.put("note", "n" + i)));
    }
    assertThat(reverted(c.call(CURATOR, DatasetContract.NAME, "annotate", note), "NOTES_FULL")).contains(Integer.toString(IssueBook.NOTES_PER_ISSUE_MAX));
    ObjectNode unknown = note.deepCopy().put("date", day(5));
    assertThat(reverted(c.call(CURATOR, DatasetContract.NAME, "annotate", unknown), "UNKNOWN_ISSUE")).contains(day(5) + "/cross-source");
    ObjectNode nothing = note.deepCopy().put("place", "FRA");
    assertThat(reverted(c.call(CURATOR, DatasetContract.NAME, "annotate", nothing), "UNKNOWN_ISSUE")).contains("FRA/confirmed");
  }

  @Test
  void aNoisySourceFillsTheIssueBookOnlyUpToItsBudgetAndCountsTheRest() {
    TestChain c = DataFixture.chain();
    int n = DatasetContract.SERIES_DATES_MAX;
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = i % 2 == 0 ? 1_000_000 : 999_000; // falls every other day
    }
    String id = open(c, AGENCY, "noisy", n);
    int half = n / 2;
    applied(addSeries(c, AGENCY, id, series("BRA", "deaths", points(0, java.util.Arrays.copyOfRange(values, 0, half)))));
    applied(addSeries(c, AGENCY, id, series("BRA", "deaths", points(half, java.util.Arrays.copyOfRange(values, half, n)))));
    byte[] stored = c.json(DatasetContract.discrepanciesKey("BRA", "deaths")).orElseThrow().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(stored.length).isLessThanOrEqualTo(IssueBook.BYTES_MAX);
    JsonNode book = c.read(DatasetContract.discrepanciesKey("BRA", "deaths")).orElseThrow();
    long recorded = book.path("issues").size();
    assertThat(recorded).isPositive();
    assertThat(recorded + book.path("omitted").asLong()).isEqualTo(n / 2);
    assertThat(book.path("omitted").asLong()).isPositive();
    applied(close(c, AGENCY, id, n));
  }

  @Test
  void aSeriesLongerThanItsBoundIsRefused() {
    TestChain c = DataFixture.chain();
    long[] values = new long[DatasetContract.SERIES_DATES_MAX];
    String id = open(c, AGENCY, "long", values.length + 1);
    applied(addSeries(c, AGENCY, id, series("CHN", "confirmed", points(0, values))));
    assertThat(reverted(addSeries(c, AGENCY, id, series("CHN", "confirmed", points(values.length, 1))), "SERIES_FULL")).contains("CHN/confirmed");
  }

  @Test
  void checkRefusesWhatTheCallRefusesWithTheSameReason() {
    DatasetContract contract = new DatasetContract();
    ObjectNode bad = add("cd".repeat(32), series("DEU", "confirmed", points(0, 1)).put("metric", "cases"));
    assertThatThrownBy(() -> contract.check("addSeries", bad)).isInstanceOf(Revert.class).hasMessage("series[0].metric: must be one of confirmed, deaths, recovered, tests, vaccinations");
    TestChain c = DataFixture.chain();
    assertThat(reverted(c.call(AGENCY, DatasetContract.NAME, "addSeries", bad), "BAD_ARGUMENT")).isEqualTo("series[0].metric: must be one of confirmed, deaths, recovered, tests, vaccinations");
  }
}
