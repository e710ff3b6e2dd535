package org.lazaret.contracts.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lazaret.contracts.TestChain.obj;
import static org.lazaret.contracts.TestChain.reverted;
import static org.lazaret.contracts.datasets.DataFixture.AGENCY;
import static org.lazaret.contracts.datasets.DataFixture.CURATOR;
import static org.lazaret.contracts.datasets.DataFixture.add;
import static org.lazaret.contracts.datasets.DataFixture.day;
import static org.lazaret.contracts.datasets.DataFixture.openArgs;
import static org.lazaret.contracts.datasets.DataFixture.points;
import static org.lazaret.contracts.datasets.DataFixture.series;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lazaret.contracts.Revert;
import org.lazaret.contracts.TestChain;
import org.lazaret.core.crypto.KeyPair;

/**
 * Goal: every malformed call is refused with {@code BAD_ARGUMENT} naming the field at fault, the
 * same at admission ({@code check}, no state) and in execution, before any permission or state
 * is consulted. Method: a table of one-field mutations of valid arguments, each checked both ways.
 */
class DatasetArgumentsTest {
  private static final String RELEASE = "cd".repeat(32);

  static ObjectNode validAdd() {
    return add(RELEASE, series("DEU", "confirmed", points(0, 1, 2, 3)));
  }

  static ObjectNode validNote() {
    return obj("place", "DEU", "metric", "confirmed", "date", day(0), "kind", "negative-daily", "source", "jhu", "note", "checked", "resolve", false);
  }

  static Arguments bad(String method, ObjectNode valid, Consumer<ObjectNode> change, String reason) {
    ObjectNode args = valid.deepCopy();
    change.accept(args);
    return Arguments.of(method, args, reason);
  }

  static ArrayNode point(int index, ObjectNode args) {
    return (ArrayNode) args.get("series").get(0).get("points").get(index);
  }

  static Stream<Arguments> badCalls() {
    return Stream.of(
        bad("openRelease", openArgs("jhu", 1), a -> a.put("source", "JHU daily"), "source: must match [A-Za-z0-9][A-Za-z0-9._-]{0,31}"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("source", "-jhu"), "source: must match [A-Za-z0-9][A-Za-z0-9._-]{0,31}"),
        bad("openRelease", openArgs("jhu", 1), a -> a.remove("fileHash"), "fileHash: required"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("fileHash", "AB".repeat(32)), "fileHash: must match [0-9a-f]{64}"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("licence", " "), "licence: must not be blank"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("fileName", "x".repeat(201)), "fileName: at most 200 characters"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("fileName", "a\nb"), "fileName: must not contain control characters"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("rows", -1), "rows: must be an integer from 0 to 1000000000"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("observations", "3"), "observations: must be an integer from 0 to 1000000000"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("previous", "nope"), "previous: must match [0-9a-f]{64}"),
        bad("openRelease", openArgs("jhu", 1), a -> a.put("url", "x"), "url: unknown argument; expected one of source, fileName, fileHash, licence, format, rows, observations, previous"),
        bad("addSeries", validAdd(), a -> a.put("release", "x"), "release: must match [0-9a-f]{64}"),
        bad("addSeries", validAdd(), a -> a.putArray("series"), "series: must hold at least one series"),
        bad("addSeries", validAdd(), a -> ((ObjectNode) a.get("series").get(0)).put("place", "Germany"), "series[0].place: must be a place id (ISO 3166-1 alpha-3 such as DEU, ISO 3166-2 such as US-NY, or OWID_/SHIP_/JHU_ code)"),
        bad("addSeries", validAdd(), a -> ((ArrayNode) a.get("series")).add(series("DEU", "confirmed", points(5, 1))), "series[1]: the series DEU/confirmed is given twice in one call"),
        bad("addSeries", validAdd(), a -> ((ObjectNode) a.get("series").get(0)).putArray("points"), "series[0].points: must be a non-empty array of [date, value, row]"),
        bad("addSeries", validAdd(), a -> point(1, a).remove(2), "series[0].points[1]: must be [date, value, row]"),
        bad("addSeries", validAdd(), a -> point(1, a).set(0, JsonNodeFactory.instance.textNode("2020-02-30")), "series[0].points[1][0]: '2020-02-30' is not a calendar date"),
        bad("addSeries", validAdd(), a -> point(1, a).set(0, JsonNodeFactory.instance.textNode("3/1/20")), "series[0].points[1][0]: must be a date YYYY-MM-DD"),
        bad("addSeries", validAdd(), a -> point(2, a).set(0, JsonNodeFactory.instance.textNode(day(0))), "series[0].points[2][0]: dates must be strictly increasing; 2020-03-01 follows 2020-03-02"),
        bad("addSeries", validAdd(), a -> point(0, a).set(1, JsonNodeFactory.instance.numberNode(DatasetContract.VALUE_ABS_MAX + 1)), "series[0].points[0][1]: must be an integer from -1000000000000000 to 1000000000000000"),
        bad("addSeries", validAdd(), a -> point(0, a).set(1, JsonNodeFactory.instance.textNode("12")), "series[0].points[0][1]: must be an integer from -1000000000000000 to 1000000000000000"),
        bad("addSeries", validAdd(), a -> point(0, a).set(2, JsonNodeFactory.instance.numberNode(0)), "series[0].points[0][2]: must be an integer from 1 to 1000000000000"),
        bad("closeRelease", obj("release", RELEASE, "observations", 1), a -> a.put("observations", -2), "observations: must be an integer from 0 to 1000000000"),
        bad("annotate", validNote(), a -> a.put("kind", "typo"), "kind: must be one of cross-source, gap, negative-daily, revision"),
        bad("annotate", validNote(), a -> a.remove("source"), "source: required for a negative-daily issue"),
        bad("annotate", validNote(), a -> a.put("kind", "cross-source"), "source: a cross-source issue belongs to no single source; leave it out"),
        bad("annotate", validNote(), a -> a.put("note", "x".repeat(501)), "note: at most 500 characters"),
        bad("annotate", validNote(), a -> a.put("resolve", "yes"), "resolve: must be true or false"));
  }

  @ParameterizedTest(name = "{0} {2}")
  @MethodSource("badCalls")
  void aMalformedCallIsRefusedNamingTheFieldAtAdmissionAndInExecution(String method, JsonNode args, String reason) {
    assertThatThrownBy(() -> new DatasetContract().check(method, args))
        .isInstanceOf(Revert.class)
        .hasMessage(reason)
        .satisfies(e -> assertThat(((Revert) e).code()).isEqualTo("BAD_ARGUMENT"));
    TestChain c = DataFixture.chain();
    KeyPair sender = method.equals("annotate") ? CURATOR : AGENCY;
    // Fields are checked before roles and state: even a key without the role gets the field's reason.
    assertThat(reverted(c.call(sender, DatasetContract.NAME, method, args), "BAD_ARGUMENT")).isEqualTo(reason);
    assertThat(reverted(c.call(DataFixture.PLAIN, DatasetContract.NAME, method, args), "BAD_ARGUMENT")).isEqualTo(reason);
  }
}
