package org.lazaret.storage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The victim process of {@link CrashRecoveryTest}: opens the store in {@code args[0]}, commits
 * token blocks as fast as it can, and prints {@code committed <height>} after each commit
 * returns, until it is killed. Whatever it printed was durable by its own account; the test
 * checks that the store agrees after a SIGKILL.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
    try (LedgerStore store = LedgerStore.open(dir)) {
      TokenWorkload work = new TokenWorkload(seed ^ store.head().map(ChainHead::height).orElse(-1L), CrashRecoveryTest.ACCOUNTS);
      if (store.head().isEmpty()) {
        store.commit(work.genesis());
        out.println("committed 0");
        out.flush();
      }
      out.println("ready " + store.head().orElseThrow().height());
      out.flush();
      for (int i = 0; i < CrashRecoveryTest.BLOCKS_PER_RUN_MAX; i++) {
        BlockCommit c = work.next(store, 20 + i % 30);
        store.commit(c);
        out.println("committed " + c.block().height());
        out.flush();
      }
    }
  }
}
