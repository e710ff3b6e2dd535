package org.lazaret.contracts.datasets;

import static org.lazaret.contracts.TestChain.applied;
import static org.lazaret.contracts.TestChain.obj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/**
 * A chain with a publishing agency, a second publisher, a curator and a plain member, and helpers
 * that build the data contract's calls the way the CLI does.
 */
final class DataFixture {
  static final KeyPair AGENCY = TestChain.key("data-agency");
  static final KeyPair INSTITUTE = TestChain.key("data-institute");
  static final KeyPair CURATOR = TestChain.key("data-curator");
  static final KeyPair PLAIN = TestChain.key("data-plain");
  static final LocalDate DAY0 = LocalDate.of(2020, 3, 1);
  static final String HASH = "ab".repeat(32);

  private DataFixture() {}

  static TestChain.Genesis genesis() {
    return TestChain.genesis()
        .org("agency", AGENCY, "admin", DatasetContract.PUBLISHER)
        .member("agency", PLAIN, "token.issuer")
        .org("institute", INSTITUTE, "admin", DatasetContract.PUBLISHER)
        .org("oversight", CURATOR, "admin", DatasetContract.CURATOR);
  }

  static TestChain chain() {
    return genesis().start(new DatasetContract());
  }

  static ObjectNode openArgs(String source, long observations) {
    return obj("source", source, "fileName", source + ".csv", "fileHash", HASH, "licence", "CC BY 4.0", "format", "JHU_TIME_SERIES", "rows", 10, "observations", observations);
  }

  /** Opens a release in a block of its own; returns its id. */
  static String open(TestChain c, KeyPair key, String source, long observations) {
    SignedTransaction tx = c.tx(key, DatasetContract.NAME, "openRelease", openArgs(source, observations));
    applied(c.block(tx).receipts().get(0));
    return tx.id().hex();
  }

  /** Points from {@code DAY0 + first} on consecutive days, rows from 2. */
  static ArrayNode points(int first, long... values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < values.length; i++) {
      a.addArray().add(DAY0.plusDays(first + i).toString()).add(values[i]).add(2 + first + i);
    }
    return a;
  }

  static ArrayNode points(LocalDate[] dates, long[] values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < values.length; i++) {
      a.addArray().add(dates[i].toString()).add(values[i]).add(2 + i);
    }
    return a;
  }

  static ObjectNode series(String place, String metric, ArrayNode points) {
    return obj("place", place, "metric", metric, "points", points);
  }

  static ObjectNode add(String release, ObjectNode... series) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    for (ObjectNode s : series) {
      a.add(s);
    }
    return obj("release", release, "series", a);
  }

  static Receipt addSeries(TestChain c, KeyPair key, String release, ObjectNode... series) {
    return c.call(key, DatasetContract.NAME, "addSeries", add(release, series));
  }

  static Receipt close(TestChain c, KeyPair key, String release, long observations) {
    return c.call(key, DatasetContract.NAME, "closeRelease", obj("release", release, "observations", observations));
  }

  /** Opens, writes one series and closes a release in one block; returns its id. */
  static String publish(TestChain c, KeyPair key, String source, String place, String metric, ArrayNode points) {
    String id = open(c, key, source, points.size());
    applied(addSeries(c, key, id, series(place, metric, points)));
    applied(close(c, key, id, points.size()));
    return id;
  }

  static JsonNode seriesState(TestChain c, String source, String place, String metric) {
    return c.read(DatasetContract.seriesKey(source, place, metric)).orElseThrow();
  }

  static JsonNode issues(TestChain c, String place, String metric) {
    return c.read(DatasetContract.discrepanciesKey(place, metric)).orElseThrow().path("issues");
  }

  static List<String> issueIds(TestChain c, String place, String metric) {
    return c.read(DatasetContract.discrepanciesKey(place, metric))
        .map(v -> {
          List<String> ids = new java.util.ArrayList<>();
          v.path("issues").fieldNames().forEachRemaining(ids::add);
          return ids;
        })
        .orElse(List.of());
  }

  static String day(int offset) {
    return DAY0.plusDays(offset).toString();
  }
}
