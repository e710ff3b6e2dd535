package org.lazaret.consensus;

import java.util.regex.Pattern;

/**
 * What a node id may be. Node ids name Raft peers, TLS certificates (their common name) and
 * checkpoints, so they are short and plain; one rule for all of them.
 */
public final class NodeIds {
  private NodeIds() {}

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public static boolean valid(String id) {
    return id != null && ID.matcher(id).matches();
  }

  /** Returns {@code id}, or throws naming the field {@code id} and the rule. */
  public static String requireValid(String id) {
    if (!valid(id)) {
      throw new IllegalArgumentException("id: must match " + ID.pattern() + ", got " + id);
    }
    return id;
  }
}
