package org.lazaret.core.tx;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.crypto.SignatureBatch;

/**
 * A transaction body with its Ed25519 signature, as it travels and as blocks hold it. Keeps the
 * exact body bytes it was decoded from, so the id and the signature check never re-encode; the id
 * covers the body only, so a signature cannot be altered to give the same transaction a new id.
 *
 * <p>Encoding: {@code u8 1 | bytes body | raw signature(64)}.
 */
public final class SignedTransaction {
  private final Transaction body;
  private final Bytes bodyBytes;
  private final Bytes signature;
  private final Hash32 id;
  /**
   * The canonical encoding, made on first use: a transaction is encoded for its block's
   * transaction root and again for the block on disk, thousands of times per block.
   */
  private volatile byte[] encoded;

  private SignedTransaction(Transaction body, Bytes bodyBytes, Bytes signature) {
    this.body = body;
    this.bodyBytes = bodyBytes;
    this.signature = signature;
    this.id = Hash32.sha256(bodyBytes.unsafeArray());
  }

  static SignedTransaction of(byte[] bodyBytes, Transaction body, Bytes signature) {
    return new SignedTransaction(body, Bytes.owning(bodyBytes), signature);
  }

  /** Attaches a signature made elsewhere (for example by a client in another language). */
  public static SignedTransaction withSignature(Transaction body, byte[] signature) {
    if (signature.length != PublicKey.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature: expected 64 bytes, got " + signature.length);
    }
    return new SignedTransaction(body, Bytes.owning(body.encode()), Bytes.of(signature));
  }

  public Transaction body() {
    return body;
  }

  public Hash32 id() {
    return id;
  }

  public Bytes signature() {
    return signature;
  }

  public Bytes bodyBytes() {
    return bodyBytes;
  }

  /** The costly check (one Ed25519 verification); admission runs it in parallel, once. */
  public boolean signatureValid() {
    return body.sender().verify(bodyBytes.unsafeArray(), signature.unsafeArray());
  }

  /** Below this many signatures per batch, a batch saves too little to split the work further. */
  private static final int BATCH_PER_CORE_MIN = 256;

  /**
   * {@link #signatureValid} of each, verified in batches (see {@link SignatureBatch}), one per core
   * when there are enough, run in the caller's fork-join pool.
   */
  public static boolean[] signaturesValid(List<SignedTransaction> txs) {
    int n = txs.size();
    boolean[] valid = new boolean[n];
    int parts = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), n / BATCH_PER_CORE_MIN));
    IntStream.range(0, parts).parallel().forEach(part -> {
      int from = (int) ((long) n * part / parts);
      List<SignedTransaction> batch = txs.subList(from, (int) ((long) n * (part + 1) / parts));
      List<PublicKey> keys = new ArrayList<>(batch.size());
      List<byte[]> messages = new ArrayList<>(batch.size());
      List<byte[]> signatures = new ArrayList<>(batch.size());
      for (SignedTransaction tx : batch) {
        keys.add(tx.body.sender());
        messages.add(tx.bodyBytes.unsafeArray());
        signatures.add(tx.signature.unsafeArray());
      }
      boolean[] v = SignatureBatch.verify(keys, messages, signatures);
      System.arraycopy(v, 0, valid, from, v.length);
    });
    return valid;
  }

  public byte[] encode() {
    return encoding().clone();
  }

  /** The canonical encoding without a copy; callers must not modify it. */
  public byte[] unsafeEncoding() {
    return encoding();
  }

  private byte[] encoding() {
    byte[] e = encoded;
    if (e == null) {
      Writer w = new Writer(1 + 4 + bodyBytes.length() + PublicKey.SIGNATURE_LENGTH);
      w.u8(Transaction.FORMAT_VERSION).bytes(bodyBytes).raw(signature.unsafeArray());
      e = w.toByteArray();
      encoded = e;
    }
    return e;
  }

  public static SignedTransaction decode(byte[] encoded) throws DecodeException {
    if (encoded.length > Limits.TX_SIZE_BYTES_MAX) {
      throw new DecodeException("transaction", encoded.length + " bytes exceeds the limit of " + Limits.TX_SIZE_BYTES_MAX);
    }
    Reader r = new Reader(encoded);
    int version = r.u8("version");
    if (version != Transaction.FORMAT_VERSION) {
      throw new DecodeException("version", "unsupported signed transaction format " + version);
    }
    byte[] body = r.bytes("body", Limits.TX_SIZE_BYTES_MAX);
    byte[] sig = r.raw("signature", PublicKey.SIGNATURE_LENGTH);
    r.expectEnd("signed transaction");
    return new SignedTransaction(Transaction.decode(body), Bytes.owning(body), Bytes.owning(sig));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SignedTransaction s && id.equals(s.id) && signature.equals(s.signature);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return "Tx[" + id.hex() + " " + body.contract() + "." + body.method() + " nonce=" + body.nonce() + "]";
  }
}
