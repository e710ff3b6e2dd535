package org.lazaret.node.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.lazaret.core.Hex;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * The two JSON shapes a transaction may arrive in: {@code {"tx": hex}} carrying the exact signed
 * encoding, or its fields spelled out (the node re-encodes them canonically and checks the
 * signature against that). Both end as the same {@link SignedTransaction}.
 */
public final class TransactionJson {
  private TransactionJson() {}

  /** @throws IllegalArgumentException naming the field at fault */
  public static SignedTransaction decode(JsonNode body) {
    if (!body.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object");
    }
    if (body.has("tx")) {
      if (!body.get("tx").isTextual()) {
        throw new IllegalArgumentException("tx: must be a hex string");
      }
      try {
        return SignedTransaction.decode(Hex.decode("tx", body.get("tx").textValue()));
      } catch (DecodeException e) {
        throw new IllegalArgumentException("tx." + e.getMessage());
      }
    }
    Transaction t =
        Transaction.of(
            text(body, "chainId"),
            PublicKey.fromHex("sender", text(body, "sender")),
            number(body, "nonce"),
            text(body, "contract"),
            text(body, "method"),
            args(body),
            number(body, "expiresAt"));
    return SignedTransaction.withSignature(t, Hex.decode("signature", text(body, "signature")));
  }

  private static JsonNode args(JsonNode body) {
    JsonNode a = body.get("args");
    if (a == null || !a.isObject()) {
      throw new IllegalArgumentException("args: required, a JSON object");
    }
    return CanonicalJson.parse("args", CanonicalJson.encode(a));
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + ": required, a string");
    }
    return v.textValue();
  }

  private static long number(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(field + ": required, an integer");
    }
    return v.longValue();
  }

  /** The spelled-out form, as the API shows a transaction. */
  public static ObjectNode toJson(SignedTransaction stx) {
    Transaction t = stx.body();
    ObjectNode o = CanonicalJson.object();
    o.put("id", stx.id().hex());
    o.put("chainId", t.chainId());
    o.put("sender", t.sender().hex());
    o.put("nonce", t.nonce());
    o.put("contract", t.contract());
    o.put("method", t.method());
    o.set("args", t.argsJson());
    o.put("expiresAt", t.expiresAtMillis());
    o.put("signature", stx.signature().hex());
    return o;
  }
}
