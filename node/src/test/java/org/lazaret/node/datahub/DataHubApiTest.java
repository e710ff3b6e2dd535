package org.lazaret.node.datahub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lazaret.casedata.ProgressListener;
import org.lazaret.casedata.place.PlaceId;
import org.lazaret.casedata.place.Places;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.proof.ProofCheck;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.sdk.ApiException;

/**
 * Goal: the data hub's API answers what the ledger holds and lets anyone check it — series with
 * daily counts, 7-day averages and per-capita values computed exactly; the consensus with a
 * reason per point; provenance whose transaction and state proofs verify against the block hash;
 * the prepare endpoint yielding the same calls as the command line; bad parameters named as RFC
 * 9457 problems. Method: one node with the data hub; ECDC (wide) and WHO (long) files published
 * through signed transactions; answers compared with the files' numbers and with the proof
 * checker of core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(60)
class DataHubApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  DataHubNode hub;
  String ecdc;
  String who;

  @BeforeAll
  void start() throws Exception {
    hub = new DataHubNode(dir.resolve("node"));
    ecdc = hub.publish(DataHubNode.ECDC, "ecdc");
    who = hub.publish(DataHubNode.WHO, "who");
  }

  @AfterAll
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  JsonNode get(String path) {
    return hub.client.get(path);
  }

  ApiException problem(String path) {
    return catchThrowableOfType(ApiException.class, () -> hub.client.get(path));
  }

  @Test
  void dailyCountsAveragesAndPerCapitaAreComputedFromTheStoredTotals() {
    JsonNode cum = get("/v1/data/series?place=DEU&metric=confirmed&source=ecdc");
    List<Long> totals = new ArrayList<>();
    cum.path("points").forEach(p -> totals.add(p.path("value").asLong()));
    JsonNode daily = get("/v1/data/series?place=DEU&metric=confirmed&source=ecdc&mode=daily&average=7&perCapita=true");
    assertThat(daily.path("mode").asText()).isEqualTo("daily");
    long population = Places.standard().population(PlaceId.of("DEU")).orElseThrow();
    assertThat(daily.path("population").asLong()).isEqualTo(population);
    JsonNode points = daily.path("points");
    assertThat(points.size()).isEqualTo(totals.size());
    for (int i = 0; i < points.size(); i++) {
      long expected = totals.get(i) - (i == 0 ? 0 : totals.get(i - 1));
      JsonNode p = points.get(i);
      assertThat(p.path("value").asLong()).isEqualTo(expected);
      assertThat(p.path("per100k").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(expected * 100_000).divide(BigDecimal.valueOf(population), 3, RoundingMode.HALF_EVEN));
      if (i < 6) {
        assertThat(p.path("average").isNull()).as("no full week before day 7").isTrue();
      } else {
        long week = totals.get(i) - (i == 6 ? 0 : totals.get(i - 7));
        assertThat(p.path("average").decimalValue()).isEqualByComparingTo(BigDecimal.valueOf(week).divide(BigDecimal.valueOf(7), 3, RoundingMode.HALF_EVEN));
      }
    }
    JsonNode range = get("/v1/data/series?place=DEU&metric=confirmed&source=ecdc&from=2020-03-01&to=2020-03-03");
    assertThat(range.path("points").findValuesAsText("date")).containsExactly("2020-03-01", "2020-03-02", "2020-03-03");
  }

  @Test
  void withoutASourceTheConsensusExplainsEachPoint() {
    JsonNode c = get("/v1/data/series?place=ITA&metric=confirmed&from=2020-03-10&to=2020-03-10");
    assertThat(c.path("source").asText()).isEqualTo("consensus");
    assertThat(c.path("sources").toString()).isEqualTo("[\"ecdc\",\"who\"]");
    JsonNode p = c.path("points").get(0);
    long e = get("/v1/data/series?place=ITA&metric=confirmed&source=ecdc&from=2020-03-10&to=2020-03-10").path("points").get(0).path("value").asLong();
    long w = get("/v1/data/series?place=ITA&metric=confirmed&source=who&from=2020-03-10&to=2020-03-10").path("points").get(0).path("value").asLong();
    assertThat(p.path("value").asLong()).isEqualTo(Math.min(e, w));
    assertThat(p.path("explanation").asText()).startsWith("lower median of 2 sources (middle values " + Math.min(e, w) + " and " + Math.max(e, w) + ")");
    assertThat(p.path("source").asText()).isEqualTo(e <= w ? "ecdc" : "who");
    assertThat(p.path("release").asText()).isEqualTo(e <= w ? ecdc : who);
    JsonNode early = get("/v1/data/series?place=ITA&metric=confirmed&from=2020-01-01&to=2020-01-01").path("points").get(0);
    assertThat(early.path("explanation").asText()).isEqualTo("only ecdc reports it");
  }

  @Test
  void provenanceNamesReleaseRowAndTransactionAndItsProofsVerify() throws Exception {
    JsonNode p = get("/v1/data/provenance?place=DEU&metric=confirmed&source=ecdc&date=2020-03-15");
    assertThat(p.path("release").path("id").asText()).isEqualTo(ecdc);
    assertThat(p.path("release").path("fileHash").asText()).isEqualTo(Hash32.sha256(DataHubNode.resource(DataHubNode.ECDC)).hex());
    // Row = the file's line for that date.
    List<String> lines = new String(DataHubNode.resource(DataHubNode.ECDC), StandardCharsets.UTF_8).lines().toList();
    int line = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("2020-03-15,")) {
        line = i + 1;
      }
    }
    assertThat(p.path("row").asLong()).isEqualTo(line);
    JsonNode tx = p.path("transaction");
    assertThat(tx.path("method").asText()).isEqualTo("addSeries");
    assertThat(tx.path("signature").asText()).matches("[0-9a-f]{128}");
    byte[] txProof = hub.client.txProof(Hash32.fromHex("id", tx.path("id").asText()));
    assertThat(ProofFile.verify(txProof, Hash32.fromHex("b", tx.path("blockHash").asText()))).isInstanceOf(ProofCheck.Holds.class);

    JsonNode state = p.path("state");
    byte[] file = (CanonicalJson.encodeToString(state.path("proof")) + "\n").getBytes(StandardCharsets.UTF_8);
    Hash32 block = Hash32.fromHex("b", state.path("blockHash").asText());
    assertThat(ProofFile.verify(file, block)).isInstanceOf(ProofCheck.Holds.class);
    assertThat(ProofFile.verify(file, Hash32.sha256(new byte[1]))).isInstanceOf(ProofCheck.Fails.class);
    // The proven value is the series, and it holds the point.
    JsonNode proven = CanonicalJson.parse("v", new String(org.lazaret.core.Hex.decode("value", state.path("proof").path("value").asText()), StandardCharsets.UTF_8));
    assertThat(proven.path("points").path("2020-03-15").get(0).asLong()).isEqualTo(p.path("value").asLong());
    assertThat(proven.path("points").path("2020-03-15").get(1).asText()).isEqualTo(ecdc);
    // The proof file the dashboard links to is the node's own state proof of that key and height.
    byte[] linked = hub.client.stateProof(state.path("key").asText(), Optional.of(state.path("height").asLong()));
    assertThat(new String(linked, StandardCharsets.UTF_8)).isEqualTo(new String(file, StandardCharsets.UTF_8));
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: it publishes a third source, which the other tests do not expect
  void thePrepareEndpointPlansTheSameCallsAsTheLibraryAndTheyPublish() throws Exception {
    byte[] file = DataHubNode.resource(DataHubNode.WHO);
    HttpResponse<String> r = post("/v1/data/prepare?source=who-again&fileName=full_data.csv&licence=WHO", file);
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode plan = JSON.readTree(r.body());
    ReleasePlan local = ReleasePlan.of(file, new ReleasePlan.Meta("who-again", "full_data.csv", "WHO", Optional.empty()), ProgressListener.NONE);
    assertThat(CanonicalJson.encodeToString(plan.path("openRelease"))).isEqualTo(CanonicalJson.encodeToString(local.openRelease()));
    assertThat(plan.path("addSeries").size()).isEqualTo(local.addSeries().size());
    assertThat(plan.path("closeRelease").path("observations").asLong()).isEqualTo(local.points());

    // A client signs exactly what the node planned.
    String chain = hub.client.health().path("chainId").asText();
    long nonce = hub.client.account(hub.demo.publicKey()).path("nextNonce").asLong();
    long expires = System.currentTimeMillis() + 600_000;
    List<SignedTransaction> txs = new ArrayList<>();
    SignedTransaction open = Transaction.of(chain, hub.demo.publicKey(), nonce++, "data", "openRelease", plan.path("openRelease"), expires).sign(hub.demo);
    txs.add(open);
    for (JsonNode call : plan.path("addSeries")) {
      txs.add(Transaction.of(chain, hub.demo.publicKey(), nonce++, "data", "addSeries", ((ObjectNode) call.deepCopy()).put("release", open.id().hex()), expires).sign(hub.demo));
    }
    txs.add(Transaction.of(chain, hub.demo.publicKey(), nonce, "data", "closeRelease", ((ObjectNode) plan.path("closeRelease").deepCopy()).put("release", open.id().hex()), expires).sign(hub.demo));
    hub.client.submitBatch(txs);
    for (SignedTransaction tx : txs) {
      assertThat(hub.client.await(tx.id(), Duration.ofSeconds(30)).path("receipt").path("success").asBoolean()).isTrue();
    }
    JsonNode a = get("/v1/data/series?place=FRA&metric=confirmed&source=who").path("points");
    JsonNode b = get("/v1/data/series?place=FRA&metric=confirmed&source=who-again").path("points");
    assertThat(b.findValuesAsText("value")).isEqualTo(a.findValuesAsText("value"));
    assertThat(b.get(0).path("release").asText()).isEqualTo(open.id().hex());
  }

  @Test
  void aMalformedUploadIsA400ProblemWithLineAndColumn() throws Exception {
    byte[] file = "date,location,total_cases\n2020-03-01,Germany,5\n2020-03-02,Germany,5.5\n".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r = post("/v1/data/prepare?source=bad", file);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("code").asText()).isEqualTo("MALFORMED_FILE");
    assertThat(body.path("field").asText()).isEqualTo("file");
    assertThat(body.path("line").asLong()).isEqualTo(3);
    assertThat(body.path("column").asLong()).isEqualTo(3);
    assertThat(body.path("detail").asText()).startsWith("line 3, column 3: ");
    assertThat(post("/v1/data/prepare", file).statusCode()).as("source is required").isEqualTo(400);
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of("/v1/data/series?metric=confirmed", "place"),
        Arguments.of("/v1/data/series?place=Germany&metric=confirmed", "place"),
        Arguments.of("/v1/data/series?place=DEU&metric=cases", "metric"),
        Arguments.of("/v1/data/series?place=DEU&metric=confirmed&mode=weekly", "mode"),
        Arguments.of("/v1/data/series?place=DEU&metric=confirmed&from=2020-13-01", "from"),
        Arguments.of("/v1/data/series?place=DEU&metric=confirmed&from=2020-03-02&to=2020-03-01", "from"),
        Arguments.of("/v1/data/series?place=DEU&metric=confirmed&average=0", "average"),
        Arguments.of("/v1/data/series?place=DEU&metric=confirmed&perCapita=yes", "perCapita"),
        Arguments.of("/v1/data/series?place=DEU&metric=confirmed&source=-ecdc", "source"),
        Arguments.of("/v1/data/discrepancies?place=DEU&metric=confirmed&status=closed", "status"),
        Arguments.of("/v1/data/provenance?place=DEU&metric=confirmed&source=ecdc", "date"),
        Arguments.of("/v1/data/world?metric=confirmed", "date"),
        Arguments.of("/v1/data/releases/xyz", "id"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badQueries")
  void aBadParameterIsA400ProblemNamingIt(String path, String field) {
    ApiException e = problem(path);
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.problem().path("field").asText()).isEqualTo(field);
    assertThat(e.problem().path("code").asText()).isEqualTo("BAD_REQUEST");
  }

  @Test
  void missingDataIs404() {
    assertThat(problem("/v1/data/series?place=DEU&metric=deaths&source=ecdc").status()).isEqualTo(404);
    assertThat(problem("/v1/data/series?place=DEU&metric=recovered").status()).isEqualTo(404);
    assertThat(problem("/v1/data/releases/" + "0".repeat(64)).status()).isEqualTo(404);
    assertThat(problem("/v1/data/provenance?place=DEU&metric=confirmed&source=ecdc&date=2019-01-01").status()).isEqualTo(404);
  }

  @Test
  void placesSourcesAndTheWorldViewListWhatIsPublished() {
    JsonNode places = get("/v1/data/places").path("places");
    JsonNode deu = null;
    for (JsonNode p : places) {
      if (p.path("id").asText().equals("DEU")) {
        deu = p;
      }
    }
    assertThat(deu).isNotNull();
    assertThat(deu.path("name").asText()).isEqualTo("Germany");
    assertThat(deu.path("population").asLong()).isPositive();
    assertThat(deu.path("sources").path("ecdc").toString()).isEqualTo("[\"confirmed\"]");
    JsonNode sources = get("/v1/data/sources").path("sources");
    assertThat(sources.findValuesAsText("name")).contains("ecdc", "who");
    JsonNode world = get("/v1/data/world?metric=confirmed&date=2020-03-10&source=ecdc");
    JsonNode row = null;
    for (JsonNode r : world.path("rows")) {
      assertThat(PlaceId.of(r.path("place").asText()).kind()).isEqualTo(org.lazaret.casedata.place.PlaceKind.COUNTRY);
      if (r.path("place").asText().equals("DEU")) {
        row = r;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.path("value").asLong()).isEqualTo(get("/v1/data/series?place=DEU&metric=confirmed&source=ecdc&from=2020-03-10&to=2020-03-10").path("points").get(0).path("value").asLong());
    assertThat(row.path("release").asText()).isEqualTo(ecdc);
  }

  @Test
  void discrepanciesBetweenEcdcAndWhoAreListedAndCuratorsNotesShow() throws Exception {
    JsonNode list = get("/v1/data/discrepancies?place=ITA&metric=confirmed&kind=cross-source");
    assertThat(list.size()).isPositive();
    JsonNode first = list.get(0);
    assertThat(first.path("values").findValuesAsText("source")).containsExactly("ecdc", "who");
    assertThat(first.path("id").asText()).isEqualTo(first.path("date").asText() + "/cross-source");
    ObjectNode note = CanonicalJson.object().put("place", "ITA").put("metric", "confirmed").put("date", first.path("date").asText())
        .put("kind", "cross-source").put("note", "WHO counts at 10:00 CET").put("resolve", true);
    SignedTransaction tx = hub.client.sign(hub.demo, "data", "annotate", note, Duration.ofMinutes(5));
    hub.client.submit(tx);
    assertThat(hub.client.await(tx.id(), Duration.ofSeconds(30)).path("receipt").path("success").asBoolean()).isTrue();
    JsonNode resolved = get("/v1/data/discrepancies?place=ITA&metric=confirmed&status=resolved");
    assertThat(resolved.findValuesAsText("id")).contains(first.path("id").asText());
    JsonNode annotated = null;
    for (JsonNode d : resolved) {
      if (d.path("id").asText().equals(first.path("id").asText())) {
        annotated = d;
      }
    }
    assertThat(annotated.path("notes").get(0).path("text").asText()).isEqualTo("WHO counts at 10:00 CET");
    assertThat(annotated.path("notes").get(0).path("org").asText()).isEqualTo("health-agency");
  }

  private HttpResponse<String> post(String path, byte[] body) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create(hub.url() + path)).header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString());
  }
}
