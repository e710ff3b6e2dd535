package org.lazaret.dcc;

/** A trust-list source could not be read as X.509 certificates; the message names the source. */
public final class TrustListException extends Exception {
    private static final long serialVersionUID = 1L;

    public TrustListException(String message, Throwable cause) {
        super(message, cause);
    }

    public TrustListException(String message) {
        super(message);
    }
}
