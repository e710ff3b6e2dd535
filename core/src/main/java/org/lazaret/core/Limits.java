package org.lazaret.core;

/**
 * Every bound the ledger enforces, in one place, so that each queue, loop and input has a named
 * limit and the relations between limits are checked by a test rather than remembered.
 */
public final class Limits {
  private Limits() {}

  public static final int CHAIN_ID_BYTES_MAX = 64;
  public static final int NAME_BYTES_MAX = 64;
  public static final int TX_ARGS_BYTES_MAX = 64 * 1024;
  public static final int TX_SIZE_BYTES_MAX = TX_ARGS_BYTES_MAX + 1024;
  public static final int BLOCK_TX_COUNT_MAX = 4_000;
  public static final int BLOCK_SIZE_BYTES_MAX = 8 * 1024 * 1024;
  public static final int MEMPOOL_TX_COUNT_MAX = 200_000;
  public static final int MEMPOOL_TX_PER_SENDER_MAX = 20_000;
  public static final int BATCH_TX_COUNT_MAX = 5_000;
  public static final int HTTP_BODY_BYTES_MAX = 16 * 1024 * 1024;
  public static final int MERKLE_DEPTH_MAX = 64;
  public static final int SMT_DEPTH_MAX = 256;
  public static final int STATE_KEY_BYTES_MAX = 512;
  public static final int STATE_VALUE_BYTES_MAX = 256 * 1024;
  public static final int RECEIPT_EVENT_COUNT_MAX = 64;
  public static final int EVENT_DATA_BYTES_MAX = 16 * 1024;
  public static final int REASON_BYTES_MAX = 512;
  public static final int JSON_DEPTH_MAX = 32;
  public static final int PAGE_SIZE_MAX = 1_000;
  /** A transaction may expire at most this far in the future: keeps the replay window bounded. */
  public static final long TX_EXPIRY_MILLIS_MAX = 24L * 60 * 60 * 1000;
}
