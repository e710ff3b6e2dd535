package org.lazaret.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.sdk.ApiException;
import org.lazaret.sdk.LazaretClient;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Cluster page on a node that runs alone: it has no {@code /v1/cluster}, and the page must say
 * so plainly with the node's height, follow that height as blocks commit, and show a failure to
 * read the status as an error that clears once the node answers again. Method: one real node and
 * headless Chromium; failures are made by wrapping the page's own fetch before it loads.
 */
@Tag("browser")
@Timeout(120)
class ClusterPageBrowserTest {
  private static final String CHAIN = "cluster-page-chain";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final KeyPair DEMO = KeyPair.deterministic("cluster-page-demo");
  private static final KeyPair RECIPIENT = KeyPair.deterministic("cluster-page-recipient");

  private static Node node;
  private static ChromeDriver browser;
  private static LazaretClient client;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    HeadlessChromium.requireInstalled();
    Path data = Files.createDirectory(dir.resolve("node"));
    NodeConfig config = NodeConfig.defaults(data, 0);
    Files.writeString(config.genesisFile(), Genesis.demo(CHAIN, System.currentTimeMillis(), DEMO.publicKey(), Map.of()).document().toString());
    node = Node.start(config, List.of(), (why, cause) -> {
      throw new AssertionError(why, cause);
    });
    client = new LazaretClient(node.url());
    browser = HeadlessChromium.start(Files.createDirectory(dir.resolve("profile")));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    if (node != null) {
      node.close();
    }
  }

  @Test
  void aNodeWithoutAClusterSaysItRunsAloneAndFollowsItsHeight() {
    // What the page relies on: a solo node has no cluster resource at all.
    try {
      client.get("/v1/cluster");
      throw new AssertionError("a solo node answered GET /v1/cluster");
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(404);
      assertThat(e.problem().path("code").asText()).isEqualTo("NOT_FOUND");
    }
    browser.get(node.url() + "/#/cluster");
    waitFor(d -> text("#cluster-alone").contains("runs alone"), "the page to say the node runs alone");
    assertThat(text("#cluster-alone-height")).isEqualTo(Long.toString(client.health().path("height").asLong()));
    assertThat(browser.findElements(By.cssSelector("#view .error"))).isEmpty();
    assertThat(browser.findElements(By.id("cluster-nodes"))).as("no member table on a solo node").isEmpty();
    assertThat(text("#nav a.active")).isEqualTo("Cluster");

    long height = commitTransfer().path("height").asLong();
    waitFor(d -> text("#cluster-alone-height").equals(Long.toString(height)), "the page's height to follow block " + height + " without reloading");
  }

  @Test
  void aFailedStatusReadIsShownAndClearsWhenTheNodeAnswersAgain() {
    browser.get("about:blank");
    Map<String, Object> added = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FAILING_CLUSTER_STATUS));
    try {
      browser.get(node.url() + "/#/cluster");
      waitFor(d -> text("#cluster-failure").contains("Cannot read the cluster status: the node is restarting (test)"), "the failure to be shown");
      assertThat(browser.findElement(By.cssSelector("#cluster-failure")).getDomAttribute("role")).isEqualTo("alert");
      assertThat(browser.findElements(By.id("cluster-alone"))).as("a 503 is not mistaken for a solo node").isEmpty();
      assertThat(text("main h1")).isEqualTo("Cluster");

      browser.executeScript("window.__clusterStatusFails = false;");
      waitFor(d -> text("#cluster-alone").contains("runs alone"), "the page to recover on the next poll");
      assertThat(browser.findElements(By.id("cluster-failure"))).isEmpty();
    } finally {
      browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", added.get("identifier")));
    }
  }

  /** Makes GET /v1/cluster answer 503 with a problem document until the test clears the flag. */
  private static final String FAILING_CLUSTER_STATUS =
      """
      (() => {
        const real = window.fetch.bind(window);
        window.__clusterStatusFails = true;
        window.fetch = (path, options) => window.__clusterStatusFails && String(path) === '/v1/cluster'
          ? Promise.resolve(new Response(JSON.stringify({ status: 503, code: 'STARTING', detail: 'the node is restarting (test)' }),
              { status: 503, headers: { 'Content-Type': 'application/problem+json' } }))
          : real(path, options);
      })();
      """;

  private static JsonNode commitTransfer() {
    long nonce = client.account(DEMO.publicKey()).path("nextNonce").asLong();
    SignedTransaction tx = Transaction.of(CHAIN, DEMO.publicKey(), nonce, "token", "transfer",
        CanonicalJson.object().put("to", RECIPIENT.publicKey().hex()).put("amount", 1), System.currentTimeMillis() + 60_000).sign(DEMO);
    JsonNode s = client.await(client.submit(tx), WAIT);
    assertThat(s.path("status").asText()).isEqualTo("committed");
    return s;
  }

  private static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private static void waitFor(Function<WebDriver, Boolean> condition, String what) {
    new WebDriverWait(browser, WAIT).withMessage("waiting for " + what).ignoring(NoSuchElementException.class)
        .ignoring(StaleElementReferenceException.class).until(condition);
  }
}
