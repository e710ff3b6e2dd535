package org.lazaret.casedata.place;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lazaret.casedata.csv.CsvCursor;
import org.lazaret.casedata.csv.CsvSyntaxException;

/**
 * Reads the bundled place tables (the JHU UID lookup table, OWID locations, US states, aliases)
 * into plain rows keyed by header name. A table that fails to load is a packaging bug, so failures
 * are unchecked and name the resource.
 */
final class PlaceTables {
  private PlaceTables() {}

  /** One row of a bundled table: field values by lower-case header name. */
  record Row(long line, Map<String, String> values) {
    String get(String column) {
      String value = values.get(column);
      if (value == null) {
        throw new IllegalStateException("table has no column " + column);
      }
      return value.trim();
    }
  }

  static List<Row> read(String resource) {
    try (InputStream in = PlaceTables.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing bundled table " + resource);
      }
      CsvCursor cursor = new CsvCursor(new InputStreamReader(in, StandardCharsets.UTF_8));
      String[] header = null;
      List<Row> rows = new ArrayList<>();
      while (cursor.next()) {
        if (cursor.blank() || cursor.field(0).startsWith("#")) {
          continue;
        }
        if (header == null) {
          header = cursor.fields();
          for (int i = 0; i < header.length; i++) {
            header[i] = header[i].trim().toLowerCase(Locale.ROOT);
          }
          continue;
        }
        if (cursor.size() != header.length) {
          throw new IllegalStateException(
              resource + " line " + cursor.line() + ": " + cursor.size() + " fields, expected "
                  + header.length);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          values.put(header[i], cursor.field(i));
        }
        rows.add(new Row(cursor.line(), values));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read bundled table " + resource, e);
    } catch (CsvSyntaxException e) {
      throw new IllegalStateException("bundled table " + resource + " is malformed: " + e, e);
    }
  }
}
