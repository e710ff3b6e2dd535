package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.core.block.Block;

/**
 * Goal: a node killed at any instant (SIGKILL: no shutdown hook, no flush, no close) restarts on
 * a store that holds every block it reported committed, verifies end to end, and has no half
 * block — the head is a whole block with all its receipts and the state it commits to. Method: a
 * child JVM ({@link CrashWriter}) commits blocks in a loop and prints each committed height; the
 * test kills it after a random number of blocks, reopens the store in this JVM, checks it, and
 * repeats on the same directory so each run resumes the chain the last one left.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrashRecoveryTest {
  static final int ACCOUNTS = 8;
  static final int BLOCKS_PER_RUN_MAX = 10_000;
  private static final int KILLS = 6;

  @TempDir Path dir;

  @Test
  void everyReportedBlockSurvivesAKillAndTheChainVerifies() throws Exception {
    Path store = dir.resolve("ledger");
    Random random = new Random(41);
    long seen = -1;
    for (int run = 0; run < KILLS; run++) {
      int blocksBeforeKill = 3 + random.nextInt(8);
      List<Long> printed = new ArrayList<>();
      List<Long> printedAtNanos = new ArrayList<>();
      Path err = dir.resolve("writer-" + run + ".err");
      Process p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-cp",
                  System.getProperty("java.class.path"),
                  CrashWriter.class.getName(),
                  store.toString(),
                  Long.toString(run))
              .redirectError(err.toFile())
              .start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
        long ready = -1;
        while (printed.size() < blocksBeforeKill) {
          String line = out.readLine();
          assertThat(line).as("writer %d ended early; stderr: %s", run, readQuietly(err)).isNotNull();
          if (line.startsWith("ready ")) {
            ready = Long.parseLong(line.substring(6));
            assertThat(ready).as("writer %d resumed at the last height this test saw or later", run).isGreaterThanOrEqualTo(seen);
          } else if (line.startsWith("committed ")) {
            printed.add(Long.parseLong(line.substring(10)));
            printedAtNanos.add(System.nanoTime());
          }
        }
        // Killing at once would nearly always land while the writer builds its next block, never
        // during the write. Wait a random part of one commit cycle (as last measured) so the
        // kill lands anywhere in it: a wall-clock wait is what a real-process crash test needs.
        long cycleNanos = printedAtNanos.getLast() - printedAtNanos.get(printedAtNanos.size() - 2);
        TimeUnit.NANOSECONDS.sleep((long) (random.nextDouble() * Math.max(cycleNanos, 1_000_000L)));
        p.destroyForcibly(); // SIGKILL, mid-way through committing the next block
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("writer %d killed", run).isTrue();
      } finally {
        p.destroyForcibly();
      }
      long lastPrinted = printed.getLast();
      try (LedgerStore ledger = LedgerStore.open(store)) {
        ChainHead head = ledger.head().orElseThrow();
        assertThat(head.height()).as("head after kill %d", run).isGreaterThanOrEqualTo(lastPrinted);
        for (long h : printed) {
          assertThat(ledger.block(h)).as("reported block %d after kill %d", h, run).isPresent();
        }
        Block top = ledger.block(head.height()).orElseThrow();
        assertThat(top.hash()).isEqualTo(head.hash());
        assertThat(ledger.receipts(head.height(), top.transactions().size())).as("receipts of the head block").hasSize(top.transactions().size());
        for (int i = 0; i < top.transactions().size(); i++) {
          assertThat(ledger.locate(top.transactions().get(i).id())).contains(new TxLocation(head.height(), i));
        }
        ChainVerifier.Report report = ChainVerifier.verify(ledger, h -> {});
        assertThat(report.blocks()).isEqualTo(head.height() + 1);
        assertThat(TokenWorkload.totalBalance(ledger)).as("supply conserved after kill %d", run).isEqualTo(TokenWorkload.MINT * ACCOUNTS);
        seen = head.height();
      }
    }
    assertThat(seen).as("blocks committed over all runs").isGreaterThanOrEqualTo(KILLS * 2L);
  }

  private static String readQuietly(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
