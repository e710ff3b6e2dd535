package org.lazaret.node.admission;

/**
 * Why a transaction was refused before ordering. Declaration order is check order; codes are
 * stable and never reused, so clients can switch on them. {@code retryable} says whether sending
 * the same transaction again could succeed later.
 */
public enum RejectReason {
  TOO_LARGE(1, 413, false),
  MALFORMED(2, 400, false),
  WRONG_CHAIN(3, 400, false),
  EXPIRED(4, 400, false),
  EXPIRY_TOO_FAR(5, 400, false),
  UNKNOWN_CONTRACT(6, 400, false),
  UNKNOWN_METHOD(7, 400, false),
  BAD_ARGUMENT(8, 400, false),
  BAD_SIGNATURE(9, 400, false),
  KEY_REVOKED(10, 403, false),
  DUPLICATE(11, 409, false),
  NONCE_TOO_LOW(12, 409, false),
  NONCE_GAP(13, 409, true);

  private final int code;
  private final int httpStatus;
  private final boolean retryable;

  RejectReason(int code, int httpStatus, boolean retryable) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.retryable = retryable;
  }

  public int code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public boolean retryable() {
    return retryable;
  }
}
