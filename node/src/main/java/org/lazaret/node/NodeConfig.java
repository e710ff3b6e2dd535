package org.lazaret.node;

import java.nio.file.Path;

/**
 * How one node runs: where its data lives, where it serves, and how it cuts blocks. Checked on
 * construction so a bad value fails at start, naming the setting.
 */
public record NodeConfig(Path dataDir, String host, int port, long blockIntervalMillis, int blockTxCountMax, int mempoolTxCountMax) {
  public static final long BLOCK_INTERVAL_MILLIS_DEFAULT = 100;
  /**
   * Five full blocks of backlog: enough to absorb bursts, small enough that back-pressure starts
   * before admission spends the CPU that block execution needs on transactions that would only wait.
   */
  public static final int MEMPOOL_TX_COUNT_DEFAULT = 5 * org.lazaret.core.Limits.BLOCK_TX_COUNT_MAX;

  public NodeConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " is not a TCP port");
    }
    if (blockIntervalMillis < 1 || blockIntervalMillis > 60_000) {
      throw new IllegalArgumentException("blockIntervalMillis: must be 1..60000");
    }
    if (blockTxCountMax < 1 || blockTxCountMax > org.lazaret.core.Limits.BLOCK_TX_COUNT_MAX) {
      throw new IllegalArgumentException("blockTxCountMax: must be 1.." + org.lazaret.core.Limits.BLOCK_TX_COUNT_MAX);
    }
    if (mempoolTxCountMax < blockTxCountMax || mempoolTxCountMax > org.lazaret.core.Limits.MEMPOOL_TX_COUNT_MAX) {
      throw new IllegalArgumentException("mempoolTxCountMax: must be between blockTxCountMax and " + org.lazaret.core.Limits.MEMPOOL_TX_COUNT_MAX);
    }
  }

  public static NodeConfig defaults(Path dataDir, int port) {
    return new NodeConfig(dataDir, "127.0.0.1", port, BLOCK_INTERVAL_MILLIS_DEFAULT, org.lazaret.core.Limits.BLOCK_TX_COUNT_MAX, MEMPOOL_TX_COUNT_DEFAULT);
  }

  public Path chainDir() {
    return dataDir.resolve("chain");
  }

  public Path genesisFile() {
    return dataDir.resolve("genesis.json");
  }

  public Path keysDir() {
    return dataDir.resolve("keys");
  }
}
