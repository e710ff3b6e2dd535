package org.lazaret.dcc.certlogic;

/**
 * A CertLogic expression could not be evaluated on the given data: an unknown operator, a wrong
 * arity, or an operand of the wrong type (e.g. comparing a string with {@code <}). The
 * specification makes these errors, never silent coercions.
 */
public final class CertLogicException extends Exception {
    private static final long serialVersionUID = 1L;

    public CertLogicException(String message) {
        super(message, null, false, false);
    }
}
