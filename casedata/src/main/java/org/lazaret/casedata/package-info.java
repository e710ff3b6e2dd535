/**
 * Published COVID-19 case data (JHU CSSE, Our World in Data, The New York Times) read into
 * normalised {@link org.lazaret.casedata.Observation}s, offline and without ledger types.
 *
 * <p>Decisions a caller should know:
 *
 * <ul>
 *   <li><b>Format from the header.</b> {@link org.lazaret.casedata.CaseDataParser} recognises the
 *       layout from the header; the file name is read only for the metric of JHU and OWID wide
 *       files and the date of a JHU daily report, and an explicit {@link
 *       org.lazaret.casedata.ParseHints} value wins over it.
 *   <li><b>One place scheme</b> ({@link org.lazaret.casedata.place.PlaceId}): ISO 3166-1 alpha-3
 *       for countries and territories, Kosovo {@code XKX}; ISO 3166-2 {@code US-XX} for US states,
 *       DC and territories; {@code OWID_*} for OWID aggregates (World, International,
 *       continents), kept apart from countries; {@code SHIP_*} for cruise ships; {@code JHU_*}
 *       for the rest (JHU's Channel Islands).
 *   <li><b>JHU rows are placed by the ISO3 of their own lookup-table row.</b> Territories listed
 *       as provinces (Greenland, Bermuda, Hong Kong, Puerto Rico) are their own places; a
 *       country's total is its own row where the file has one, otherwise the sum of its province
 *       or county rows. Consequence: {@code USA} from a daily report excludes Puerto Rico, Guam,
 *       the Virgin Islands, the Northern Mariana Islands and American Samoa, which JHU's
 *       time-series "US" row includes (that row cannot be split), and {@code CHN} excludes Hong
 *       Kong and Macau. Cruise ships JHU lists under the US or Canada count there, as JHU does.
 *   <li><b>Exact integers.</b> Counts are longs; {@code "123.0"} is read as 123, {@code "12.5"}
 *       refuses the file; an empty cell is no observation.
 *   <li><b>All or nothing.</b> A malformed file is refused whole with line, column and reason;
 *       a place no table knows is not an error but listed in {@link
 *       org.lazaret.casedata.ParsedRelease#unmappedLabels()}.
 * </ul>
 *
 * Series arithmetic is in {@code series}, comparisons of sources and releases in {@code compare}.
 */
package org.lazaret.casedata;
