package org.lazaret.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.lazaret.core.Hex;

/** An immutable byte string with content equality, so records can hold bytes safely. */
public final class Bytes implements Comparable<Bytes> {
  public static final Bytes EMPTY = new Bytes(new byte[0]);

  private final byte[] bytes;

  private Bytes(byte[] bytes) {
    this.bytes = bytes;
  }

  public static Bytes of(byte[] bytes) {
    return new Bytes(bytes.clone());
  }

  /** Takes ownership without copying; the caller must not change the array afterwards. */
  public static Bytes owning(byte[] bytes) {
    return new Bytes(bytes);
  }

  public static Bytes utf8(String s) {
    return new Bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public byte[] toArray() {
    return bytes.clone();
  }

  /** The backing array, for read-only use on hot paths (hashing, writing). */
  public byte[] unsafeArray() {
    return bytes;
  }

  public int length() {
    return bytes.length;
  }

  public String utf8() {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public int compareTo(Bytes o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return bytes.length <= 64 ? hex() : hex().substring(0, 128) + "…(" + bytes.length + " bytes)";
  }
}
