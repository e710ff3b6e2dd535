package org.lazaret.casedata.csv;

/**
 * The text is not well-formed CSV at a known position. Kept apart from the case-data exception so
 * the tokenizer can be shared by the place tables (a bug if it fires) and the parsers (a refusal).
 */
public final class CsvSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final int column;
  private final String reason;

  public CsvSyntaxException(long line, int column, String reason) {
    super("line " + line + ", column " + column + ": " + reason);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  public long line() {
    return line;
  }

  public int column() {
    return column;
  }

  public String reason() {
    return reason;
  }
}
