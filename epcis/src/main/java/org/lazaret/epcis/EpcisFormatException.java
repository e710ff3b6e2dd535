package org.lazaret.epcis;

/**
 * Thrown when a document cannot be read as EPCIS at all: malformed JSON (the position is the line
 * and column), or a JSON value that is not an EPCIS document or event where one is required (the
 * position is the JSON path, e.g. {@code $.epcisBody.eventList[2].type}). It is the only exception
 * the parsing and hashing entry points let escape, so callers can report it as a rejection with a
 * reason instead of a stack trace. Schema violations of an otherwise readable document are not
 * exceptions: {@link EpcisValidator} returns them as {@link Validation.Invalid}.
 */
public final class EpcisFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String position;
  private final String reason;

  public EpcisFormatException(String position, String reason) {
    super(position + ": " + reason);
    this.position = position;
    this.reason = reason;
  }

  /** Where the problem is: {@code line L, column C} for syntax errors, otherwise a JSON path. */
  public String position() {
    return position;
  }

  /** What is wrong there. */
  public String reason() {
    return reason;
  }
}
