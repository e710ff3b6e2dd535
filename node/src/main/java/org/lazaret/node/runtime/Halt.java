package org.lazaret.node.runtime;

/**
 * What the node does on a bug or an unrecoverable fault: stop, loudly. Injected so tests can
 * observe a halt instead of losing the JVM.
 */
@FunctionalInterface
public interface Halt {
  void halt(String why, Throwable cause);

  /** The production halt: log and exit with a non-zero status. */
  static Halt exit() {
    return (why, cause) -> {
      org.slf4j.LoggerFactory.getLogger(Halt.class).error("halting: {}", why, cause);
      Runtime.getRuntime().halt(70);
    };
  }
}
