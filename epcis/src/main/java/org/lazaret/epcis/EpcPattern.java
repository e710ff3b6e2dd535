package org.lazaret.epcis;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lazaret.epcis.gs1.CompanyPrefixLengths;
import org.lazaret.epcis.gs1.Gs1Identifier;
import org.lazaret.epcis.gs1.Gs1Identifier.Scheme;

/**
 * One value of an EPCIS query's EPC parameter (MATCH_epc, MATCH_epcClass, ...) as something an
 * index of canonical identifiers ({@link Identifiers#toUrn}) can look up: the canonical values it
 * matches whole, the canonical prefixes it matches, and a final test for what a prefix finds. The
 * value may be an identifier (EPC URN or GS1 Digital Link), a class (urn:epc:idpat:sgtin:
 * 0614141.107346.*, or the Digital Link of the GTIN alone), a company (urn:epc:idpat:sgtin:
 * 0614141.*.*) or a whole scheme (urn:epc:idpat:sgtin:*.*.*), as the EPC Tag Data Standard writes
 * patterns.
 *
 * <p>Canonical URNs split company prefixes at 7 digits (see {@link CompanyPrefixLengths}), so a
 * company pattern of another length is not a plain prefix of them: it scans the widest prefix that
 * holds and then re-splits each candidate at the pattern's own length. Ranges ({@code [100-200]})
 * from EPCIS 1.x are refused. Immutable.
 */
public final class EpcPattern {
  private static final Pattern IDPAT = Pattern.compile("urn:epc:idpat:([a-z]+):(.+)");

  private final List<String> exact;
  private final List<String> prefixes;
  private final Predicate<String> refine;

  private EpcPattern(List<String> exact, List<String> prefixes, Predicate<String> refine) {
    this.exact = List.copyOf(exact);
    this.prefixes = List.copyOf(prefixes);
    this.refine = refine;
  }

  /**
   * A pattern over instance identifiers (epcList, parentID, childEPCs, ...): an identifier
   * matches itself; a class, company or scheme matches the instances under it.
   *
   * @throws IllegalArgumentException if the value is a malformed identifier or an unsupported
   *     pattern
   */
  public static EpcPattern instances(String value) {
    return parse(value, false);
  }

  /**
   * A pattern over class identifiers (the epcClass of quantity lists): a class matches itself and,
   * for a GTIN, each of its lots (urn:epc:class:lgtin:...); a company or scheme pattern matches
   * every class under it.
   *
   * @throws IllegalArgumentException as {@link #instances}
   */
  public static EpcPattern classes(String value) {
    return parse(value, true);
  }

  /** A value matched whole, as given: for fields that are not identifiers (business steps, ids). */
  public static EpcPattern exactly(String value) {
    return new EpcPattern(List.of(value), List.of(), c -> true);
  }

  /** Canonical values this pattern matches whole. */
  public List<String> exactValues() {
    return exact;
  }

  /** Canonical prefixes under which this pattern's matches lie; each candidate still needs {@link #matches}. */
  public List<String> prefixes() {
    return prefixes;
  }

  /** Whether a canonical identifier matches. */
  public boolean matches(String canonical) {
    Objects.requireNonNull(canonical, "canonical");
    if (exact.contains(canonical)) {
      return true;
    }
    for (String p : prefixes) {
      if (canonical.startsWith(p)) {
        return refine.test(canonical);
      }
    }
    return false;
  }

  private static EpcPattern parse(String raw, boolean classes) {
    String value = raw.strip();
    if (value.isEmpty()) {
      throw new IllegalArgumentException("empty identifier");
    }
    if (value.contains("[")) {
      throw new IllegalArgumentException(value + ": range patterns are not supported; give a class, company or scheme pattern");
    }
    Optional<Gs1Identifier> id = Identifiers.parse(value);
    if (id.isPresent()) {
      String canonical = Identifiers.toUrn(value);
      if (!isClassPattern(id.get().scheme())) {
        return new EpcPattern(List.of(canonical), List.of(), c -> true);
      }
      // urn:epc:idpat:<scheme>:<fields>.* covers urn:epc:id:<scheme>:<fields>.<serial>
      String fields = canonical.substring(canonical.indexOf(':', "urn:epc:idpat:".length()) + 1, canonical.length() - 1);
      String scheme = canonical.substring("urn:epc:idpat:".length(), canonical.indexOf(':', "urn:epc:idpat:".length()));
      if (!classes) {
        return new EpcPattern(List.of(), List.of("urn:epc:id:" + scheme + ":" + fields), c -> true);
      }
      List<String> lots = id.get().scheme() == Scheme.GTIN ? List.of("urn:epc:class:lgtin:" + fields) : List.of();
      return new EpcPattern(List.of(canonical), lots, c -> true);
    }
    if (value.contains("*")) {
      return wildcard(value, classes);
    }
    return new EpcPattern(List.of(value), List.of(), c -> true);
  }

  private static boolean isClassPattern(Scheme s) {
    return switch (s) {
      case GTIN, GRAI_TYPE, GDTI_TYPE, SGCN_TYPE, CPI_CLASS, ITIP_CLASS -> true;
      case SGTIN, LGTIN, UPUI, SSCC, SGLN, GRAI, GIAI, GSRN, GSRNP, GDTI, CPI, SGCN, GINC, GSIN, ITIP, ITIP_LOT, PGLN -> false;
    };
  }

  /** A company pattern (first field given, the rest {@code *}) or a scheme pattern (all {@code *}). */
  private static EpcPattern wildcard(String value, boolean classes) {
    Matcher m = IDPAT.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(value + ": '*' is only allowed in urn:epc:idpat: patterns");
    }
    String scheme = m.group(1);
    String[] fields = m.group(2).split("\\.", -1);
    int literal = 0;
    while (literal < fields.length && !fields[literal].equals("*")) {
      literal++;
    }
    for (int i = literal; i < fields.length; i++) {
      if (!fields[i].equals("*")) {
        throw new IllegalArgumentException(value + ": after the first '*' every field must be '*'");
      }
    }
    for (int i = 0; i < literal; i++) {
      if (fields[i].contains("*")) {
        throw new IllegalArgumentException(value + ": '*' must be a whole field");
      }
    }
    List<String> bases = classes && scheme.equals("sgtin")
        ? List.of("urn:epc:idpat:sgtin:", "urn:epc:class:lgtin:")
        : List.of((classes ? "urn:epc:idpat:" : "urn:epc:id:") + scheme + ":");
    if (literal == 0) {
      return new EpcPattern(List.of(), bases, c -> true);
    }
    if (literal > 1 || !isGs1Scheme(scheme)) {
      String given = String.join(".", Arrays.asList(fields).subList(0, literal)) + ".";
      return new EpcPattern(List.of(), bases.stream().map(b -> b + given).toList(), c -> true);
    }
    String companyPrefix = fields[0];
    if (!companyPrefix.matches("[0-9]{" + CompanyPrefixLengths.LENGTH_MIN + "," + CompanyPrefixLengths.LENGTH_MAX + "}")) {
      throw new IllegalArgumentException(value + ": a company prefix is 6 to 12 digits");
    }
    int length = companyPrefix.length();
    int shared = Math.min(length, 7);
    String scan = companyPrefix.substring(0, shared) + (length >= 7 ? "." : "");
    CompanyPrefixLengths split = CompanyPrefixLengths.fixed(length);
    List<String> wanted = bases.stream().map(b -> b + companyPrefix + ".").toList();
    Predicate<String> refine = c -> {
      try {
        String resplit = Identifiers.toUrn(c, split);
        return wanted.stream().anyMatch(resplit::startsWith);
      } catch (IllegalArgumentException e) {
        return false; // the candidate's key cannot carry a prefix this long
      }
    };
    return new EpcPattern(List.of(), bases.stream().map(b -> b + scan).toList(), refine);
  }

  private static boolean isGs1Scheme(String scheme) {
    return List.of("sgtin", "sscc", "sgln", "grai", "giai", "gsrn", "gsrnp", "gdti", "cpi", "sgcn", "ginc", "gsin", "itip", "upui", "pgln", "lgtin").contains(scheme);
  }

  @Override
  public String toString() {
    return "EpcPattern[exact=" + exact + ", prefixes=" + prefixes + "]";
  }
}
