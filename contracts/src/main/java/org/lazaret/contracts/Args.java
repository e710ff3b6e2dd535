package org.lazaret.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.lazaret.core.crypto.PublicKey;

/**
 * Typed access to call arguments; every failure is a {@code BAD_ARGUMENT} revert naming the field,
 * so all nodes report the same reason for the same bad call.
 */
public final class Args {
  private final JsonNode node;

  public Args(JsonNode node) {
    this.node = node;
  }

  /** Refuses fields other than {@code allowed}: a typo must not be silently ignored. */
  public Args only(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) {
        throw bad(f, "unknown argument; expected one of " + String.join(", ", allowed));
      }
    }
    return this;
  }

  public static Revert bad(String field, String reason) {
    return new Revert("BAD_ARGUMENT", field + ": " + reason);
  }

  public JsonNode node(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw bad(field, "required");
    }
    return v;
  }

  public boolean has(String field) {
    return node.hasNonNull(field);
  }

  public String text(String field) {
    JsonNode v = node(field);
    if (!v.isTextual()) {
      throw bad(field, "must be a string");
    }
    return v.textValue();
  }

  public String text(String field, String pattern) {
    String s = text(field);
    if (!s.matches(pattern)) {
      throw bad(field, "must match " + pattern);
    }
    return s;
  }

  public long positiveLong(String field) {
    JsonNode v = node(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw bad(field, "must be an integer");
    }
    long n = v.longValue();
    if (n <= 0) {
      throw bad(field, "must be positive");
    }
    return n;
  }

  public boolean bool(String field) {
    JsonNode v = node(field);
    if (!v.isBoolean()) {
      throw bad(field, "must be true or false");
    }
    return v.booleanValue();
  }

  public PublicKey key(String field) {
    String s = text(field);
    try {
      return PublicKey.fromHex(field, s);
    } catch (IllegalArgumentException e) {
      throw bad(field, "must be a 32-byte Ed25519 public key in hex");
    }
  }

  public List<String> textList(String field, String pattern) {
    JsonNode v = node(field);
    if (!v.isArray()) {
      throw bad(field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual() || !e.textValue().matches(pattern)) {
        throw bad(field + "[" + i + "]", "must be a string matching " + pattern);
      }
      out.add(e.textValue());
    }
    return out;
  }
}
