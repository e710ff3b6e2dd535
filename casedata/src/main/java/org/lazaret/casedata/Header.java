package org.lazaret.casedata;

import java.util.Arrays;
import java.util.List;

/**
 * Finds columns by name in a lower-cased header, accepting the spellings sources used over time
 * ({@code Province/State} became {@code Province_State}). Columns are addressed 0-based here and
 * reported 1-based.
 */
final class Header {
  private final List<String> names;

  Header(String[] names) {
    this.names = Arrays.asList(names.clone());
  }

  /** Index of the first column named any of {@code spellings}, or -1. */
  int index(String... spellings) {
    for (String spelling : spellings) {
      int i = names.indexOf(spelling);
      if (i >= 0) {
        return i;
      }
    }
    return -1;
  }

  boolean has(String... spellings) {
    return index(spellings) >= 0;
  }

  int size() {
    return names.size();
  }

  String name(int index) {
    return names.get(index);
  }

  static final String[] COUNTRY = {"country_region", "country/region"};
  static final String[] PROVINCE = {"province_state", "province/state"};
  static final String[] ADMIN2 = {"admin2"};

  /** Cell {@code index} of the current row, or "" when the column is absent. */
  static String cellOrEmpty(Rows rows, int index) {
    return index < 0 ? "" : rows.cell(index);
  }

  /** The place cells of a JHU row joined most specific first, as JHU's Combined_Key does. */
  static String jhuLabel(String admin2, String province, String country) {
    StringBuilder label = new StringBuilder();
    for (String part : new String[] {admin2, province, country}) {
      String p = part.trim();
      if (!p.isEmpty()) {
        if (label.length() > 0) {
          label.append(", ");
        }
        label.append(p);
      }
    }
    return label.toString();
  }
}
