package org.lazaret.casedata;

import java.io.IOException;
import java.io.Reader;
import java.util.Locale;
import org.lazaret.casedata.csv.CsvCursor;
import org.lazaret.casedata.csv.CsvSyntaxException;

/**
 * The data rows of one file after its header: every row must have as many columns as the header
 * (a short row is a truncated file, a long one a shifted row), empty lines are skipped, and
 * progress is reported as rows go by. Turns tokenizer faults into {@link
 * CaseDataFormatException}.
 */
final class Rows {
  private final CsvCursor cursor;
  private final ProgressListener progress;
  private String[] header;
  private String[] rawHeader;
  private long count;

  Rows(Reader reader, ProgressListener progress) {
    this.cursor = new CsvCursor(reader);
    this.progress = progress;
  }

  /** Reads the header; names are trimmed and lower-cased. */
  String[] header() throws IOException, CaseDataFormatException {
    if (!advance() || cursor.blank()) {
      throw new CaseDataFormatException(1, 0, "empty file: no header line");
    }
    rawHeader = cursor.fields();
    header = cursor.fields();
    for (int i = 0; i < header.length; i++) {
      header[i] = header[i].trim().toLowerCase(Locale.ROOT);
    }
    return header.clone();
  }

  /** Header cell {@code index} as written, trimmed. */
  String rawHeader(int index) {
    return rawHeader[index].trim();
  }

  /** Advances to the next data row; false at the end of the file. */
  boolean next() throws IOException, CaseDataFormatException {
    while (advance()) {
      if (cursor.blank()) {
        continue;
      }
      count++;
      if (count % ProgressListener.ROWS_PER_REPORT == 0) {
        progress.progress(cursor.charsRead(), count);
      }
      if (cursor.size() != header.length) {
        int column = Math.min(cursor.size(), header.length) + 1;
        throw new CaseDataFormatException(
            cursor.line(),
            column,
            "row has " + cursor.size() + " columns, header has " + header.length
                + (cursor.size() < header.length ? " (truncated row)" : ""));
      }
      return true;
    }
    progress.progress(cursor.charsRead(), count);
    return false;
  }

  String cell(int index) {
    return cursor.field(index);
  }

  long line() {
    return cursor.line();
  }

  long count() {
    return count;
  }

  private boolean advance() throws IOException, CaseDataFormatException {
    try {
      return cursor.next();
    } catch (CsvSyntaxException e) {
      throw new CaseDataFormatException(e.line(), e.column(), e.reason());
    }
  }
}
