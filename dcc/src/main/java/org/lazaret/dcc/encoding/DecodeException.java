package org.lazaret.dcc.encoding;

/**
 * A decoder rejected its input: the message names the position or field and the reason. Checked
 * so that every stage of the verification pipeline has to turn it into a named failure.
 */
public final class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    public DecodeException(String reason) {
        super(reason, null, false, false);
    }
}
