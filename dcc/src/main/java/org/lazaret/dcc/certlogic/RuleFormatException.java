package org.lazaret.dcc.certlogic;

/** A business rule or rule set is not in the expected JSON shape; the message names rule and field. */
public final class RuleFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public RuleFormatException(String message) {
        super(message);
    }
}
