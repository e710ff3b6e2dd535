package org.lazaret.core.codec;

/**
 * Outside bytes that are not a canonical encoding. Names the field and the offset, so that a
 * rejection can tell the sender exactly what was wrong.
 */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String field;

  public DecodeException(String field, String reason) {
    super(field + ": " + reason);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
