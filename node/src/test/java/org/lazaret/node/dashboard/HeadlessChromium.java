package org.lazaret.node.dashboard;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Starts Debian's chromium through the matching chromedriver, both at fixed paths, so Selenium
 * Manager never runs and nothing is downloaded. Without a browser the tests fail under CI (where
 * {@code .ci/run} installs one, so its absence is a broken environment) and are skipped elsewhere.
 */
public final class HeadlessChromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** Fails (under CI) or skips (elsewhere) when the browser or its driver is missing. */
  public static void requireInstalled() {
    Optional<String> missing = missing();
    if (missing.isEmpty()) {
      return;
    }
    String message = missing.get() + " is not installed; install it with 'apt-get install -y chromium chromium-driver' (.ci/run does this)";
    String ci = System.getenv("CI");
    if (ci != null && !ci.isBlank()) {
      throw new AssertionError("CI is set but " + message);
    }
    Assumptions.abort("browser tests skipped: " + message);
  }

  private static Optional<String> missing() {
    if (!Files.isExecutable(BROWSER)) {
      return Optional.of(BROWSER + " (Debian package chromium)");
    }
    if (!Files.isExecutable(DRIVER)) {
      return Optional.of(DRIVER + " (Debian package chromium-driver)");
    }
    return Optional.empty();
  }

  /** A fresh headless browser with its own profile in {@code profileDir}. */
  public static ChromeDriver start(Path profileDir) {
    // Belt and braces: even if some code path reached Selenium Manager, it must not download.
    System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
    System.setProperty("SE_OFFLINE", "true");
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, DRIVER.toString());
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString())).usingAnyFreePort().withTimeout(Duration.ofSeconds(30)).build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
    return driver;
  }
}
