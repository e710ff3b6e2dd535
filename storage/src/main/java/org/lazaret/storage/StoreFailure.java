package org.lazaret.storage;

/**
 * The store cannot be trusted or used: RocksDB failed, or what it holds does not verify (a broken
 * hash chain, a tampered block, a state root that does not match). Environmental, not a bug: the
 * node reports it and stops rather than serve data it cannot vouch for.
 */
public final class StoreFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreFailure(String message) {
    super(message);
  }

  public StoreFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
