package org.lazaret.contracts;

/**
 * Thrown by contract code to fail a call with a stable code; the executor turns it into a
 * {@code Reverted} receipt at the contract boundary and discards the call's writes. An exception
 * keeps deep argument and permission checks short; it never crosses out of the executor.
 */
public final class Revert extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;

  public Revert(String code, String reason) {
    super(reason, null, false, false);
    this.code = code;
  }

  public String code() {
    return code;
  }

  public String reason() {
    return getMessage();
  }
}
