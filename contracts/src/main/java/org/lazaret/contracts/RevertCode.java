package org.lazaret.contracts;

/**
 * Reasons the executor itself fails a transaction, before or around the contract. Checked in
 * declaration order, so every node reports the same first reason; codes are never reused.
 */
public enum RevertCode {
  WRONG_CHAIN,
  EXPIRED,
  NONCE_MISMATCH,
  KEY_REVOKED,
  UNKNOWN_CONTRACT,
  UNKNOWN_METHOD,
  BAD_ARGUMENT,
  UNAUTHORIZED,
  STATE_LIMIT,
  /** Checked first: a batch from another node carried a transaction whose signature fails. */
  BAD_SIGNATURE
}
