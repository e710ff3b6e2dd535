package org.lazaret.dcc;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable byte string with content equality, so that byte arrays can sit in records, sets
 * and map keys (records compare arrays by reference). Copies on the way in and out.
 */
public final class Bytes {
    private static final HexFormat HEX = HexFormat.of();
    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    public static Bytes of(byte[] value) {
        return new Bytes(value.clone());
    }

    public static Bytes ofHex(String hex) {
        return new Bytes(HEX.parseHex(hex));
    }

    /** Wraps without copying; only for arrays nobody else holds. */
    static Bytes wrap(byte[] value) {
        return new Bytes(value);
    }

    public byte[] toArray() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    public byte get(int index) {
        return value[index];
    }

    public Bytes slice(int from, int to) {
        return new Bytes(Arrays.copyOfRange(value, from, to));
    }

    public String hex() {
        return HEX.formatHex(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
