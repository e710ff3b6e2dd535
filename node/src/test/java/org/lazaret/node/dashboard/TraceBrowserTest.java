package org.lazaret.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lazaret.node.trace.SampleVaccineChain.EXAMPLE_ITEM;
import static org.lazaret.node.trace.SampleVaccineChain.LOT_A;
import static org.lazaret.node.trace.SampleVaccineChain.LOT_B;
import static org.lazaret.node.trace.SampleVaccineChain.PALLET;
import static org.lazaret.node.trace.SampleVaccineChain.RECALLED_ITEM;
import static org.lazaret.node.trace.SampleVaccineChain.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.epcis.Identifiers;
import org.lazaret.node.trace.TraceNode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the Trace pages in a real headless Chromium against a node holding the sample vaccine
 * chain (a breach on the road, a recalled lot): a vial's page draws the lineage graph with its lot,
 * the bulk it was filled from and the pallet that carried it, coloured by kind; the custody
 * timeline through its containers ends at the pharmacy; the temperature chart is the API's
 * readings inside the 2–8 °C band with the one breach pinned; a vial of the recalled lot shows the
 * recall banner and every recalled vial with its holder; the verification page a QR code opens
 * says genuine, recalled or unknown as the ledger does.
 */
@Tag("browser")
@Timeout(180)
class TraceBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TraceNode trace;
  private static ChromeDriver browser;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    HeadlessChromium.requireInstalled();
    trace = new TraceNode(dir.resolve("node")).loadSample();
    browser = HeadlessChromium.start(Files.createDirectory(dir.resolve("profile")));
    browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
        "window.__errors = []; addEventListener('error', e => __errors.push(String(e.message))); addEventListener('unhandledrejection', e => __errors.push(String(e.reason)));"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (trace != null) {
      trace.close();
    }
  }

  @Test
  void aVialsPageDrawsItsLineageColouredByKind() throws Exception {
    openTrace(EXAMPLE_ITEM);
    assertThat(browser.findElements(By.cssSelector("#nav a[href='#/trace']"))).hasSize(1);
    JsonNode api = trace.client.get("/v1/trace/" + EXAMPLE_ITEM + "/lineage");
    JsonNode drawn = JSON.readTree(js().executeScript("return JSON.stringify(TracePage.graph.getOption().series[0].data.map(d => ({id: d.id, kind: d.kind, color: d.itemStyle.color})));").toString());
    Map<String, String> kinds = new TreeMap<>();
    Map<String, String> colours = new TreeMap<>();
    drawn.forEach(d -> {
      kinds.put(d.path("id").asText(), d.path("kind").asText());
      colours.put(d.path("kind").asText(), d.path("color").asText());
    });
    assertThat(kinds).hasSize(api.path("nodes").size());
    assertThat(kinds).containsEntry(EXAMPLE_ITEM, "item").containsEntry(LOT_A, "lot").containsEntry(PALLET, "container");
    assertThat(colours).containsKeys("item", "lot", "container");
    assertThat(colours.values()).doesNotHaveDuplicates();
    Object links = js().executeScript("return TracePage.graph.getOption().series[0].links.length;");
    assertThat(((Number) links).intValue()).isEqualTo(api.path("edges").size());
    Files.write(Path.of("/tmp/trace.png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void theCustodyTimelineFollowsTheVialThroughItsContainersToThePharmacy() {
    openTrace(EXAMPLE_ITEM);
    JsonNode api = trace.client.get("/v1/trace/" + EXAMPLE_ITEM + "/timeline");
    assertThat(browser.findElements(By.cssSelector("#trace-timeline tbody tr"))).hasSize(api.path("timeline").size());
    assertThat(text("#trace-current-holder")).isEqualTo(api.path("currentHolder").path("holder").asText()).isEqualTo("urn:epc:id:pgln:4055555.00000");
    assertThat(text("#trace-timeline tbody tr:last-child")).contains("dispensing");
  }

  @Test
  void theTemperatureChartIsTheApisReadingsInsideTheBandWithTheBreachPinned() throws Exception {
    openTrace(EXAMPLE_ITEM);
    JsonNode api = trace.client.get("/v1/trace/" + EXAMPLE_ITEM + "/temperatures");
    JsonNode data = JSON.readTree(js().executeScript("return JSON.stringify(TracePage.temperature.getOption().series[0].data);").toString());
    assertThat(data).hasSize(api.path("readings").size());
    for (int i = 0; i < data.size(); i++) {
      assertThat(data.get(i).get(0).asLong()).isEqualTo(api.path("readings").get(i).path("timeMillis").asLong());
      assertThat(data.get(i).get(1).decimalValue()).isEqualByComparingTo(api.path("readings").get(i).path("celsius").asText());
    }
    JsonNode band = JSON.readTree(js().executeScript("return JSON.stringify(TracePage.temperature.getOption().series[0].markArea.data[0].map(b => b.yAxis));").toString());
    assertThat(band.get(0).asInt()).isEqualTo(2);
    assertThat(band.get(1).asInt()).isEqualTo(8);
    JsonNode pins = JSON.readTree(js().executeScript("return JSON.stringify(TracePage.temperature.getOption().series[0].markPoint.data.map(p => p.coord[1]));").toString());
    assertThat(pins).hasSize(1);
    assertThat(pins.get(0).decimalValue()).isEqualByComparingTo("9.4");
    assertThat(browser.findElements(By.cssSelector("#trace-breaches tr.breach"))).hasSize(1);
    assertThat(text("#trace-breaches tr.breach")).contains("9.4 CEL").contains("2 to 8 °C");
    assertThat(text("#trace-range")).contains("allowed 2 to 8 °C");
    js().executeScript("document.getElementById('trace-temperature').scrollIntoView();");
    Files.write(Path.of("/tmp/trace-temperature.png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void aVialOfTheRecalledLotShowsTheBannerAndEveryRecalledVialWithItsHolder() throws Exception {
    openTrace(RECALLED_ITEM);
    assertThat(text("#trace-recalled")).startsWith("RECALLED").contains(LOT_B).contains("Potency test");
    List<String> items = new ArrayList<>();
    browser.findElements(By.cssSelector("#trace-affected tr.affected-item")).forEach(r -> items.add(r.getDomAttribute("data-id")));
    assertThat(items).containsExactly(item(2001), item(2002), item(2003), item(2004));
    assertThat(text("#trace-affected tr.affected-item")).contains("urn:epc:id:pgln:4098765.00000");
    assertThat(browser.findElements(By.cssSelector("#trace-carriers tr"))).hasSize(2);
    js().executeScript("document.getElementById('trace-recall-title').scrollIntoView();");
    Files.write(Path.of("/tmp/trace-recall.png"), browser.getScreenshotAs(OutputType.BYTES));
    // the vial outside the recall has no banner, and its page offers the lot's export
    openTrace(EXAMPLE_ITEM);
    assertThat(browser.findElements(By.id("trace-recalled"))).isEmpty();
    assertThat(browser.findElement(By.id("trace-fsma")).getDomAttribute("href")).isEqualTo("/v1/trace/" + enc(EXAMPLE_ITEM) + "/fsma204.csv");
  }

  @Test
  void theVerificationPageSaysGenuineRecalledOrUnknownAsTheLedgerDoes() {
    assertThat(verify(Identifiers.toDigitalLink(EXAMPLE_ITEM))).isEqualTo("genuine");
    assertThat(browser.findElements(By.cssSelector("#verify-history tbody tr")).size()).isGreaterThan(2);
    assertThat(verify(RECALLED_ITEM)).isEqualTo("recalled");
    assertThat(text("#verify-message")).startsWith("RECALLED");
    assertThat(verify(Identifiers.toDigitalLink(item(9999)))).isEqualTo("unknown");
    assertThat(text("#verify-no-history")).contains("No event on the ledger names this serial number");
    assertThat(browser.findElement(By.id("verify-proof-link")).getDomAttribute("href")).startsWith("/v1/proofs/state/trace/epc/" + item(9999) + "?height=");
  }

  @Test
  void anUnknownIdentifierSaysUnknown() {
    navigate("#/trace/" + enc(item(9999)));
    waitFor(d -> !browser.findElements(By.id("trace-unknown")).isEmpty(), "the unknown notice");
    assertThat(text("#trace-unknown")).startsWith("unknown");
  }

  // ---- helpers ----

  private static String enc(String id) {
    return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void navigate(String hash) {
    if (!browser.getCurrentUrl().startsWith(trace.url())) {
      browser.get(trace.url() + "/#/trace");
      waitFor(d -> !browser.findElements(By.id("trace-form")).isEmpty(), "the trace form");
    }
    // the same hash again fires no hashchange: route explicitly then
    js().executeScript("TracePage.ready = null; document.getElementById('view').innerHTML = '';"
        + " if (location.hash === arguments[0]) { Lazaret.route(); } else { location.hash = arguments[0]; }", hash);
  }

  private static void openTrace(String id) {
    navigate("#/trace/" + enc(id));
    waitFor(d -> id.equals(js().executeScript("return window.TracePage && TracePage.ready;")), "the trace page of " + id);
    assertThat(browser.findElements(By.cssSelector("#view .error:not(#trace-recalled)"))).isEmpty();
  }

  private static String verify(String id) {
    navigate("#/verify/" + enc(id));
    waitFor(d -> !browser.findElements(By.id("verify-status")).isEmpty(), "the verification of " + id);
    return text("#verify-status");
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
