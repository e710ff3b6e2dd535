package org.lazaret.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.node.Node;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.datahub.DataHubApi;
import org.lazaret.sdk.ApiException;
import org.lazaret.sdk.LazaretClient;
import org.lazaret.storage.LedgerStore;

/**
 * Goal: {@code lazaret data publish} puts real published files on the ledger so that what the API
 * answers is what the file says. Method: a node in this JVM with the data hub; the JHU CSSE global
 * confirmed series and the ECDC totals (as OWID published them) are published through the
 * command; series are compared point by point with the files read here by hand (plain string
 * splitting, not the parser under test); the discrepancies are compared with the dates computed
 * here where the two sources differ beyond 10 and 1 %; a malformed file must be refused with its
 * line and column and nothing sent; a republished file with one changed number must become
 * version 2 whose changes are exactly that number.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class DataPublishTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter JHU_DATE = DateTimeFormatter.ofPattern("M/d/yy");
  @TempDir static Path dir;
  Node node;
  String url;
  Path demoKey;
  LazaretClient client;
  Path jhuFile;
  Path ecdcFile;
  String jhuRelease;
  String ecdcRelease;



  @BeforeAll
  void start() throws Exception {
    List<Function<LedgerStore, ApiModule>> modules = List.of(DataHubApi::new);
    Cli.TestChain chain = Cli.start(dir, "data-publish-demo", "data-chain", 1_700_000_000_000L, modules);
    node = chain.node();
    demoKey = chain.demoKey();
    url = node.url();
    client = new LazaretClient(url);
    jhuFile = copy("casedata/jhu/time_series_covid19_confirmed_global.csv");
    ecdcFile = copy("casedata/owid-ecdc/total_cases.csv");
  }

  @AfterAll
  void stop() {
    if (node != null) {
      node.close();
    }
  }

  private static Path copy(String resource) throws IOException {
    Path target = dir.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = DataPublishTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, target);
    }
    return target;
  }

  private Cli.Run publish(String source, Path file) {
    return Cli.run("data", "publish", "--node", url, "--key", demoKey.toString(), "--source", source, "--licence", "CC BY 4.0", file.toString());
  }

  @Test
  @Order(1)
  void publishingJhuAndEcdcExitsZeroOnceCommittedAndPrintsTheRelease() throws Exception {
    Cli.Run jhu = publish("jhu", jhuFile);
    assertThat(jhu.code()).as(jhu.err()).isZero();
    JsonNode out = JSON.readTree(jhu.out());
    jhuRelease = out.path("release").asText();
    assertThat(jhuRelease).matches("[0-9a-f]{64}");
    assertThat(out.path("format").asText()).isEqualTo("JHU_TIME_SERIES");
    assertThat(out.path("rows").asLong()).isEqualTo(Files.readAllLines(jhuFile).size() - 1);
    assertThat(out.path("observations").asLong()).isPositive();
    assertThat(jhu.err()).as("a progress bar on stderr").contains("publish").contains("100%");
    JsonNode release = client.get("/v1/data/releases/" + jhuRelease);
    assertThat(release.path("status").asText()).isEqualTo("published");
    assertThat(release.path("written").asLong()).isEqualTo(out.path("observations").asLong());
    assertThat(release.path("fileHash").asText()).isEqualTo(org.lazaret.core.crypto.Hash32.sha256(Files.readAllBytes(jhuFile)).hex());
    assertThat(release.path("transaction").path("status").asText()).isEqualTo("committed");

    Cli.Run ecdc = publish("ecdc", ecdcFile);
    assertThat(ecdc.code()).as(ecdc.err()).isZero();
    ecdcRelease = JSON.readTree(ecdc.out()).path("release").asText();
    assertThat(JSON.readTree(ecdc.out()).path("format").asText()).isEqualTo("OWID_WIDE");
  }

  @Test
  @Order(2)
  void theSeriesIsTheFilesRowCumulativeAndDaily() throws Exception {
    TreeMap<LocalDate, Long> germany = jhuRow("Germany");
    JsonNode s = client.get("/v1/data/series?place=DEU&metric=confirmed&source=jhu");
    assertThat(s.path("place").asText()).isEqualTo("DEU");
    assertThat(s.path("metric").asText()).isEqualTo("confirmed");
    assertThat(s.path("source").asText()).isEqualTo("jhu");
    assertThat(values(s)).isEqualTo(germany);
    assertThat(s.path("points").get(0).path("release").asText()).isEqualTo(jhuRelease);
    assertThat(s.path("points").get(0).path("date").asText()).isEqualTo("2020-01-22");

    JsonNode daily = client.get("/v1/data/series?place=DEU&metric=confirmed&source=jhu&mode=daily&from=2020-04-01&to=2020-04-30");
    assertThat(daily.path("points").size()).isEqualTo(30);
    for (JsonNode p : daily.path("points")) {
      LocalDate d = LocalDate.parse(p.path("date").asText());
      assertThat(p.path("value").asLong()).as("daily on %s", d).isEqualTo(germany.get(d) - germany.get(d.minusDays(1)));
    }
    // Australia has no country row in JHU's file: its series is the sum of its state rows.
    TreeMap<LocalDate, Long> australia = jhuProvinceSum("Australia");
    assertThat(values(client.get("/v1/data/series?place=AUS&metric=confirmed&source=jhu"))).isEqualTo(australia);

    TreeMap<LocalDate, Long> ecdc = ecdcColumn("Germany");
    assertThat(values(client.get("/v1/data/series?place=DEU&metric=confirmed&source=ecdc"))).isEqualTo(ecdc);

    Cli.Run printed = Cli.run("data", "series", "--node", url, "--place", "DEU", "--metric", "confirmed", "--source", "jhu", "--mode", "daily", "--from", "2020-04-02", "--to", "2020-04-02");
    assertThat(printed.code()).as(printed.err()).isZero();
    JsonNode one = JSON.readTree(printed.out());
    assertThat(one.path("points").get(0).path("value").asLong()).isEqualTo(germany.get(LocalDate.of(2020, 4, 2)) - germany.get(LocalDate.of(2020, 4, 1)));
  }

  @Test
  @Order(3)
  void whereJhuAndEcdcDisagreeBeyondToleranceTheDiscrepanciesNameBothValues() throws Exception {
    TreeMap<LocalDate, Long> jhu = jhuRow("Germany");
    TreeMap<LocalDate, Long> ecdc = ecdcColumn("Germany");
    TreeSet<String> expected = new TreeSet<>();
    for (Map.Entry<LocalDate, Long> e : ecdc.entrySet()) {
      Long j = jhu.get(e.getKey());
      if (j == null) {
        continue;
      }
      long diff = Math.abs(j - e.getValue());
      if (diff > 10 && diff * 100 > Math.max(Math.abs(j), Math.abs(e.getValue()))) {
        expected.add(e.getKey().toString());
      }
    }
    assertThat(expected).as("the two sources do disagree on Germany").hasSizeGreaterThan(20);
    JsonNode list = client.get("/v1/data/discrepancies?place=DEU&metric=confirmed&kind=cross-source");
    TreeSet<String> found = new TreeSet<>();
    for (JsonNode d : list) {
      found.add(d.path("date").asText());
      LocalDate date = LocalDate.parse(d.path("date").asText());
      JsonNode values = d.path("values");
      assertThat(values.size()).isEqualTo(2);
      assertThat(values.get(0).path("source").asText()).isEqualTo("ecdc");
      assertThat(values.get(0).path("value").asLong()).isEqualTo(ecdc.get(date));
      assertThat(values.get(0).path("release").asText()).isEqualTo(ecdcRelease);
      assertThat(values.get(1).path("source").asText()).isEqualTo("jhu");
      assertThat(values.get(1).path("value").asLong()).isEqualTo(jhu.get(date));
      assertThat(values.get(1).path("row").asLong()).isEqualTo(lineOf(jhuFile, ",Germany,"));
      assertThat(d.path("status").asText()).isEqualTo("open");
    }
    assertThat(found).isEqualTo(expected);

    // Without a source: the consensus, with the lower median of two and both candidates.
    String day = expected.first();
    JsonNode c = client.get("/v1/data/series?place=DEU&metric=confirmed&from=" + day + "&to=" + day);
    JsonNode p = c.path("points").get(0);
    long low = Math.min(jhu.get(LocalDate.parse(day)), ecdc.get(LocalDate.parse(day)));
    assertThat(p.path("value").asLong()).isEqualTo(low);
    assertThat(p.path("explanation").asText()).startsWith("lower median of 2 sources");
    assertThat(p.path("candidates").size()).isEqualTo(2);

    ApiException bad = org.assertj.core.api.Assertions.catchThrowableOfType(ApiException.class, () -> client.get("/v1/data/discrepancies?place=Germany&metric=confirmed"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.problem().path("field").asText()).isEqualTo("place");
  }

  @Test
  @Order(4)
  void aMalformedFileIsRefusedWithLineAndColumnAndNothingIsSent() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(ecdcFile));
    String[] header = lines.get(0).split(",", -1);
    int germany = List.of(header).indexOf("Germany");
    int line = 80;
    String[] cells = lines.get(line - 1).split(",", -1);
    cells[germany] = "12.5";
    lines.set(line - 1, String.join(",", cells));
    Path broken = dir.resolve("broken/total_cases.csv");
    Files.createDirectories(broken.getParent());
    Files.write(broken, lines);
    long nonce = client.account(KeyFiles.read(demoKey).publicKey()).path("nextNonce").asLong();
    long height = client.health().path("height").asLong();

    Cli.Run r = publish("broken", broken);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("line " + line + ", column " + (germany + 1) + ":").contains("nothing was published");
    assertThat(r.out()).isEmpty();
    assertThat(client.account(KeyFiles.read(demoKey).publicKey()).path("nextNonce").asLong()).as("no transaction was submitted").isEqualTo(nonce);
    assertThat(client.health().path("height").asLong()).isEqualTo(height);
    JsonNode sources = client.get("/v1/data/sources").path("sources");
    assertThat(sources.findValuesAsText("name")).containsExactly("ecdc", "jhu");
  }

  @Test
  @Order(4)
  void aKeyWithoutThePublisherRoleIsRevertedAndExitsOneWithTheReason() throws Exception {
    Path stranger = dir.resolve("stranger.key");
    KeyFiles.write(stranger, KeyPair.deterministic("data-publish-stranger"), false);
    Cli.Run r = Cli.run("data", "publish", "--node", url, "--key", stranger.toString(), "--source", "stray", ecdcFile.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("openRelease").contains("was reverted: UNAUTHORIZED").contains("data.publisher");
    assertThat(client.get("/v1/data/sources").path("sources").findValuesAsText("name")).doesNotContain("stray");
  }

  @Test
  @Order(5)
  void aRepublishedChangedFileIsVersionTwoAndItsChangesAreExactlyTheChangedNumber() throws Exception {
    List<String> lines = new ArrayList<>(Files.readAllLines(jhuFile));
    int column = List.of(lines.get(0).split(",", -1)).indexOf("4/1/20");
    int italy = lineOf(jhuFile, ",Italy,") - 1;
    String[] cells = lines.get(italy).split(",", -1);
    long before = Long.parseLong(cells[column]);
    long after = before + 5_000;
    cells[column] = Long.toString(after);
    lines.set(italy, String.join(",", cells));
    Path changed = dir.resolve("v2/time_series_covid19_confirmed_global.csv");
    Files.createDirectories(changed.getParent());
    Files.write(changed, lines);

    Cli.Run r = publish("jhu", changed);
    assertThat(r.code()).as(r.err()).isZero();
    String v2 = JSON.readTree(r.out()).path("release").asText();
    JsonNode release = client.get("/v1/data/releases/" + v2);
    assertThat(release.path("version").asLong()).isEqualTo(2);
    assertThat(release.path("previous").asText()).isEqualTo(jhuRelease);
    assertThat(release.path("changed").asLong()).isEqualTo(1);
    assertThat(client.get("/v1/data/sources").path("sources").get(1).path("versions").size()).isEqualTo(2);

    JsonNode point = client.get("/v1/data/series?place=ITA&metric=confirmed&source=jhu&from=2020-04-01&to=2020-04-01").path("points").get(0);
    assertThat(point.path("value").asLong()).isEqualTo(after);
    assertThat(point.path("release").asText()).isEqualTo(v2);

    JsonNode changes = client.get("/v1/data/releases/" + v2 + "/changes");
    assertThat(changes.path("changed").asLong()).isEqualTo(1);
    assertThat(changes.path("added").asLong()).isZero();
    assertThat(changes.path("unchanged").asLong()).isEqualTo(release.path("written").asLong() - 1);
    JsonNode c = changes.path("changes").get(0);
    assertThat(c.path("place").asText()).isEqualTo("ITA");
    assertThat(c.path("date").asText()).isEqualTo("2020-04-01");
    assertThat(c.path("before").path("value").asLong()).isEqualTo(before);
    assertThat(c.path("before").path("release").asText()).isEqualTo(jhuRelease);
    assertThat(c.path("after").path("value").asLong()).isEqualTo(after);

    JsonNode revisions = client.get("/v1/data/discrepancies?place=ITA&metric=confirmed&kind=revision");
    assertThat(revisions.size()).isEqualTo(1);
    assertThat(revisions.get(0).path("values").findValuesAsText("release")).containsExactly(jhuRelease, v2);
    // The previous version's numbers remain readable in the ledger's history.
    JsonNode history = client.get("/v1/history/data/series/jhu/ITA/confirmed");
    assertThat(history.path("entries").size()).isGreaterThanOrEqualTo(2);
  }

  // ---- the files read by hand ----

  private static TreeMap<LocalDate, Long> values(JsonNode series) {
    TreeMap<LocalDate, Long> out = new TreeMap<>();
    for (JsonNode p : series.path("points")) {
      out.put(LocalDate.parse(p.path("date").asText()), p.path("value").asLong());
    }
    return out;
  }

  private TreeMap<LocalDate, Long> jhuRow(String country) throws IOException {
    List<String> lines = Files.readAllLines(jhuFile);
    String[] header = lines.get(0).split(",", -1);
    for (String l : lines) {
      if (l.startsWith("," + country + ",")) {
        String[] cells = l.split(",", -1);
        TreeMap<LocalDate, Long> out = new TreeMap<>();
        for (int i = 4; i < header.length; i++) {
          out.put(LocalDate.parse(header[i], JHU_DATE), Long.parseLong(cells[i]));
        }
        return out;
      }
    }
    throw new AssertionError("no country row " + country);
  }

  private TreeMap<LocalDate, Long> jhuProvinceSum(String country) throws IOException {
    List<String> lines = Files.readAllLines(jhuFile);
    String[] header = lines.get(0).split(",", -1);
    TreeMap<LocalDate, Long> out = new TreeMap<>();
    int rows = 0;
    for (String l : lines) {
      String[] cells = l.split(",", -1);
      if (cells.length == header.length && cells[1].equals(country) && !cells[0].isEmpty()) {
        rows++;
        for (int i = 4; i < header.length; i++) {
          out.merge(LocalDate.parse(header[i], JHU_DATE), Long.parseLong(cells[i]), Long::sum);
        }
      }
    }
    assertThat(rows).as("province rows of " + country).isGreaterThan(1);
    return out;
  }

  private TreeMap<LocalDate, Long> ecdcColumn(String name) throws IOException {
    List<String> lines = Files.readAllLines(ecdcFile);
    int column = List.of(lines.get(0).split(",", -1)).indexOf(name);
    TreeMap<LocalDate, Long> out = new TreeMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] cells = l.split(",", -1);
      if (!cells[column].isEmpty()) {
        out.put(LocalDate.parse(cells[0]), Long.parseLong(cells[column]));
      }
    }
    return out;
  }

  private static int lineOf(Path file, String prefix) throws IOException {
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(prefix)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line starting with " + prefix);
  }
}
