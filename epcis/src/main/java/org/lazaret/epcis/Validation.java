package org.lazaret.epcis;

import java.util.Objects;

/**
 * Outcome of validating an EPCIS document: valid, or invalid with where and why. A closed set so
 * callers handle both with an exhaustive {@code switch}.
 */
public sealed interface Validation permits Validation.Valid, Validation.Invalid {

  /** The document is an EPCIS 2.0 document and conforms to the GS1 EPCIS JSON schema. */
  record Valid() implements Validation {}

  /**
   * The first problem found.
   *
   * @param path JSON path of the offending field ({@code $.epcisBody.eventList[0].eventTime}), or
   *     {@code line L, column C} when the text is not JSON
   * @param reason what is wrong there
   */
  record Invalid(String path, String reason) implements Validation {
    public Invalid {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(reason, "reason");
    }
  }

  default boolean isValid() {
    return this instanceof Valid;
  }
}
