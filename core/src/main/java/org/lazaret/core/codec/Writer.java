package org.lazaret.core.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;

/**
 * The canonical binary encoding: big-endian fixed-width integers, u32 length prefixes, UTF-8
 * strings. Fixed widths make each value's encoding unique without a normalisation step, which is
 * what hashing and signing need; the few bytes lost to padding do not matter at ledger sizes.
 */
public final class Writer {
  private byte[] buf;
  private int size;

  public Writer(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
  }

  public Writer() {
    this(256);
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  public Writer u8(int v) {
    ensure(1);
    buf[size++] = (byte) v;
    return this;
  }

  public Writer bool(boolean v) {
    return u8(v ? 1 : 0);
  }

  public Writer u32(int v) {
    ensure(4);
    buf[size++] = (byte) (v >>> 24);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) v;
    return this;
  }

  public Writer u64(long v) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buf[size++] = (byte) (v >>> shift);
    }
    return this;
  }

  public Writer raw(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
    return this;
  }

  public Writer raw(byte[] b, int offset, int length) {
    ensure(length);
    System.arraycopy(b, offset, buf, size, length);
    size += length;
    return this;
  }

  public Writer bytes(byte[] b) {
    u32(b.length);
    return raw(b);
  }

  public Writer bytes(Bytes b) {
    return bytes(b.unsafeArray());
  }

  public Writer string(String s) {
    return bytes(s.getBytes(StandardCharsets.UTF_8));
  }

  public Writer hash(Hash32 h) {
    ensure(Hash32.LENGTH);
    h.copyTo(buf, size);
    size += Hash32.LENGTH;
    return this;
  }

  public Writer key(PublicKey k) {
    ensure(PublicKey.LENGTH);
    k.copyTo(buf, size);
    size += PublicKey.LENGTH;
    return this;
  }

  public int size() {
    return size;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }
}
