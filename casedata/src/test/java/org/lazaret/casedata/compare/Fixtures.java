package org.lazaret.casedata.compare;

import java.time.LocalDate;
import org.lazaret.casedata.CountKind;
import org.lazaret.casedata.Metric;
import org.lazaret.casedata.Observation;
import org.lazaret.casedata.Provenance;
import org.lazaret.casedata.place.PlaceId;

/** Small hand-made observations for the comparison tests. */
final class Fixtures {
  private Fixtures() {}

  static Observation obs(String place, String date, long value, long line) {
    return new Observation(
        PlaceId.of(place),
        LocalDate.parse(date),
        Metric.CONFIRMED,
        CountKind.CUMULATIVE,
        value,
        Provenance.of(line, place));
  }
}
