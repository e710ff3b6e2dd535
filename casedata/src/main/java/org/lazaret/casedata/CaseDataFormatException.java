package org.lazaret.casedata;

/**
 * A case-data file was refused as a whole: {@code line} is the 1-based physical line, {@code
 * column} the 1-based column at fault, or 0 when the fault is the whole line (an unknown header, a
 * missing date or metric hint, which are reported against line 1).
 */
public final class CaseDataFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final int column;
  private final String reason;

  public CaseDataFormatException(long line, int column, String reason) {
    super("line " + line + ", column " + column + ": " + reason);
    if (line < 1) {
      throw new IllegalArgumentException("line must be >= 1: " + line);
    }
    if (column < 0) {
      throw new IllegalArgumentException("column must be >= 0: " + column);
    }
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
