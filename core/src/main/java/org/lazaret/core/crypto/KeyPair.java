package org.lazaret.core.crypto;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.lazaret.core.Hex;

/**
 * An Ed25519 signing key with its public key. The seed is the whole secret; key files hold it in
 * hex. Randomness enters only through the caller's {@link SecureRandom} or a fixed seed, so tests
 * and genesis fixtures are reproducible.
 */
public final class KeyPair {
  public static final int SEED_LENGTH = 32;

  private final byte[] seed;
  private final PublicKey publicKey;

  private KeyPair(byte[] seed) {
    this.seed = seed;
    byte[] pk = new byte[PublicKey.LENGTH];
    Ed25519.generatePublicKey(seed, 0, pk, 0);
    this.publicKey = PublicKey.wrap(pk);
  }

  public static KeyPair fromSeed(byte[] seed) {
    if (seed.length != SEED_LENGTH) {
      throw new IllegalArgumentException("key seed: expected 32 bytes, got " + seed.length);
    }
    return new KeyPair(seed.clone());
  }

  public static KeyPair fromSeedHex(String hex) {
    return fromSeed(Hex.decode("key seed", hex.strip()));
  }

  /** A key derived from a label: for fixtures and benchmarks only, never for real organisations. */
  public static KeyPair deterministic(String label) {
    return new KeyPair(Hash32.sha256(("lazaret-fixture:" + label).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toBytes());
  }

  public static KeyPair generate(SecureRandom random) {
    byte[] seed = new byte[SEED_LENGTH];
    random.nextBytes(seed);
    return new KeyPair(seed);
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  public byte[] sign(byte[] message) {
    byte[] sig = new byte[PublicKey.SIGNATURE_LENGTH];
    Ed25519.sign(seed, 0, message, 0, message.length, sig, 0);
    return sig;
  }

  public String seedHex() {
    return Hex.encode(seed);
  }

  @Override
  public String toString() {
    return "KeyPair[" + publicKey.hex() + "]";
  }
}
