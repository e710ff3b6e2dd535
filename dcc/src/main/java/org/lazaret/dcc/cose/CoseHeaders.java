package org.lazaret.dcc.cose;

import java.util.Objects;
import java.util.Optional;
import org.lazaret.dcc.Bytes;

/** The two COSE header parameters a DCC uses: alg (label 1) and kid (label 4). */
public record CoseHeaders(Optional<Long> algorithm, Optional<Bytes> kid) {
    public static final CoseHeaders EMPTY = new CoseHeaders(Optional.empty(), Optional.empty());

    public CoseHeaders {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(kid, "kid");
    }
}
