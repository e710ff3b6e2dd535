package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.lazaret.epcis.gs1.CompanyPrefixLengths;

/**
 * Goal: an EPC pattern finds, through its prefixes, every canonical identifier it matches, and
 * matches exactly the identifiers the EPC Tag Data Standard says — whatever length the company
 * prefix has, and whichever form (EPC URN or Digital Link) the pattern is given in. Also: class
 * patterns of every GS1 key survive the round trip through their Digital Link. Method: random EPC
 * URNs of every scheme written with a known company prefix length (6 to 12 digits); patterns are
 * built from them by the TDS rules and checked against the canonical URN an index would hold.
 */
class EpcPatternPropertiesTest {
  /** Dot-separated fields of each instance scheme's URN. */
  private static final Map<String, Integer> FIELDS =
      Map.ofEntries(
          Map.entry("sgtin", 3), Map.entry("upui", 3), Map.entry("sscc", 2), Map.entry("gsrn", 2),
          Map.entry("gsrnp", 2), Map.entry("gsin", 2), Map.entry("pgln", 2), Map.entry("sgln", 3),
          Map.entry("grai", 3), Map.entry("gdti", 3), Map.entry("sgcn", 3), Map.entry("giai", 2),
          Map.entry("ginc", 2), Map.entry("itip", 5), Map.entry("cpi", 3));

  @Provide
  Arbitrary<Gs1Cases.Case> instances() {
    return Gs1Cases.all(12).filter(c -> c.urn().startsWith("urn:epc:id:"));
  }

  private static String scheme(String urn) {
    return urn.substring("urn:epc:id:".length(), urn.indexOf(':', "urn:epc:id:".length()));
  }

  private static String companyPrefix(String urn) {
    String body = urn.substring(urn.indexOf(':', "urn:epc:id:".length()) + 1);
    return body.substring(0, body.indexOf('.'));
  }

  private static String pattern(String scheme, String first) {
    return "urn:epc:idpat:" + scheme + ":" + first + ".*".repeat(FIELDS.get(scheme) - 1);
  }

  /** What an index scan finds: the pattern names the value whole or by one of its prefixes. */
  private static boolean found(EpcPattern p, String canonical) {
    return p.exactValues().contains(canonical) || p.prefixes().stream().anyMatch(canonical::startsWith);
  }

  @Property(tries = 400)
  void anIdentifierMatchesItselfInEitherForm(@ForAll("instances") Gs1Cases.Case c) {
    String canonical = Identifiers.toUrn(c.urn());
    for (String form : new String[] {c.urn(), Identifiers.toDigitalLink(c.urn())}) {
      EpcPattern p = EpcPattern.instances(form);
      assertThat(p.matches(canonical)).as(form).isTrue();
      assertThat(found(p, canonical)).as(form).isTrue();
    }
  }

  @Property(tries = 400)
  void aCompanyPatternMatchesItsCompanysIdentifiersOnly(@ForAll("instances") Gs1Cases.Case c) {
    String scheme = scheme(c.urn());
    String cp = companyPrefix(c.urn());
    String canonical = Identifiers.toUrn(c.urn());
    EpcPattern own = EpcPattern.instances(pattern(scheme, cp));
    assertThat(own.matches(canonical)).as(pattern(scheme, cp) + " on " + canonical).isTrue();
    assertThat(found(own, canonical)).as("found by prefix: " + own).isTrue();
    char last = cp.charAt(cp.length() - 1);
    String other = cp.substring(0, cp.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
    assertThat(EpcPattern.instances(pattern(scheme, other)).matches(canonical)).as(pattern(scheme, other)).isFalse();
    EpcPattern all = EpcPattern.instances(pattern(scheme, "*"));
    assertThat(all.matches(canonical) && found(all, canonical)).isTrue();
  }

  @Property(tries = 300)
  void aClassPatternMatchesItsSerialsInEitherForm(@ForAll("instances") Gs1Cases.Case c) {
    String scheme = scheme(c.urn());
    if (!java.util.List.of("sgtin", "grai", "gdti", "sgcn", "cpi", "itip").contains(scheme)) {
      return;
    }
    String classUrn = c.urn().substring(0, c.urn().lastIndexOf('.')).replace("urn:epc:id:", "urn:epc:idpat:") + ".*";
    if (scheme.equals("sgtin") || scheme.equals("grai") || scheme.equals("gdti") || scheme.equals("sgcn")) {
      // the serial may itself hold dots: cut after the first two fields instead
      String[] parts = c.urn().substring(c.urn().indexOf(':', "urn:epc:id:".length()) + 1).split("\\.", 3);
      classUrn = "urn:epc:idpat:" + scheme + ":" + parts[0] + "." + parts[1] + ".*";
    } else if (scheme.equals("itip")) {
      String[] parts = c.urn().substring("urn:epc:id:itip:".length()).split("\\.", 5);
      classUrn = "urn:epc:idpat:itip:" + String.join(".", parts[0], parts[1], parts[2], parts[3]) + ".*";
    } else {
      String[] parts = c.urn().substring("urn:epc:id:cpi:".length()).split("\\.", 3);
      classUrn = "urn:epc:idpat:cpi:" + parts[0] + "." + parts[1] + ".*";
    }
    String canonical = Identifiers.toUrn(c.urn());
    String link = Identifiers.toDigitalLink(classUrn);
    assertThat(Identifiers.toUrn(link, CompanyPrefixLengths.fixed(c.prefixLength()))).as("class round trip").isEqualTo(classUrn);
    for (String form : new String[] {classUrn, link}) {
      EpcPattern p = EpcPattern.instances(form);
      assertThat(p.matches(canonical)).as(form + " on " + canonical).isTrue();
      assertThat(found(p, canonical)).as(form).isTrue();
    }
  }

  @Test
  void aGtinClassCoversItsLotsAmongClasses() {
    EpcPattern p = EpcPattern.classes("https://id.gs1.org/01/04012345123456");
    assertThat(p.matches("urn:epc:idpat:sgtin:4012345.012345.*")).isTrue();
    assertThat(p.matches("urn:epc:class:lgtin:4012345.012345.LOT-7")).isTrue();
    assertThat(p.matches("urn:epc:class:lgtin:4012345.012346.LOT-7")).isFalse();
    assertThat(EpcPattern.classes("urn:epc:idpat:sgtin:4012345.*.*").matches("urn:epc:class:lgtin:4012345.012345.A")).isTrue();
    assertThat(EpcPattern.instances("urn:epc:idpat:sgtin:4012345.012345.*").matches("urn:epc:class:lgtin:4012345.012345.A")).isFalse();
  }

  @Test
  void unsupportedPatternsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> EpcPattern.instances("urn:epc:idpat:sgtin:0614141.107346.[1-9]")).hasMessageContaining("range");
    assertThatThrownBy(() -> EpcPattern.instances("urn:epc:idpat:sgtin:*.107346.*")).hasMessageContaining("every field");
    assertThatThrownBy(() -> EpcPattern.instances("urn:epc:idpat:sgtin:06.*.*")).hasMessageContaining("6 to 12 digits");
    assertThatThrownBy(() -> EpcPattern.instances("https://id.gs1.org/01/*")).hasMessageContaining("urn:epc:idpat:");
    assertThatThrownBy(() -> EpcPattern.instances(" ")).hasMessageContaining("empty");
  }
}
