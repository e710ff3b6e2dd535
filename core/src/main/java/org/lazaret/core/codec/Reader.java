package org.lazaret.core.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;

/**
 * Reads the canonical encoding written by {@link Writer}, bounding every length and naming the
 * field in every error. Malformed UTF-8 and trailing bytes are rejected, so each value has
 * exactly one accepted byte sequence.
 */
public final class Reader {
  private final byte[] buf;
  private int pos;
  private final int end;

  public Reader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  public Reader(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  private void need(String field, int n) throws DecodeException {
    if (n < 0 || end - pos < n) {
      throw new DecodeException(field, "truncated at byte " + pos + " (needs " + n + " more)");
    }
  }

  public int u8(String field) throws DecodeException {
    need(field, 1);
    return buf[pos++] & 0xff;
  }

  public boolean bool(String field) throws DecodeException {
    int v = u8(field);
    if (v > 1) {
      throw new DecodeException(field, "boolean must be 0 or 1, got " + v);
    }
    return v == 1;
  }

  public int u32(String field) throws DecodeException {
    need(field, 4);
    int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public long u64(String field) throws DecodeException {
    need(field, 8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xff);
    }
    return v;
  }

  public byte[] raw(String field, int n) throws DecodeException {
    need(field, n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  public byte[] bytes(String field, int maxLength) throws DecodeException {
    int n = u32(field);
    if (n < 0 || n > maxLength) {
      throw new DecodeException(field, "length " + Integer.toUnsignedString(n) + " exceeds the limit of " + maxLength);
    }
    return raw(field, n);
  }

  public String string(String field, int maxBytes) throws DecodeException {
    byte[] b = bytes(field, maxBytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DecodeException(field, "not valid UTF-8");
    }
  }

  public Hash32 hash(String field) throws DecodeException {
    return Hash32.wrap(raw(field, Hash32.LENGTH));
  }

  public PublicKey key(String field) throws DecodeException {
    return PublicKey.wrap(raw(field, PublicKey.LENGTH));
  }

  public int position() {
    return pos;
  }

  public int remaining() {
    return end - pos;
  }

  /** Every decoder ends with this: trailing bytes would give one value two encodings. */
  public void expectEnd(String what) throws DecodeException {
    if (pos != end) {
      throw new DecodeException(what, (end - pos) + " trailing bytes after the encoding");
    }
  }
}
