package org.lazaret.node.admission;

/**
 * Node conditions under which a good transaction cannot be taken now; always retryable, kept apart
 * from {@link RejectReason} so a client never confuses "your transaction is wrong" with "try
 * again".
 */
public enum BusyReason {
  MEMPOOL_FULL(429),
  SENDER_QUOTA(429),
  NOT_READY(503);

  private final int httpStatus;

  BusyReason(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
