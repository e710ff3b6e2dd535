package org.lazaret.contracts.credentials;

/** A trust-list snapshot cannot be used: the message names the part at fault and the reason. */
public final class SnapshotException extends Exception {
  private static final long serialVersionUID = 1L;

  public SnapshotException(String message) {
    super(message);
  }
}
