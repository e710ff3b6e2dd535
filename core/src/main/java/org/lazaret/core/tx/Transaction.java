package org.lazaret.core.tx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;

/**
 * The signed body of a transaction: who calls which contract method with which arguments, under
 * which chain and nonce, until when. Its canonical encoding is what is signed, and its SHA-256 is
 * the transaction id. Arguments are canonical JSON so that clients in any language can build them.
 *
 * <p>Format version 1: {@code u8 1 | string chainId | key sender | u64 nonce | string contract |
 * string method | bytes args | u64 expiresAtMillis}.
 */
public record Transaction(
    String chainId,
    PublicKey sender,
    long nonce,
    String contract,
    String method,
    Bytes args,
    long expiresAtMillis) {

  public static final int FORMAT_VERSION = 1;
  private static final Pattern CHAIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  private static final Pattern NAME = Pattern.compile("[a-z][A-Za-z0-9_.-]{0,63}");

  public Transaction {
    requireMatch("chainId", chainId, CHAIN_ID);
    requireMatch("contract", contract, NAME);
    requireMatch("method", method, NAME);
    if (nonce < 0) {
      throw new IllegalArgumentException("nonce: must not be negative");
    }
    if (expiresAtMillis <= 0) {
      throw new IllegalArgumentException("expiresAt: must be a positive time in milliseconds");
    }
    if (args.length() > Limits.TX_ARGS_BYTES_MAX) {
      throw new IllegalArgumentException("args: " + args.length() + " bytes exceeds the limit of " + Limits.TX_ARGS_BYTES_MAX);
    }
    JsonNode parsed = CanonicalJson.parse("args", args.unsafeArray());
    if (!parsed.isObject()) {
      throw new IllegalArgumentException("args: must be a JSON object");
    }
    if (!java.util.Arrays.equals(CanonicalJson.encode(parsed), args.unsafeArray())) {
      throw new IllegalArgumentException("args: not in canonical form (sorted keys, no whitespace)");
    }
  }

  /** Builds a transaction from any JSON object, putting the arguments in canonical form. */
  public static Transaction of(
      String chainId, PublicKey sender, long nonce, String contract, String method, JsonNode args, long expiresAtMillis) {
    return new Transaction(chainId, sender, nonce, contract, method, Bytes.owning(CanonicalJson.encode(args)), expiresAtMillis);
  }

  private static void requireMatch(String field, String value, Pattern p) {
    if (value == null || !p.matcher(value).matches()) {
      throw new IllegalArgumentException(field + ": must match " + p.pattern());
    }
  }

  public JsonNode argsJson() {
    return CanonicalJson.parse("args", args.unsafeArray());
  }

  public byte[] encode() {
    Writer w = new Writer(96 + chainId.length() + contract.length() + method.length() + args.length());
    w.u8(FORMAT_VERSION).string(chainId).key(sender).u64(nonce).string(contract).string(method).bytes(args).u64(expiresAtMillis);
    return w.toByteArray();
  }

  public static Transaction decode(byte[] encoded) throws DecodeException {
    Reader r = new Reader(encoded);
    int version = r.u8("version");
    if (version != FORMAT_VERSION) {
      throw new DecodeException("version", "unsupported transaction format " + version);
    }
    String chainId = r.string("chainId", Limits.CHAIN_ID_BYTES_MAX);
    PublicKey sender = r.key("sender");
    long nonce = r.u64("nonce");
    String contract = r.string("contract", Limits.NAME_BYTES_MAX);
    String method = r.string("method", Limits.NAME_BYTES_MAX);
    byte[] args = r.bytes("args", Limits.TX_ARGS_BYTES_MAX);
    long expiresAt = r.u64("expiresAt");
    r.expectEnd("transaction");
    try {
      return new Transaction(chainId, sender, nonce, contract, method, Bytes.owning(args), expiresAt);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      int colon = msg.indexOf(':');
      throw new DecodeException(colon > 0 ? msg.substring(0, colon) : "transaction", colon > 0 ? msg.substring(colon + 2) : msg);
    }
  }

  public SignedTransaction sign(KeyPair key) {
    if (!key.publicKey().equals(sender)) {
      throw new IllegalArgumentException("key: does not belong to the sender " + sender.hex());
    }
    byte[] body = encode();
    return SignedTransaction.of(body, this, Bytes.owning(key.sign(body)));
  }

  public Hash32 id() {
    return Hash32.sha256(encode());
  }
}
