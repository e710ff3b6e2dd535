package org.lazaret.casedata;

/**
 * Told how far a parse has got, so a command line can draw a progress bar over a large file.
 * Called on the parsing thread every {@link #ROWS_PER_REPORT} records and once at the end;
 * characters equal bytes for the ASCII files sources publish.
 */
@FunctionalInterface
public interface ProgressListener {
  int ROWS_PER_REPORT = 4096;

  ProgressListener NONE = (charsRead, rowsRead) -> {};

  void progress(long charsRead, long rowsRead);
}
