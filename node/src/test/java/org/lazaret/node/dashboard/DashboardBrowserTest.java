package org.lazaret.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.sdk.LazaretClient;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the node's web dashboard in a real headless browser against a real node: live block
 * updates over server-sent events, block and transaction pages, the Merkle proof checked with the
 * browser's own WebCrypto, error pages and the Swagger UI. One node and one browser serve the
 * class; each test submits its own transactions and reads heights relative to what it committed.
 */
@Tag("browser")
class DashboardBrowserTest {
  private static final String CHAIN = "dashboard-chain";
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final KeyPair DEMO = KeyPair.deterministic("dashboard-demo");
  private static final KeyPair HOSPITAL = KeyPair.deterministic("dashboard-hospital");
  private static final KeyPair PAUPER = KeyPair.deterministic("dashboard-pauper");

  private static Node node;
  private static ChromeDriver browser;
  private static LazaretClient client;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    HeadlessChromium.requireInstalled();
    Path data = Files.createDirectory(dir.resolve("node"));
    Genesis genesis = Genesis.demo(CHAIN, System.currentTimeMillis(), DEMO.publicKey(), Map.of("city-hospital", HOSPITAL.publicKey()));
    NodeConfig config = NodeConfig.defaults(data, 0);
    Files.writeString(config.genesisFile(), genesis.document().toString());
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
  void overviewShowsChainAndFollowsNewBlocksLive() throws Exception {
    long before = client.health().path("height").asLong();
    openOverview();
    assertThat(text("#height")).isEqualTo(Long.toString(before));
    assertThat(text("#chain")).isEqualTo(CHAIN);
    assertThat(text("main h1")).contains(CHAIN);
    assertThat(text("#blockHash")).isEqualTo(client.latestBlock().path("hash").asText());
    js().executeScript("window.__sameDocument = 'still here';");

    JsonNode committed = commit(transfer(DEMO, HOSPITAL, 250));
    long height = committed.path("height").asLong();
    assertThat(height).isGreaterThan(before);

    waitFor(d -> text("#height").equals(Long.toString(height)), "#height to show " + height);
    waitFor(d -> firstBlockRow().get(0).equals(Long.toString(height)), "block " + height + " at the top of #blocks");
    List<String> row = firstBlockRow();
    assertThat(row.get(1)).isEqualTo(client.block(height).path("hash").asText().substring(0, 10) + "…");
    assertThat(row.get(2)).isEqualTo("1");
    assertThat(text("#blockHash")).isEqualTo(committed.path("blockHash").asText());
    assertThat(text("#stateRoot")).isEqualTo(client.block(height).path("header").path("stateRoot").asText());
    assertThat(js().executeScript("return window.__sameDocument;")).as("the page updated without reloading").isEqualTo("still here");
    // The throughput chart is drawn and follows the stream: its last bar is the new block.
    assertThat(browser.findElements(By.cssSelector("#throughput canvas"))).isNotEmpty();
    waitFor(
        d -> Long.toString(height).equals(String.valueOf(js().executeScript(
            "const o = echarts.getInstanceByDom(document.getElementById('throughput')).getOption(); const x = o.xAxis[0].data; return String(x[x.length - 1]);"))),
        "the chart's last bar to be block " + height);

    Files.write(Path.of("/tmp/dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void blockPageShowsAppliedAndRevertedTransactions() {
    KeyPair spender = KeyPair.deterministic("dashboard-spender-" + System.nanoTime());
    commit(transfer(DEMO, spender, 100));
    SignedTransaction good = transfer(DEMO, HOSPITAL, 7);
    SignedTransaction overdraft = transfer(spender, HOSPITAL, 101);
    client.submitBatch(List.of(good, overdraft));
    JsonNode goodStatus = client.await(good.id(), WAIT);
    JsonNode badStatus = client.await(overdraft.id(), WAIT);
    assertThat(badStatus.path("receipt").path("reason").asText()).contains("INSUFFICIENT_FUNDS");

    String goodResult = resultShownFromOverview(goodStatus.path("height").asLong(), good.id());
    assertThat(goodResult).isEqualTo("applied");
    String badResult = resultShownFromOverview(badStatus.path("height").asLong(), overdraft.id());
    assertThat(badResult).contains("INSUFFICIENT_FUNDS").contains("exceeds the sender's balance of 100");
  }

  @Test
  void transactionPageVerifiesItsMerkleProofInTheBrowser() {
    // Several transactions in one block, so the proof has a real path to check, not just a leaf.
    long nonce = client.account(DEMO.publicKey()).path("nextNonce").asLong();
    List<SignedTransaction> txs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      txs.add(signedTransfer(DEMO, nonce + i, HOSPITAL, 1 + i));
    }
    client.submitBatch(txs);
    JsonNode chosen = null;
    SignedTransaction chosenTx = null;
    for (SignedTransaction tx : txs) {
      JsonNode s = client.await(tx.id(), WAIT);
      assertThat(s.path("status").asText()).isEqualTo("committed");
      long count = client.block(s.path("height").asLong()).path("header").path("txCount").asLong();
      if (count >= 2 && s.path("index").asInt() > 0) {
        chosen = s;
        chosenTx = tx;
      }
    }
    assertThat(chosen).as("one of five transactions submitted together shares a block, not at index 0").isNotNull();
    String id = chosenTx.id().hex();

    browser.get(node.url() + "/#/tx/" + id);
    WebElement ok = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("proof-ok")));
    assertThat(ok.getText()).contains("verified in this browser");
    assertThat(text("#status")).contains("committed").contains("block " + chosen.path("height").asLong()).contains("index " + chosen.path("index").asInt());
    assertThat(text("#proof")).contains(chosen.path("blockHash").asText().substring(0, 16));

    // The same in-browser check must refuse the proof once one hash of its path is altered.
    Object tampered =
        js().executeAsyncScript(
            """
            const done = arguments[arguments.length - 1];
            fetch('/v1/transactions/' + arguments[0] + '/proof').then(r => r.json()).then(async p => {
              const honest = await Lazaret.checkTxProof(p, arguments[1]);
              const h = p.path[0];
              p.path[0] = (h[0] === '0' ? '1' : '0') + h.slice(1);
              const forged = await Lazaret.checkTxProof(p, arguments[1]);
              done(JSON.stringify({ honest: honest.ok, forged: forged.ok, why: forged.why || '' }));
            }).catch(e => done('error: ' + e));
            """,
            id,
            chosen.path("blockHash").asText());
    assertThat(tampered.toString()).isEqualTo("{\"honest\":true,\"forged\":false,\"why\":\"Merkle path does not lead to the transaction root\"}");
  }

  @Test
  void unknownTransactionShowsAnErrorNotABlankPage() {
    String unknown = Hash32.sha256("no such transaction".getBytes(java.nio.charset.StandardCharsets.UTF_8)).hex();
    browser.get(node.url() + "/#/tx/" + unknown);
    WebElement error = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#view .error[role=alert]")));
    assertThat(error.getText()).contains("no transaction " + unknown);

    browser.get(node.url() + "/#/tx/not-a-hash");
    waitFor(d -> text("#view .error").contains("id"), "an error naming the malformed id");
    assertThat(browser.findElements(By.id("proof-ok"))).isEmpty();
  }

  @Test
  void apiDocsRenderSwaggerUiWithTheTransactionsOperation() {
    browser.get(node.url() + "/api-docs");
    WebElement op =
        new WebDriverWait(browser, WAIT)
            .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".opblock-post .opblock-summary-path[data-path='/v1/transactions']")));
    assertThat(op.getText()).contains("/v1/transactions");
    assertThat(browser.findElement(By.cssSelector(".swagger-ui .info .title")).getText()).isNotBlank();
    assertThat(browser.findElements(By.cssSelector(".opblock-summary-path[data-path='/v1/transactions/{id}/proof']"))).hasSize(1);
  }

  /**
   * The block stream's connection can open well after the page read the chain (a slow proxy, a
   * busy browser). The browser's own EventSource is wrapped before the page loads so that the test
   * decides when it really connects; a block committed before that moment must still be listed.
   */
  @Test
  void blockCommittedBeforeTheStreamConnectsIsStillListed() {
    browser.get("about:blank");
    Map<String, Object> added = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", DELAYED_EVENT_SOURCE));
    JsonNode missed;
    try {
      browser.get(node.url() + "/#/");
      new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("height")));
      assertThat(js().executeScript("return window.__heldStreams.length;")).as("the page asked for the stream, and it is held").isEqualTo(1L);
      missed = commit(transfer(DEMO, HOSPITAL, 3));
      js().executeScript("window.__releaseStreams();");
    } finally {
      browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", added.get("identifier")));
    }
    waitFor(d -> browser.findElement(By.id("live")).getDomAttribute("class").contains("on"), "the released stream to connect");
    long height = missed.path("height").asLong();
    waitFor(d -> blockHeightsListed().contains(Long.toString(height)), "block " + height + ", committed before the stream connected, in #blocks");
    assertThat(text("#height")).isEqualTo(Long.toString(height));
    JsonNode next = commit(transfer(DEMO, HOSPITAL, 4));
    waitFor(d -> text("#height").equals(Long.toString(next.path("height").asLong())), "#height to follow the stream");
    waitFor(d -> blockHeightsListed().get(0).equals(Long.toString(next.path("height").asLong())), "the next block at the top of #blocks");
    List<String> listed = blockHeightsListed();
    assertThat(listed.subList(0, 2)).containsExactly(Long.toString(next.path("height").asLong()), Long.toString(height));
    assertThat(listed).doesNotHaveDuplicates();
  }

  /** Replaces EventSource with one that connects only when the test calls __releaseStreams(). */
  private static final String DELAYED_EVENT_SOURCE =
      """
      (() => {
        const Real = window.EventSource;
        window.__heldStreams = [];
        window.__releaseStreams = () => window.__heldStreams.splice(0).forEach(open => open());
        window.EventSource = class extends EventTarget {
          constructor(url) {
            super();
            this.onopen = null;
            this.onerror = null;
            window.__heldStreams.push(() => {
              const real = new Real(url);
              real.onopen = e => this.onopen && this.onopen(e);
              real.onerror = e => this.onerror && this.onerror(e);
              real.addEventListener('block', e => this.dispatchEvent(new MessageEvent('block', { data: e.data, lastEventId: e.lastEventId })));
            });
          }
        };
      })();
      """;

  @Test
  void everyNavigationLinkOpensAPageWithoutError() {
    browser.get(node.url() + "/#/");
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("height")));
    List<String> links = browser.findElements(By.cssSelector("#nav a")).stream().map(a -> a.getDomAttribute("href")).toList();
    assertThat(links).isNotEmpty().contains("#/");
    for (String href : links) {
      browser.get(node.url() + "/" + href);
      waitFor(d -> !browser.findElement(By.id("view")).getText().isBlank(), "page " + href + " to render");
      assertThat(browser.findElements(By.cssSelector("#view .error"))).as("error on page %s: %s", href, browser.findElement(By.id("view")).getText()).isEmpty();
    }
  }

  // --- helpers ---

  private static void openOverview() {
    browser.get(node.url() + "/#/");
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("height")));
    waitFor(d -> browser.findElement(By.id("live")).getDomAttribute("class").contains("on"), "the live block stream to connect");
  }

  /** Opens the overview, clicks the block's link in #blocks and reads the Result cell of one transaction. */
  private static String resultShownFromOverview(long height, Hash32 txId) {
    openOverview();
    By link = By.cssSelector("#blocks a[href='#/block/" + height + "']");
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(link)).click();
    waitFor(d -> browser.getCurrentUrl().endsWith("#/block/" + height), "the block page's address");
    waitFor(d -> text("main h1").equals("Block " + height), "the block page heading");
    WebElement txs = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("txs")));
    for (WebElement row : txs.findElements(By.cssSelector("tbody tr"))) {
      List<WebElement> cells = row.findElements(By.tagName("td"));
      String href = cells.get(1).findElement(By.tagName("a")).getDomAttribute("href");
      if (href.equals("#/tx/" + txId.hex())) {
        assertThat(cells.get(2).getText()).isEqualTo("token.transfer");
        return cells.get(4).getText();
      }
    }
    throw new AssertionError("transaction " + txId.hex() + " is not listed on the page of block " + height + ": " + txs.getText());
  }

  private static List<String> firstBlockRow() {
    List<WebElement> rows = browser.findElements(By.cssSelector("#blocks tbody tr"));
    if (rows.isEmpty()) {
      return List.of("");
    }
    return rows.get(0).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
  }

  private static List<String> blockHeightsListed() {
    return browser.findElements(By.cssSelector("#blocks tbody tr td:first-child")).stream().map(WebElement::getText).toList();
  }

  private static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private static JavascriptExecutor js() {
    return browser;
  }

  private static void waitFor(java.util.function.Function<org.openqa.selenium.WebDriver, Boolean> condition, String what) {
    new WebDriverWait(browser, WAIT).withMessage("waiting for " + what).ignoring(org.openqa.selenium.NoSuchElementException.class)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition);
  }

  private static JsonNode commit(SignedTransaction tx) {
    client.submit(tx);
    JsonNode s = client.await(tx.id(), WAIT);
    assertThat(s.path("status").asText()).as("status of %s", tx.id().hex()).isEqualTo("committed");
    return s;
  }

  private static SignedTransaction transfer(KeyPair from, KeyPair to, long amount) {
    return signedTransfer(from, client.account(from.publicKey()).path("nextNonce").asLong(), to, amount);
  }

  private static SignedTransaction signedTransfer(KeyPair from, long nonce, KeyPair to, long amount) {
    ObjectNode args = CanonicalJson.object().put("to", to.publicKey().hex()).put("amount", amount);
    return Transaction.of(CHAIN, from.publicKey(), nonce, "token", "transfer", args, System.currentTimeMillis() + 60_000).sign(from);
  }
}
