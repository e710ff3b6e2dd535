package org.lazaret.casedata.place;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A place as the tables know it: its id, a display name and, where a table gives one, its
 * population (JHU lookup table first, OWID/ECDC locations second) for per-capita figures.
 */
public record Place(PlaceId id, String name, OptionalLong population) {
  public Place {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(population, "population");
    if (population.isPresent() && population.getAsLong() <= 0) {
      throw new IllegalArgumentException("population must be positive: " + population);
    }
  }

  public PlaceKind kind() {
    return id.kind();
  }
}
