package org.lazaret.core.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import org.lazaret.core.Hex;
import org.lazaret.core.Invariants;

/**
 * A SHA-256 digest with content equality: the identity of transactions, blocks, Merkle nodes and
 * state keys. A final class rather than a record so that equality compares bytes, not references.
 */
public final class Hash32 implements Comparable<Hash32> {
  public static final int LENGTH = 32;
  /** The hash of an empty sparse-Merkle subtree, and the previous hash of the genesis block. */
  public static final Hash32 ZERO = new Hash32(new byte[LENGTH]);

  private final byte[] bytes;
  private final int hashCode;

  private Hash32(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
  }

  public static Hash32 wrap(byte[] bytes) {
    Invariants.check(bytes.length == LENGTH, "hash length %d, expected 32", bytes.length);
    return new Hash32(bytes.clone());
  }

  public static Hash32 fromHex(String field, String hex) {
    byte[] b = Hex.decode(field, hex);
    if (b.length != LENGTH) {
      throw new IllegalArgumentException(field + ": expected 32 bytes, got " + b.length);
    }
    return new Hash32(b);
  }

  public static Hash32 sha256(byte[] data) {
    return new Hash32(digest().digest(data));
  }

  public static Hash32 sha256(byte[] data, int offset, int length) {
    MessageDigest d = digest();
    d.update(data, offset, length);
    return new Hash32(d.digest());
  }

  /** Hash of a one-byte domain tag followed by the given parts: the Merkle node constructions. */
  public static Hash32 tagged(int tag, byte[]... parts) {
    MessageDigest d = digest();
    d.update((byte) tag);
    for (byte[] p : parts) {
      d.update(p);
    }
    return new Hash32(d.digest());
  }

  public static Hash32 tagged(int tag, Hash32 a, Hash32 b) {
    MessageDigest d = digest();
    d.update((byte) tag);
    d.update(a.bytes);
    d.update(b.bytes);
    return new Hash32(d.digest());
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK has no SHA-256", e);
            }
          });

  private static MessageDigest digest() {
    MessageDigest d = SHA256.get();
    d.reset();
    return d;
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Copies into the given buffer without allocating; for hot encoding paths. */
  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  /** Bit {@code index} counted from the most significant bit of byte 0: the sparse-tree path. */
  public int bit(int index) {
    return (bytes[index >>> 3] >>> (7 - (index & 7))) & 1;
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  public String hex() {
    return Hex.encode(bytes);
  }

  @Override
  public int compareTo(Hash32 o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Hash32 h && Arrays.equals(bytes, h.bytes);
  }

  @Override
  public int hashCode() {
    return hashCode;
  }

  @Override
  public String toString() {
    return hex();
  }
}
