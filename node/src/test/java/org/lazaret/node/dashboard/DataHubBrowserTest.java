package org.lazaret.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.node.datahub.DataHubNode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the data hub page in a real headless Chromium against a node holding two real sources
 * (ECDC totals and WHO situation reports, as OWID published them): every source's series and the
 * dashed consensus are drawn with the recorded discrepancies pinned; a mouse click on a point of
 * the chart opens its provenance (release, source row, signed transaction, state proof) whose
 * transaction link leads to the page that verifies the Merkle proof in the browser; daily counts
 * with 7-day averages are what the API computes; the world view lists the chosen date's values.
 */
@Tag("browser")
@Timeout(180)
class DataHubBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static DataHubNode hub;
  private static ChromeDriver browser;
  private static String ecdc;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    HeadlessChromium.requireInstalled();
    hub = new DataHubNode(dir.resolve("node"));
    ecdc = hub.publish(DataHubNode.ECDC, "ecdc");
    hub.publish(DataHubNode.WHO, "who");
    browser = HeadlessChromium.start(Files.createDirectory(dir.resolve("profile")));
    // Script errors are collected so that a failed wait can say what went wrong in the page.
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source",
        "window.__errors = []; addEventListener('error', e => __errors.push(String(e.message))); addEventListener('unhandledrejection', e => __errors.push(String(e.reason)));"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void everySourceAndTheDashedConsensusAreDrawnWithDiscrepanciesPinned() throws Exception {
    openDataHub();
    assertThat(browser.findElements(By.cssSelector("#nav a[href='#/data']"))).hasSize(1);
    List<String> names = strings("return DataHub.chart.getOption().series.map(s => s.name);");
    assertThat(names).containsExactly("ecdc", "who", "consensus");
    assertThat(js().executeScript("return DataHub.chart.getOption().series[2].lineStyle.type;")).isEqualTo("dashed");
    assertThat(js().executeScript("return DataHub.chart.getOption().series[0].lineStyle.type;")).isEqualTo("solid");

    JsonNode api = hub.client.get("/v1/data/discrepancies?place=DEU&metric=confirmed");
    List<String> crossDates = new ArrayList<>();
    api.forEach(d -> {
      if (d.path("kind").asText().equals("cross-source")) {
        crossDates.add(d.path("date").asText());
      }
    });
    assertThat(crossDates).as("ECDC and WHO disagree on Germany").isNotEmpty();
    List<String> pinned = strings("return DataHub.chart.getOption().series[2].markPoint.data.map(p => p.coord[0]);");
    assertThat(pinned).containsExactlyElementsOf(crossDates);
    assertThat(browser.findElements(By.cssSelector("#datahub-discrepancies tbody tr"))).hasSize(api.size());
    // The ECDC line is the API's series, point for point.
    JsonNode series = hub.client.get("/v1/data/series?place=DEU&metric=confirmed&source=ecdc");
    Object drawn = js().executeScript("return JSON.stringify(DataHub.chart.getOption().series[0].data);");
    List<List<Object>> expected = new ArrayList<>();
    series.path("points").forEach(p -> expected.add(List.of(p.path("date").asText(), p.path("value").asLong())));
    assertThat(JSON.readTree(drawn.toString()).toString()).isEqualTo(JSON.writeValueAsString(expected));
    Files.write(Path.of("/tmp/datahub.png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void clickingAPointOnTheChartOpensItsProvenanceAndTheTransactionPageVerifiesIt() {
    openDataHub();
    // Sources that agree within a few cases draw on the same pixels; as a reader would, hide the
    // other lines with the legend, then click ECDC's point on a date the sources disagree.
    String date = hub.client.get("/v1/data/discrepancies?place=DEU&metric=confirmed&kind=cross-source").get(0).path("date").asText();
    js().executeScript("DataHub.chart.dispatchAction({ type: 'legendUnSelect', name: 'who' }); DataHub.chart.dispatchAction({ type: 'legendUnSelect', name: 'consensus' });");
    JsonNode p = hub.client.get("/v1/data/provenance?place=DEU&metric=confirmed&source=ecdc&date=" + date);
    long value = p.path("value").asLong();
    clickChartAt("ecdc", date, value);

    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("provenance")));
    assertThat(text("#datahub-provenance h2")).contains(date);
    assertThat(text("#prov-value")).startsWith(Long.toString(value));
    assertThat(text("#prov-release")).contains(ecdc).contains("version 1").contains("health-agency");
    assertThat(text("#prov-row")).isEqualTo("line " + p.path("row").asLong() + " of total_cases.csv");
    assertThat(text("#prov-holds")).isEqualTo("the proven value holds this point");
    assertThat(browser.findElement(By.id("prov-proof-link")).getDomAttribute("href")).isEqualTo(p.path("state").path("proofUrl").asText());
    String txId = p.path("transaction").path("id").asText();
    WebElement link = browser.findElement(By.id("prov-tx-link"));
    assertThat(link.getDomAttribute("href")).isEqualTo("#/tx/" + txId);
    link.click();
    WebElement ok = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("proof-ok")));
    assertThat(ok.getText()).contains("verified in this browser");
    assertThat(text("#view")).contains("data.addSeries");
  }

  @Test
  void clickingTheConsensusLineExplainsHowThePointWasChosen() {
    openDataHub();
    // Before WHO's first report only ECDC counts Germany: the consensus is ECDC's value.
    js().executeScript("DataHub.chart.dispatchAction({ type: 'legendUnSelect', name: 'ecdc' }); DataHub.chart.dispatchAction({ type: 'legendUnSelect', name: 'who' });");
    clickChartAt("consensus", "2020-01-10", 0);
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("prov-consensus")));
    assertThat(text("#prov-consensus")).contains("only ecdc reports it").contains("chose ecdc");
    assertThat(text("#prov-release")).contains(ecdc);
  }

  private static void clickChartAt(String series, String date, long value) {
    @SuppressWarnings("unchecked")
    List<Number> px = (List<Number>) js().executeScript("return DataHub.chart.convertToPixel({ seriesName: arguments[0] }, [arguments[1], arguments[2]]);", series, date, value);
    // ECharts' pixels are relative to its canvas, which sits inside the card's padding.
    WebElement chart = browser.findElement(By.cssSelector("#datahub-chart canvas"));
    int dx = (int) Math.round(px.get(0).doubleValue() - chart.getSize().getWidth() / 2.0);
    int dy = (int) Math.round(px.get(1).doubleValue() - chart.getSize().getHeight() / 2.0);
    new Actions(browser).moveToElement(chart, dx, dy).pause(Duration.ofMillis(300)).click().perform();
  }

  @Test
  void aDiscrepancyInTheTableOpensTheProvenanceOfItsDate() {
    openDataHub();
    WebElement first = browser.findElement(By.cssSelector("#datahub-discrepancies a.dh-issue"));
    String date = first.getText();
    first.click();
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("provenance")));
    assertThat(text("#datahub-provenance h2")).contains(date);
  }

  @Test
  void dailyCountsWithSevenDayAveragesAreTheApisFigures() throws Exception {
    openDataHub();
    select("dh-place", "ITA");
    waitFor(d -> "ITA".equals(js().executeScript("return DataHub.state.place;")), "Italy drawn");
    select("dh-mode", "daily");
    browser.findElement(By.id("dh-average")).click();
    waitFor(d -> Boolean.TRUE.equals(js().executeScript("return DataHub.state.consensus.mode === 'daily' && DataHub.state.consensus.averageDays === 7;")), "the daily 7-day average drawn");
    JsonNode api = hub.client.get("/v1/data/series?place=ITA&metric=confirmed&source=who&mode=daily&average=7");
    Object drawn = js().executeScript("return JSON.stringify(DataHub.chart.getOption().series.find(s => s.name === 'who').data.map(d => d[1]));");
    List<JsonNode> expected = new ArrayList<>();
    api.path("points").forEach(p -> expected.add(p.path("average")));
    JsonNode got = JSON.readTree(drawn.toString());
    assertThat(got.size()).isEqualTo(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      if (expected.get(i).isNull()) {
        assertThat(got.get(i).isNull()).as("point %d has no full week", i).isTrue();
      } else {
        assertThat(got.get(i).decimalValue()).as("point %d", i).isEqualByComparingTo(expected.get(i).decimalValue());
      }
    }
  }

  @Test
  void theWorldViewListsEveryCountrysValueOnTheChosenDate() {
    openDataHub();
    js().executeScript("const i = document.getElementById('dh-world-date'); i.value = '2020-03-15'; i.dispatchEvent(new Event('change'));");
    select("dh-world-source", "ecdc");
    // The table is redrawn on each change; read it in one script so no element goes stale.
    String deuRow = "const r = document.querySelector(\"#datahub-world tr[data-place='DEU']\"); return r ? r.cells[4].textContent + ' ' + r.querySelector('.dh-world-value').textContent : '';";
    waitFor(d -> String.valueOf(js().executeScript(deuRow)).startsWith("ecdc "), "Germany in the ECDC world table");
    JsonNode world = hub.client.get("/v1/data/world?metric=confirmed&date=2020-03-15&source=ecdc");
    long deu = 0;
    for (JsonNode r : world.path("rows")) {
      if (r.path("place").asText().equals("DEU")) {
        deu = r.path("value").asLong();
      }
    }
    assertThat(js().executeScript(deuRow)).isEqualTo("ecdc " + deu);
    assertThat(js().executeScript("return document.querySelectorAll('#datahub-world tbody tr').length;")).isEqualTo((long) world.path("rows").size());
    Object bars = js().executeScript("return DataHub.worldChart.getOption().series[0].data.length;");
    assertThat(((Number) bars).intValue()).isBetween(1, 25);
  }

  // ---- helpers ----

  /**
   * Opens the page in the one document the tests share: each page load keeps a block-stream
   * connection, and a browser allows six per host, so loading a fresh document per test would
   * exhaust them (pages kept in the back-forward cache hold theirs).
   */
  private static void openDataHub() {
    if (!browser.getCurrentUrl().startsWith(hub.url())) {
      browser.get(hub.url() + "/#/");
    }
    js().executeScript("window.DataHub = null; location.hash = '#/';");
    waitFor(d -> !browser.findElements(By.id("height")).isEmpty(), "the chain page");
    js().executeScript("location.hash = '#/data';");
    waitFor(d -> Boolean.TRUE.equals(js().executeScript("return !!(window.DataHub && DataHub.state.consensus && DataHub.chart.getOption().series.length);")), "the data hub chart");
    assertThat(browser.findElements(By.cssSelector("#view .error"))).isEmpty();
  }

  private static void select(String id, String value) {
    js().executeScript("const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change'));", id, value);
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(String script) {
    return (List<String>) js().executeScript(script);
  }

  private static JavascriptExecutor js() {
    return browser;
  }

  private static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private static void waitFor(Function<WebDriver, Boolean> condition, String what) {
    new WebDriverWait(browser, WAIT).withMessage(() -> "waiting for " + what + "; the page shows: " + js().executeScript("return location.href + ' ' + (document.getElementById('view') ? document.getElementById('view').innerText.slice(0, 300) : document.title) + ' errors: ' + JSON.stringify(window.__errors || []);")).until(condition::apply);
  }
}
