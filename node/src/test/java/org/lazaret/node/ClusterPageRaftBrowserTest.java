package org.lazaret.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.dashboard.HeadlessChromium;
import org.lazaret.sdk.LazaretClient;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard's Cluster page against a real cluster: three whole nodes in one JVM over Raft
 * ({@link TestCluster}) and headless Chromium. A healthy cluster shows every member, the leader
 * Raft reports and agreeing chains, and a stopped member turns unreachable on the next poll; a
 * member whose state diverges (the fault seam of {@link ClusterDivergenceTest}) is shown as such,
 * with the majority's and its own state root. The page is always read against the API's answer.
 */
@Tag("browser")
@Timeout(240)
class ClusterPageRaftBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(40);
  private static final KeyPair RECIPIENT = KeyPair.deterministic("cluster-page-recipient");
  private ChromeDriver browser;
  private long nonce;

  @BeforeEach
  void startBrowser(@TempDir Path dir) {
    HeadlessChromium.requireInstalled();
    browser = HeadlessChromium.start(dir.resolve("profile"));
  }

  @AfterEach
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void showsEveryMemberTheLeaderAndAgreeingChainsThenAStoppedMember(@TempDir Path dir) throws Exception {
    try (TestCluster cluster = new TestCluster(Files.createDirectory(dir.resolve("cluster")), 3, 1, c -> c, Map.of())) {
      LazaretClient one = cluster.client("node-1");
      awaitLeader(cluster);
      for (int i = 0; i < 3; i++) {
        transfer(cluster, one);
      }
      TestCluster.await(WAIT, "every node at the same height, chains agreeing", () -> {
        JsonNode s = one.get("/v1/cluster");
        return s.path("chainsAgree").asBoolean() && allLagsZero(s);
      });
      JsonNode status = one.get("/v1/cluster");
      String leader = status.path("leader").asText();

      browser.get(one.baseUrl() + "/#/cluster");
      waitFor(d -> rows().size() == 3, "a row per member");
      assertThat(rows().stream().map(r -> r.getDomAttribute("data-node")).toList()).containsExactly("node-1", "node-2", "node-3");
      waitFor(d -> text("#cluster-leader").equals(one.get("/v1/cluster").path("leader").asText()), "the leader card to name Raft's leader");
      assertThat(text("#cluster-leader")).isEqualTo(leader);
      assertThat(cell(leader, 0)).isEqualTo(leader + " leader");
      assertThat(browser.findElements(By.cssSelector("#cluster-nodes .badge"))).as("one leader badge").hasSize(1);
      waitFor(d -> text("#cluster-agree").startsWith("agree at "), "the chains card to say they agree");
      assertThat(text("#cluster-diverged")).isEqualTo("none");
      assertThat(text("#cluster-divergence-none")).isEqualTo("No node has diverged.");
      for (String id : cluster.ids) {
        JsonNode entry = entry(one.get("/v1/cluster"), id);
        assertThat(cell(id, 1)).isEqualTo(cluster.clusters.get(id).apiUrls().get(id));
        assertThat(cell(id, 2)).isIn("leader", "follower");
        assertThat(cell(id, 4)).isEqualTo("0");
        assertThat(cell(id, 5)).isEqualTo(entry.path("stateRoot").asText().substring(0, 10) + "…");
        assertThat(cell(id, 6)).isEqualTo("agrees");
      }
      assertThat(text("#cluster-compared-at")).startsWith("AGREES AT ");
      assertThat(browser.findElements(By.cssSelector("#cluster-heights canvas"))).isNotEmpty();
      assertThat(browser.executeScript("return echarts.getInstanceByDom(document.getElementById('cluster-heights')).getOption().series.map(s => s.name).join(',');"))
          .isEqualTo("node-1,node-2,node-3");
      waitFor(d -> browser.executeScript("return window.ClusterPage.polls;") instanceof Long polls && polls >= 2, "a second poll");
      assertThat(browser.executeScript("return echarts.getInstanceByDom(document.getElementById('cluster-heights')).getOption().series.map(s => s.data.length >= 2 && s.data.every(p => p[1] === " + status.path("nodes").get(0).path("height").asLong() + ")).join(',');"))
          .as("each node's line holds the heights of every poll").isEqualTo("true,true,true");
      assertThat(browser.findElements(By.cssSelector("#view .error"))).isEmpty();

      String stopped = cluster.ids.stream().filter(id -> !id.equals(leader) && !id.equals("node-1")).findFirst().orElseThrow();
      cluster.stop(stopped);
      waitFor(d -> cell(stopped, 2).equals("unreachable"), stopped + " shown unreachable after it stopped");
      assertThat(cell(stopped, 3)).isEqualTo("—");
      assertThat(rows()).hasSize(3);
      cluster.assertNotHalted();
    }
  }

  @Test
  void showsADivergedMemberWithBothStateRoots(@TempDir Path dir) throws Exception {
    try (TestCluster cluster = new TestCluster(Files.createDirectory(dir.resolve("cluster")), 3, 1, c -> c, Map.of("node-3", ClusterDivergenceTest.EXTRA_WRITE))) {
      LazaretClient one = cluster.client("node-1");
      awaitLeader(cluster);
      for (int i = 0; i < 40 && !entry(one.get("/v1/cluster"), "node-3").path("diverged").asBoolean(); i++) {
        transfer(cluster, one);
      }
      TestCluster.await(WAIT, "node-1 to list node-3 as diverged", () -> entry(one.get("/v1/cluster"), "node-3").has("divergence"));
      JsonNode divergence = entry(one.get("/v1/cluster"), "node-3").path("divergence");
      assertThat(divergence.path("height").asLong()).isGreaterThanOrEqualTo(ClusterDivergenceTest.FAULT_FROM);

      browser.get(one.baseUrl() + "/#/cluster");
      waitFor(d -> text("#cluster-diverged").equals("diverged"), "the divergence card");
      assertThat(cell("node-3", 2)).contains("diverged");
      assertThat(cell("node-3", 6)).isEqualTo("diverged at " + divergence.path("height").asLong());
      WebElement finding = browser.findElement(By.cssSelector("#cluster-divergence dl[data-diverged='node-3']"));
      assertThat(finding.getText()).contains(divergence.path("expectedStateRoot").asText()).contains(divergence.path("actualStateRoot").asText())
          .contains("node-1, node-2");
      assertThat(cell("node-1", 6)).isEqualTo("agrees");
      assertThat(cell("node-2", 6)).isEqualTo("agrees");
      cluster.assertNotHalted();
    }
  }

  // --- helpers ---

  private static void awaitLeader(TestCluster cluster) throws InterruptedException {
    TestCluster.await(WAIT, "every node to know a leader", () -> cluster.ids.stream()
        .allMatch(id -> !cluster.client(id).get("/v1/cluster/self").path("leader").isNull()));
  }

  private void transfer(TestCluster cluster, LazaretClient via) {
    Hash32 id = via.submit(Transaction.of(TestCluster.CHAIN, cluster.demo.publicKey(), nonce++, "token", "transfer",
        CanonicalJson.object().put("to", RECIPIENT.publicKey().hex()).put("amount", 1), System.currentTimeMillis() + 600_000).sign(cluster.demo));
    assertThat(via.await(id, WAIT).path("status").asText()).isEqualTo("committed");
  }

  private static boolean allLagsZero(JsonNode status) {
    for (JsonNode n : status.path("nodes")) {
      if (n.path("lag").asLong(-1) != 0) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode entry(JsonNode status, String id) {
    for (JsonNode n : status.path("nodes")) {
      if (n.path("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError(id + " not in " + status);
  }

  private List<WebElement> rows() {
    return browser.findElements(By.cssSelector("#cluster-nodes tbody tr"));
  }

  /** The text of one cell of a member's row: 0 node, 1 API, 2 role, 3 height, 4 lag, 5 state root, 6 agreement. */
  private String cell(String id, int column) {
    // The page rewrites a row when a poll brings new figures; read again if it did so meanwhile.
    for (int attempt = 1; ; attempt++) {
      try {
        return browser.findElement(By.cssSelector("#cluster-nodes tbody tr[data-node='" + id + "']")).findElements(By.tagName("td")).get(column).getText();
      } catch (StaleElementReferenceException e) {
        if (attempt == 3) {
          throw e;
        }
      }
    }
  }

  private String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  private void waitFor(Function<WebDriver, Boolean> condition, String what) {
    new WebDriverWait(browser, WAIT).withMessage("waiting for " + what).ignoring(NoSuchElementException.class)
        .ignoring(StaleElementReferenceException.class).until(condition);
  }
}
