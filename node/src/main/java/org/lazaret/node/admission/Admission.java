package org.lazaret.node.admission;

import org.lazaret.core.crypto.Hash32;

/** The outcome of offering one transaction to the node. */
public sealed interface Admission permits Admission.Admitted, Admission.Rejected, Admission.Busy {
  /** In the mempool; its status can be followed by id. */
  record Admitted(Hash32 id) implements Admission {}

  /** Refused for good (unless the reason is retryable); {@code field} names the culprit if known. */
  record Rejected(RejectReason reason, String field, String detail) implements Admission {}

  /** Not taken now; retry after {@code retryAfterSeconds}. */
  record Busy(BusyReason reason, String detail, int retryAfterSeconds) implements Admission {}
}
