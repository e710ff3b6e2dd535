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
  private final String path;

  public Args(JsonNode node) {
    this(node, "");
  }

  /**
   * Arguments found at {@code path} inside a larger value (for example {@code "action."}), so that
   * errors name the full field, such as {@code action.organisation.members[0].key}.
   */
  public Args(JsonNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Refuses fields other than {@code allowed}: a typo must not be silently ignored. */
  public Args only(String... allowed) {
    Set<String> ok = Set.of(allowed);
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!ok.contains(f)) {
        throw bad(path + f, "unknown argument; expected one of " + String.join(", ", allowed));
      }
    }
    return this;
  }

  public static Revert bad(String field, String reason) {
    return new Revert("BAD_ARGUMENT", field + ": " + reason);
  }

  /** A {@code BAD_ARGUMENT} revert for {@code field} of these arguments, named with its full path. */
  public Revert invalid(String field, String reason) {
    return bad(path + field, reason);
  }

  public JsonNode node(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw bad(path + field, "required");
    }
    return v;
  }

  public boolean has(String field) {
    return node.hasNonNull(field);
  }

  public String text(String field) {
    JsonNode v = node(field);
    if (!v.isTextual()) {
      throw bad(path + field, "must be a string");
    }
    return v.textValue();
  }

  public String text(String field, String pattern) {
    String s = text(field);
    if (!s.matches(pattern)) {
      throw bad(path + field, "must match " + pattern);
    }
    return s;
  }

  public long positiveLong(String field) {
    JsonNode v = node(field);
    if (!v.isIntegralNumber()) {
      throw bad(path + field, "must be an integer");
    }
    if (v.bigIntegerValue().signum() <= 0) {
      throw bad(path + field, "must be positive");
    }
    if (!v.canConvertToLong()) {
      throw bad(path + field, "must be at most " + Long.MAX_VALUE);
    }
    return v.longValue();
  }

  public boolean bool(String field) {
    JsonNode v = node(field);
    if (!v.isBoolean()) {
      throw bad(path + field, "must be true or false");
    }
    return v.booleanValue();
  }

  public PublicKey key(String field) {
    String s = text(field);
    try {
      return PublicKey.fromHex(field, s);
    } catch (IllegalArgumentException e) {
      throw bad(path + field, "must be a 32-byte Ed25519 public key in hex");
    }
  }

  public List<String> textList(String field, String pattern) {
    JsonNode v = node(field);
    if (!v.isArray()) {
      throw bad(path + field, "must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual() || !e.textValue().matches(pattern)) {
        throw bad(path + field + "[" + i + "]", "must be a string matching " + pattern);
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** The object in {@code field}, whose own errors name {@code field.}-prefixed paths. */
  public Args object(String field) {
    JsonNode v = node(field);
    if (!v.isObject()) {
      throw bad(path + field, "must be an object");
    }
    return new Args(v, path + field + ".");
  }

  /** The objects of the array in {@code field}, each naming its errors {@code field[i].}. */
  public List<Args> objects(String field) {
    JsonNode v = node(field);
    if (!v.isArray()) {
      throw bad(path + field, "must be an array of objects");
    }
    List<Args> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String at = path + field + "[" + i + "]";
      if (!v.get(i).isObject()) {
        throw bad(at, "must be an object");
      }
      out.add(new Args(v.get(i), at + "."));
    }
    return out;
  }
}
