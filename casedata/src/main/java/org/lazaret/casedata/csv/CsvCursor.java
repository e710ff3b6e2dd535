package org.lazaret.casedata.csv;

import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;
import java.util.Objects;

/**
 * Streams RFC 4180 records out of a {@link Reader} one at a time, remembering the physical line
 * each record starts on, so that a fault can be reported by line and column without holding the
 * file in memory. Published case data is plain comma-separated text with optional double quotes
 * (JHU quotes names such as {@code "Korea, South"}); LF, CRLF and lone CR all end a record, a
 * byte order mark before the first field is dropped, and a quoted field may span lines.
 *
 * <p>Lenient where real files are sloppy (a quote inside an unquoted field is kept as text) and
 * strict where the structure is lost (an unterminated quoted field, text right after a closing
 * quote, a field or record over its size limit). Not thread-safe: one cursor per reader.
 */
public final class CsvCursor {
  /** Longest field accepted; far above any real label or count, bounds memory on hostile input. */
  public static final int FIELD_CHARS_MAX = 1 << 16;
  /** Most fields in one record; JHU wide files have about 500, one per day. */
  public static final int RECORD_FIELDS_MAX = 1 << 16;

  private static final int BUFFER_CHARS = 1 << 16;

  private final Reader reader;
  private final char[] buffer = new char[BUFFER_CHARS];
  private int position;
  private int limit;
  private boolean endOfInput;
  private long charsRead;
  private long line = 1;
  private long recordLine;
  private String[] fields = new String[64];
  private int fieldCount;
  private final StringBuilder field = new StringBuilder(32);
  private boolean first = true;

  public CsvCursor(Reader reader) {
    this.reader = Objects.requireNonNull(reader, "reader");
  }

  /**
   * Reads the next record. Returns false at end of input. A record that is one empty line is
   * returned as a single empty field; callers decide whether that is a blank line to skip.
   */
  public boolean next() throws IOException, CsvSyntaxException {
    fieldCount = 0;
    int c = read();
    if (c < 0) {
      return false;
    }
    recordLine = line;
    if (first) {
      first = false;
      if (c == '\uFEFF') {
        c = read();
        if (c < 0) {
          addField("");
          return true;
        }
      }
    }
    while (true) {
      field.setLength(0);
      int end = c == '"' ? quotedField() : unquotedField(c);
      addField(field.toString());
      if (end == ',') {
        c = read();
        if (c < 0) {
          addField("");
          return true;
        }
        continue;
      }
      endRecord(end);
      return true;
    }
  }

  /** Number of fields of the current record. */
  public int size() {
    return fieldCount;
  }

  /** Field {@code index} (0-based) of the current record. */
  public String field(int index) {
    Objects.checkIndex(index, fieldCount);
    return fields[index];
  }

  /** The fields of the current record, copied. */
  public String[] fields() {
    return Arrays.copyOf(fields, fieldCount);
  }

  /** 1-based physical line on which the current record starts. */
  public long line() {
    return recordLine;
  }

  /** Characters consumed from the reader so far (a byte count for ASCII files). */
  public long charsRead() {
    return charsRead;
  }

  /** True when the current record is one empty line. */
  public boolean blank() {
    return fieldCount == 1 && fields[0].isEmpty();
  }

  private int unquotedField(int first) throws IOException, CsvSyntaxException {
    int c = first;
    while (true) {
      if (c < 0 || c == ',' || c == '\n' || c == '\r') {
        return c;
      }
      append((char) c);
      c = read();
    }
  }

  private int quotedField() throws IOException, CsvSyntaxException {
    long startLine = line;
    int column = fieldCount + 1;
    while (true) {
      int c = read();
      if (c < 0) {
        throw new CsvSyntaxException(startLine, column, "unterminated quoted field");
      }
      if (c == '"') {
        int after = read();
        if (after == '"') {
          append('"');
          continue;
        }
        if (after < 0 || after == ',' || after == '\n' || after == '\r') {
          return after;
        }
        throw new CsvSyntaxException(
            line, column, "unexpected character '" + printable(after) + "' after closing quote");
      }
      if (c == '\n' || (c == '\r' && peek() != '\n')) {
        line++;
      }
      append((char) c);
    }
  }

  private void endRecord(int end) throws IOException {
    if (end == '\r' && peek() == '\n') {
      read();
    }
    if (end == '\n' || end == '\r') {
      line++;
    }
  }

  private void append(char c) throws CsvSyntaxException {
    if (field.length() >= FIELD_CHARS_MAX) {
      throw new CsvSyntaxException(
          line, fieldCount + 1, "field longer than " + FIELD_CHARS_MAX + " characters");
    }
    field.append(c);
  }

  private void addField(String value) throws CsvSyntaxException {
    if (fieldCount == RECORD_FIELDS_MAX) {
      throw new CsvSyntaxException(
          recordLine, fieldCount + 1, "record has more than " + RECORD_FIELDS_MAX + " fields");
    }
    if (fieldCount == fields.length) {
      fields = Arrays.copyOf(fields, fields.length * 2);
    }
    fields[fieldCount++] = value;
  }

  private int read() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++];
  }

  private int peek() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position];
  }

  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int n;
    do {
      n = reader.read(buffer, 0, buffer.length);
    } while (n == 0);
    if (n < 0) {
      endOfInput = true;
      return false;
    }
    position = 0;
    limit = n;
    charsRead += n;
    return true;
  }

  private static String printable(int c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c);
  }
}
