package org.lazaret.casedata;

/** The published layouts the parser recognises from a file's header. */
public enum SourceFormat {
  /** JHU CSSE {@code time_series_covid19_<metric>_global.csv} (and the US county variant). */
  JHU_TIME_SERIES,
  /** JHU CSSE {@code csse_covid_19_daily_reports/MM-DD-YYYY.csv}, every header variant. */
  JHU_DAILY_REPORT,
  /** OWID {@code owid-covid-data.csv}: iso_code, location, date and many columns. */
  OWID_FULL,
  /** OWID {@code ecdc/full_data.csv}, {@code who/full_data.csv}: date, location, counts. */
  OWID_LONG,
  /** OWID {@code ecdc/total_cases.csv} etc.: date, then one column per location. */
  OWID_WIDE,
  /** NYT {@code us.csv}: date, cases, deaths. */
  NYT_NATIONAL,
  /** NYT {@code us-states.csv}: date, state, fips, cases, deaths. */
  NYT_STATES
}
