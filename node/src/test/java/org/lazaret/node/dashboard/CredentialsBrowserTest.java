package org.lazaret.node.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.node.CredentialsTestNode;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the Certificates page in a real headless Chromium against a real node whose ledger
 * holds a registered signer, a valid and a revoked certificate: a verifier pastes a certificate's
 * text or uploads a picture of its QR code and reads the verdict, with failures explained, the
 * signer's organisation and status, and whether the trust data is current; the page also lists
 * the signers and policies. One node and one browser serve the class.
 */
@Tag("browser")
class CredentialsBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static CredentialsTestNode node;
  private static ChromeDriver browser;
  private static Path png;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    HeadlessChromium.requireInstalled();
    node = CredentialsTestNode.start(dir);
    png = dir.resolve("certificate.png");
    Files.write(png, node.validPng);
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

  /**
   * Shows a freshly rendered Certificates page. The document is loaded once and then re-routed by
   * its hash, as a user clicking the navigation would: every full load opens another block stream,
   * and Chromium keeps at most six connections to one host.
   */
  private static void openPage() {
    if (!browser.getCurrentUrl().startsWith(node.url())) {
      browser.get(node.url() + "/#/");
    }
    ((JavascriptExecutor) browser).executeScript("location.hash = '#/'; ");
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.invisibilityOfElementLocated(By.id("cert-verify")));
    ((JavascriptExecutor) browser).executeScript("location.hash = '#/credentials';");
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.id("cert-verify")));
  }

  /** Puts the text in the text area as a paste would (typing 500 characters key by key is slow). */
  private static void paste(String text) {
    WebElement area = browser.findElement(By.id("cert-text"));
    ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1];", area, text);
  }

  private static WebElement verdict() {
    browser.findElement(By.id("cert-verify")).click();
    new WebDriverWait(browser, WAIT).until(ExpectedConditions.or(
        ExpectedConditions.visibilityOfElementLocated(By.id("cert-result")), ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cert-verdict .error"))));
    assertThat(browser.findElements(By.cssSelector("#cert-verdict .error"))).as("an error instead of a verdict: %s", text("#cert-verdict")).isEmpty();
    return browser.findElement(By.id("cert-result"));
  }

  private static String text(String css) {
    return browser.findElement(By.cssSelector(css)).getText();
  }

  @Test
  void aPastedValidCertificateIsValidAndNamesItsSignerAndTheCurrentData() throws Exception {
    openPage();
    assertThat(text("#nav")).contains("Certificates");
    paste(node.valid);
    assertThat(verdict().getText()).isEqualTo("VALID");
    assertThat(browser.findElements(By.id("cert-failures"))).isEmpty();
    assertThat(text("#cert-signer")).contains(node.kid()).contains("health-agency").contains("active");
    assertThat(text("#cert-current")).startsWith("current").contains("the ledger's state at block");
    assertThat(text("#cert-verdict")).contains("Kim Beispiel").contains(CredentialsTestNode.VALID_UVCI);
    Files.write(Path.of("/tmp/credentials-valid.png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void aPastedRevokedCertificateShowsRevokedWithTheExplanation() {
    openPage();
    paste(node.revoked);
    assertThat(verdict().getText()).isEqualTo("NOT VALID");
    WebElement failure = browser.findElement(By.cssSelector("#cert-failures li[data-failure=revoked]"));
    assertThat(failure.getText()).contains("revoked").contains("The issuer has revoked this certificate on the ledger.").contains("is on the revocation list");
    assertThat(browser.findElements(By.cssSelector("#cert-failures > li"))).hasSize(1);
  }

  @Test
  void anUploadedQrPictureIsReadAndVerified() {
    openPage();
    browser.findElement(By.id("cert-image")).sendKeys(png.toAbsolutePath().toString());
    assertThat(verdict().getText()).isEqualTo("VALID");
    assertThat(text("#cert-signer")).contains("health-agency");
  }

  @Test
  void aPolicyChosenOnThePageJudgesTheCertificate() {
    openPage();
    paste(node.valid);
    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("cert-policy"))).selectByValue("tested");
    assertThat(verdict().getText()).isEqualTo("NOT VALID");
    assertThat(text("#cert-failures li[data-failure=policy]")).contains("The chosen policy does not accept this certificate.");
  }

  @Test
  void thePageListsTheSignersAndPolicies() {
    openPage();
    WebElement row = browser.findElement(By.cssSelector("#cert-signers tr[data-kid='" + node.kid() + "']"));
    assertThat(row.getText()).contains("health-agency").contains("CN=Lazaret node test DSC").contains("active");
    assertThat(text("#cert-policies")).contains("workplace").contains("vaccinated").contains("built in");
  }

  @Test
  void nothingToVerifyIsSaidPlainly() {
    openPage();
    browser.findElement(By.id("cert-verify")).click();
    WebElement error = new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cert-verdict .error[role=alert]")));
    assertThat(error.getText()).isEqualTo("Paste a certificate's text or choose a QR picture first.");
  }
}
