package org.lazaret.casedata.place;

/**
 * What a {@link PlaceId} names. Derived from the shape of the id alone, so two programs that
 * agree on ids agree on kinds without sharing a table.
 */
public enum PlaceKind {
  /** A country or a territory with its own ISO 3166-1 alpha-3 code (Greenland, Puerto Rico). */
  COUNTRY,
  /** An ISO 3166-2 subdivision such as {@code US-NY}. */
  SUBDIVISION,
  /** A sum over countries published by a source (OWID World, continents, International). */
  AGGREGATE,
  /** A cruise ship whose cases were counted apart from any country. */
  SHIP,
  /** A place a source reports that fits none of the above (JHU Channel Islands, Olympics). */
  OTHER
}
