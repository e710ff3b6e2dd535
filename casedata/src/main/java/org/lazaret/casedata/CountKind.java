package org.lazaret.casedata;

/**
 * Whether a value is a running total or the count for one day. Explicit on every observation:
 * sources publish both (OWID {@code total_cases} and {@code new_cases}) and mixing them up is the
 * classic error in comparing series.
 */
public enum CountKind {
  CUMULATIVE,
  DAILY
}
