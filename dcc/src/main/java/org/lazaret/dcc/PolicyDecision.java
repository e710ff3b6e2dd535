package org.lazaret.dcc;

import java.util.List;
import java.util.Objects;

/** A policy's answer about one certificate. */
public sealed interface PolicyDecision {
    record Allowed() implements PolicyDecision {}

    /** Denied, with one reason per failed rule (e.g. its identifier and description). */
    record Denied(List<String> reasons) implements PolicyDecision {
        public Denied {
            reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a denial needs at least one reason");
            }
        }
    }
}
