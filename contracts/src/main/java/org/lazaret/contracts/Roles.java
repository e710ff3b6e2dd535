package org.lazaret.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.lazaret.core.crypto.PublicKey;

/**
 * Reads membership and roles from the identity contract's state, so that every contract checks
 * permissions the same way: a key holds a role only while it and its organisation are active.
 */
public final class Roles {
  public static final String ADMIN = "admin";
  private final Context ctx;

  Roles(Context ctx) {
    this.ctx = ctx;
  }

  public static String memberKey(PublicKey key) {
    return "identity/member/" + key.hex();
  }

  public static String orgKey(String orgId) {
    return "identity/org/" + orgId;
  }

  public Optional<JsonNode> member(PublicKey key) {
    return ctx.read(memberKey(key));
  }

  /** The organisation of an active member whose organisation is active. */
  public Optional<String> activeOrg(PublicKey key) {
    Optional<JsonNode> m = member(key);
    if (m.isEmpty() || !"active".equals(m.get().path("status").asText())) {
      return Optional.empty();
    }
    String org = m.get().path("org").asText();
    Optional<JsonNode> o = ctx.read(orgKey(org));
    if (o.isEmpty() || !"active".equals(o.get().path("status").asText())) {
      return Optional.empty();
    }
    return Optional.of(org);
  }

  public boolean has(PublicKey key, String role) {
    if (activeOrg(key).isEmpty()) {
      return false;
    }
    for (JsonNode r : member(key).get().path("roles")) {
      if (role.equals(r.asText())) {
        return true;
      }
    }
    return false;
  }

  /** Reverts with {@code UNAUTHORIZED} unless the sender holds {@code role}. */
  public String require(String role) {
    if (!has(ctx.sender(), role)) {
      throw new Revert("UNAUTHORIZED", "sender " + ctx.sender().hex() + " does not hold the role '" + role + "'");
    }
    return activeOrg(ctx.sender()).orElseThrow();
  }
}
