package org.lazaret.core.crypto;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lazaret.core.Hex;

/**
 * An Ed25519 public key: the identity of every account, member and organisation key. Verification
 * uses BouncyCastle's RFC 8032 code directly, which is several times faster than the JDK provider
 * and allocates nothing per call.
 */
public final class PublicKey implements Comparable<PublicKey> {
  public static final int LENGTH = 32;
  public static final int SIGNATURE_LENGTH = 64;

  private final byte[] bytes;
  private final int hashCode;
  /** Its hex form, made on first use: state keys name holders by it on every transfer. */
  private volatile String hex;

  private PublicKey(byte[] bytes) {
    this.bytes = bytes;
    this.hashCode = Arrays.hashCode(bytes);
  }

  public static PublicKey wrap(byte[] bytes) {
    if (bytes.length != LENGTH) {
      throw new IllegalArgumentException("public key: expected 32 bytes, got " + bytes.length);
    }
    return new PublicKey(bytes.clone());
  }

  public static PublicKey fromHex(String field, String hex) {
    byte[] b = Hex.decode(field, hex);
    if (b.length != LENGTH) {
      throw new IllegalArgumentException(field + ": expected a 32-byte public key, got " + b.length + " bytes");
    }
    return new PublicKey(b);
  }

  /** True when the signature is a valid Ed25519 signature of {@code message} by this key. */
  public boolean verify(byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_LENGTH) {
      return false;
    }
    return PointCache.point(this, bytes).map(p -> Ed25519.verify(signature, 0, p, message, 0, message.length)).orElse(false);
  }

  public byte[] toBytes() {
    return bytes.clone();
  }

  public void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  public String hex() {
    String h = hex;
    if (h == null) {
      h = Hex.encode(bytes);
      hex = h;
    }
    return h;
  }

  @Override
  public int compareTo(PublicKey o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PublicKey k && Arrays.equals(bytes, k.bytes);
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
