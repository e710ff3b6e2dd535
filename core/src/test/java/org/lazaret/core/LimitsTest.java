package org.lazaret.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lazaret.core.crypto.Hash32;

/** The relations between limits, checked here instead of remembered (TigerBeetle's constants.zig). */
class LimitsTest {

  @Test
  void aBlockCanBeCutFromAFullMempool() {
    assertThat(Limits.MEMPOOL_TX_COUNT_MAX).isGreaterThanOrEqualTo(Limits.BLOCK_TX_COUNT_MAX);
    assertThat(Limits.MEMPOOL_TX_COUNT_MAX).isGreaterThanOrEqualTo(Limits.BATCH_TX_COUNT_MAX);
    assertThat(Limits.MEMPOOL_TX_PER_SENDER_MAX).isBetween(1, Limits.MEMPOOL_TX_COUNT_MAX);
  }

  @Test
  void aTransactionHoldsItsLargestArgumentsWithRoomForTheOtherFields() {
    // Fixed fields: version, chainId, sender, nonce, contract, method, expiry, length prefixes, signature.
    int fixed = 1 + 4 + Limits.CHAIN_ID_BYTES_MAX + 32 + 8 + 4 + Limits.NAME_BYTES_MAX + 4 + Limits.NAME_BYTES_MAX + 4 + 8;
    int envelope = 1 + 4 + 64;
    assertThat(Limits.TX_SIZE_BYTES_MAX).isGreaterThan(Limits.TX_ARGS_BYTES_MAX);
    assertThat(Limits.TX_SIZE_BYTES_MAX).isGreaterThanOrEqualTo(Limits.TX_ARGS_BYTES_MAX + fixed + envelope);
  }

  @Test
  void aBlockHoldsAHundredLargestTransactionsAndAFullCountOfSmallOnes() {
    assertThat((long) Limits.BLOCK_SIZE_BYTES_MAX).isGreaterThanOrEqualTo(100L * Limits.TX_SIZE_BYTES_MAX);
    // A minimal signed transfer is about 300 bytes; a full block of them must fit.
    assertThat((long) Limits.BLOCK_SIZE_BYTES_MAX).isGreaterThanOrEqualTo(Limits.BLOCK_TX_COUNT_MAX * 400L);
    assertThat(Limits.BATCH_TX_COUNT_MAX).isGreaterThanOrEqualTo(Limits.BLOCK_TX_COUNT_MAX);
  }

  @Test
  void theHttpBodyCarriesALargestBlockAndALargestTransaction() {
    assertThat(Limits.HTTP_BODY_BYTES_MAX).isGreaterThanOrEqualTo(Limits.BLOCK_SIZE_BYTES_MAX);
    // Hex doubles bytes: a transaction or state value sent as hex in JSON still fits.
    assertThat(Limits.HTTP_BODY_BYTES_MAX).isGreaterThanOrEqualTo(2 * Limits.TX_SIZE_BYTES_MAX);
    assertThat(Limits.HTTP_BODY_BYTES_MAX).isGreaterThanOrEqualTo(2 * Limits.STATE_VALUE_BYTES_MAX);
  }

  @Test
  void treeDepthsCoverTheirLargestTrees() {
    int log2Block = 32 - Integer.numberOfLeadingZeros(Limits.BLOCK_TX_COUNT_MAX - 1);
    assertThat(Limits.MERKLE_DEPTH_MAX).isGreaterThanOrEqualTo(log2Block);
    assertThat(Limits.MERKLE_DEPTH_MAX).isGreaterThanOrEqualTo(31); // any int-sized tree
    assertThat(Limits.SMT_DEPTH_MAX).isEqualTo(Hash32.LENGTH * 8);
  }

  @Test
  void receiptsFitInBlocks() {
    assertThat((long) Limits.RECEIPT_EVENT_COUNT_MAX * Limits.EVENT_DATA_BYTES_MAX).isLessThanOrEqualTo(Limits.BLOCK_SIZE_BYTES_MAX);
    assertThat(Limits.EVENT_DATA_BYTES_MAX).isLessThanOrEqualTo(Limits.STATE_VALUE_BYTES_MAX);
    assertThat(Limits.REASON_BYTES_MAX).isLessThanOrEqualTo(Limits.EVENT_DATA_BYTES_MAX);
  }

  @Test
  void namesAndKeysAreBounded() {
    assertThat(Limits.NAME_BYTES_MAX).isEqualTo(64); // the name patterns in Transaction allow 64 characters
    assertThat(Limits.CHAIN_ID_BYTES_MAX).isEqualTo(64);
    assertThat(Limits.STATE_KEY_BYTES_MAX).isGreaterThanOrEqualTo(Limits.NAME_BYTES_MAX * 2);
    assertThat(Limits.STATE_VALUE_BYTES_MAX).isGreaterThanOrEqualTo(Limits.TX_ARGS_BYTES_MAX);
    assertThat(Limits.STATE_VALUE_BYTES_MAX).isLessThan(Limits.BLOCK_SIZE_BYTES_MAX);
  }

  @Test
  void otherBoundsArePositiveAndSane() {
    assertThat(Limits.JSON_DEPTH_MAX).isBetween(8, 256);
    assertThat(Limits.PAGE_SIZE_MAX).isBetween(1, Limits.MEMPOOL_TX_COUNT_MAX);
    assertThat(Limits.TX_EXPIRY_MILLIS_MAX).isPositive().isLessThanOrEqualTo(7L * 24 * 60 * 60 * 1000);
  }
}
