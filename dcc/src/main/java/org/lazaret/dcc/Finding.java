package org.lazaret.dcc;

import java.util.Objects;

/** One failed check with a human-readable detail naming the field or position and the reason. */
public record Finding(Failure failure, String detail) {
    public Finding {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(detail, "detail");
    }
}
