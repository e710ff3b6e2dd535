package org.lazaret.core;

/**
 * Always-on checks for conditions that must hold whatever the input (chain linkage, state root
 * equality, token supply). Unlike the {@code assert} keyword these cannot be switched off, and
 * unlike validation they signal a bug, not bad input.
 */
public final class Invariants {
  private Invariants() {}

  public static void check(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new InvariantViolation(String.format(format, args));
    }
  }
}
