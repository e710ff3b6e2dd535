package org.lazaret.dcc.signature;

import java.util.Objects;

/** The outcome of checking one COSE signature against one key. */
public sealed interface SignatureCheck {
    /** The signature verifies. */
    record Valid() implements SignatureCheck {}

    /** It does not, for the reason given (wrong length, wrong key type, cryptographic mismatch). */
    record Invalid(String reason) implements SignatureCheck {
        public Invalid {
            Objects.requireNonNull(reason, "reason");
        }
    }

    default boolean valid() {
        return this instanceof Valid;
    }
}
