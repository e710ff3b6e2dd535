package org.lazaret.casedata;

/** What is counted. Sources name these differently (JHU "Confirmed", OWID "cases", NYT "cases"). */
public enum Metric {
  CONFIRMED,
  DEATHS,
  RECOVERED,
  TESTS,
  VACCINATIONS
}
