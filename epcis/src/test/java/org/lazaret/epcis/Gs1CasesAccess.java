package org.lazaret.epcis;

import net.jqwik.api.Arbitrary;

/** Lets property tests in other packages use {@link Gs1Cases}. */
public final class Gs1CasesAccess {
  private Gs1CasesAccess() {}

  public static Arbitrary<String> urns() {
    return Gs1Cases.all(12).map(Gs1Cases.Case::urn);
  }
}
