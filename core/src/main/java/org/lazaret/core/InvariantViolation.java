package org.lazaret.core;

/** A broken invariant is a bug: it is thrown, never caught, and halts the node. */
public final class InvariantViolation extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvariantViolation(String message) {
    super(message);
  }
}
