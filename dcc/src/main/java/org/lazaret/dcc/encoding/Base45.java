package org.lazaret.dcc.encoding;

import java.util.Arrays;

/**
 * Base45 (RFC 9285), the QR-alphanumeric-friendly encoding of the EU DCC. No library for it
 * is available here, and it is small: two bytes become three characters, a trailing byte two.
 * Decoding is strict: characters outside the 45-character alphabet (including lower case), a
 * dangling single character, and triples above 65535 are rejected with their position.
 */
public final class Base45 {
    /** The RFC 9285 alphabet, value = index. */
    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    private static final int[] VALUE = new int[128];

    static {
        Arrays.fill(VALUE, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            VALUE[ALPHABET.charAt(i)] = i;
        }
    }

    private Base45() {}

    public static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length / 2) * 3 + 2);
        int i = 0;
        for (; i + 1 < bytes.length; i += 2) {
            int n = ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
            out.append(ALPHABET.charAt(n % 45));
            out.append(ALPHABET.charAt((n / 45) % 45));
            out.append(ALPHABET.charAt(n / 2025));
        }
        if (i < bytes.length) {
            int n = bytes[i] & 0xff;
            out.append(ALPHABET.charAt(n % 45));
            out.append(ALPHABET.charAt(n / 45));
        }
        return out.toString();
    }

    public static byte[] decode(CharSequence text) throws DecodeException {
        int length = text.length();
        if (length % 3 == 1) {
            throw new DecodeException("base45 length " + length + " leaves a single character at position "
                    + (length - 1));
        }
        byte[] out = new byte[(length / 3) * 2 + (length % 3 == 2 ? 1 : 0)];
        int o = 0;
        for (int i = 0; i < length; i += 3) {
            int c = value(text, i);
            int d = value(text, i + 1);
            if (i + 2 < length) {
                int n = c + d * 45 + value(text, i + 2) * 2025;
                if (n > 0xffff) {
                    throw new DecodeException("base45 triple at position " + i + " encodes " + n + " > 65535");
                }
                out[o++] = (byte) (n >> 8);
                out[o++] = (byte) n;
            } else {
                int n = c + d * 45;
                if (n > 0xff) {
                    throw new DecodeException("base45 pair at position " + i + " encodes " + n + " > 255");
                }
                out[o++] = (byte) n;
            }
        }
        return out;
    }

    private static int value(CharSequence text, int position) throws DecodeException {
        char c = text.charAt(position);
        int v = c < 128 ? VALUE[c] : -1;
        if (v < 0) {
            throw new DecodeException("character " + describe(c) + " at position " + position
                    + " is not in the base45 alphabet");
        }
        return v;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
