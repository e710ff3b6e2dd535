package org.lazaret.dcc.encoding;

/**
 * The context identifier in front of the base45 text of a QR code. Only {@code HC1:} (health
 * certificate, version 1) is defined; other versions ({@code HC2:}) or contexts are rejected
 * rather than guessed at, as the DCC specification requires.
 */
public final class Hc1Prefix {
    public static final String PREFIX = "HC1:";

    private Hc1Prefix() {}

    /** The text after {@code HC1:}. */
    public static String strip(String text) throws DecodeException {
        if (!text.startsWith(PREFIX)) {
            int colon = text.indexOf(':');
            String seen = colon > 0 && colon <= 8 ? "'" + text.substring(0, colon + 1) + "'" : "no context identifier";
            throw new DecodeException("text starts with " + seen + ", expected '" + PREFIX + "'");
        }
        return text.substring(PREFIX.length());
    }

    public static String add(String base45) {
        return PREFIX + base45;
    }
}
