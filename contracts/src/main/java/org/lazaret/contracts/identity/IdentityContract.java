package org.lazaret.contracts.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.Revert;
import org.lazaret.contracts.Roles;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;

/**
 * Organisations, their member keys and the roles those keys hold. Organisations come from genesis
 * or a governance vote; an organisation's admins enrol members, set their roles and revoke keys;
 * a member rotates its own key. Every other contract checks permissions against this state.
 *
 * <p>State: {@code identity/org/<id>}, {@code identity/orgs} (sorted ids of active organisations),
 * {@code identity/member/<key hex>}.
 */
public final class IdentityContract implements Contract {
  public static final String NAME = "identity";
  public static final String ORG_ID = "[a-z0-9][a-z0-9-]{0,63}";
  public static final String ROLE = "[a-z][a-z0-9.-]{0,63}";
  static final String ORGS = "identity/orgs";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> methods() {
    return Set.of("enrol", "setRoles", "revoke", "rotate", "admitOrganisation", "removeOrganisation");
  }

  @Override
  public void genesis(JsonNode genesis, Context ctx) {
    for (JsonNode org : genesis.path("organisations")) {
      admit(new Args(org), ctx);
    }
  }

  @Override
  public void call(String method, JsonNode args, Context ctx) {
    Args a = new Args(args);
    switch (method) {
      case "enrol" -> enrol(a.only("key", "roles"), ctx);
      case "setRoles" -> setRoles(a.only("key", "roles"), ctx);
      case "revoke" -> revoke(a.only("key"), ctx);
      case "rotate" -> rotate(a.only("newKey"), ctx);
      case "admitOrganisation" -> {
        requireGovernance(ctx);
        admit(a.only("id", "name", "members"), ctx);
      }
      case "removeOrganisation" -> {
        requireGovernance(ctx);
        remove(a.only("id"), ctx);
      }
      default -> throw new IllegalStateException("method list and dispatch disagree: " + method);
    }
  }

  private static void requireGovernance(Context ctx) {
    if (!ctx.invokedBy().equals(Optional.of("governance"))) {
      throw new Revert("UNAUTHORIZED", "organisations are admitted and removed only by a governance vote");
    }
  }

  /**
   * Checks an organisation's description without reading state (id, name, at least one member,
   * each with a valid key, no key twice, valid roles), so that governance can refuse a malformed
   * admission when it is proposed rather than when the deciding vote tries to enact it.
   */
  public static void checkOrganisation(Args org) {
    org.text("id", ORG_ID);
    org.text("name");
    List<Args> members = org.objects("members");
    if (members.isEmpty()) {
      throw org.invalid("members", "an organisation needs at least one member (its admin)");
    }
    TreeSet<PublicKey> keys = new TreeSet<>();
    for (Args m : members) {
      m.only("key", "roles");
      PublicKey k = m.key("key");
      m.textList("roles", ROLE);
      if (!keys.add(k)) {
        throw m.invalid("key", k.hex() + " appears twice");
      }
    }
  }

  private static void admit(Args a, Context ctx) {
    checkOrganisation(a);
    String id = a.text("id", ORG_ID);
    String name = a.text("name");
    Optional<JsonNode> existing = ctx.read(Roles.orgKey(id));
    if (existing.isPresent()) {
      throw new Revert("ORGANISATION_EXISTS", "id: organisation '" + id + "' already exists (" + existing.get().path("status").asText() + ")");
    }
    ObjectNode org = CanonicalJson.object().put("id", id).put("name", name).put("status", "active");
    ctx.write(Roles.orgKey(id), org);
    TreeSet<String> ids = orgIds(ctx);
    ids.add(id);
    writeOrgIds(ctx, ids);
    for (Args m : a.objects("members")) {
      addMember(ctx, m.key("key"), id, m.textList("roles", ROLE));
    }
    ctx.emit("OrganisationAdmitted", CanonicalJson.object().put("id", id).put("name", name));
  }

  private static void remove(Args a, Context ctx) {
    String id = a.text("id", ORG_ID);
    JsonNode org = ctx.read(Roles.orgKey(id)).orElseThrow(() -> new Revert("UNKNOWN_ORGANISATION", "id: no organisation '" + id + "'"));
    if (!"active".equals(org.path("status").asText())) {
      throw new Revert("UNKNOWN_ORGANISATION", "id: organisation '" + id + "' is not active");
    }
    ctx.write(Roles.orgKey(id), ((ObjectNode) org.deepCopy()).put("status", "removed"));
    TreeSet<String> ids = orgIds(ctx);
    ids.remove(id);
    writeOrgIds(ctx, ids);
    ctx.emit("OrganisationRemoved", CanonicalJson.object().put("id", id));
  }

  /** Active organisations, sorted: governance counts votes against this list. */
  public static TreeSet<String> orgIds(Context ctx) {
    TreeSet<String> ids = new TreeSet<>();
    ctx.read(ORGS).ifPresent(n -> n.forEach(e -> ids.add(e.asText())));
    return ids;
  }

  private static void writeOrgIds(Context ctx, TreeSet<String> ids) {
    ArrayNode arr = CanonicalJson.object().arrayNode();
    ids.forEach(arr::add);
    ctx.write(ORGS, arr);
  }

  private static void addMember(Context ctx, PublicKey key, String org, List<String> roles) {
    if (ctx.read(Roles.memberKey(key)).isPresent()) {
      throw new Revert("KEY_IN_USE", "key: " + key.hex() + " is or was already a member key");
    }
    ObjectNode m = CanonicalJson.object().put("key", key.hex()).put("org", org).put("status", "active");
    ArrayNode r = m.putArray("roles");
    new TreeSet<>(roles).forEach(r::add);
    ctx.write(Roles.memberKey(key), m);
    ctx.emit("MemberEnrolled", CanonicalJson.object().put("key", key.hex()).put("org", org).set("roles", r.deepCopy()));
  }

  private static String requireAdminOf(Context ctx, PublicKey target) {
    String org = ctx.roles().require(Roles.ADMIN);
    JsonNode m = ctx.roles().member(target).orElseThrow(() -> new Revert("UNKNOWN_MEMBER", "key: " + target.hex() + " is not a member"));
    if (!org.equals(m.path("org").asText())) {
      throw new Revert("UNAUTHORIZED", "key: member of '" + m.path("org").asText() + "', not of the sender's organisation '" + org + "'");
    }
    return org;
  }

  private static void enrol(Args a, Context ctx) {
    String org = ctx.roles().require(Roles.ADMIN);
    addMember(ctx, a.key("key"), org, a.textList("roles", ROLE));
  }

  private static void setRoles(Args a, Context ctx) {
    PublicKey key = a.key("key");
    requireAdminOf(ctx, key);
    ObjectNode m = (ObjectNode) ctx.roles().member(key).orElseThrow().deepCopy();
    if (!"active".equals(m.path("status").asText())) {
      throw new Revert("KEY_REVOKED", "key: " + key.hex() + " is " + m.path("status").asText());
    }
    ArrayNode r = m.putArray("roles");
    new TreeSet<>(a.textList("roles", ROLE)).forEach(r::add);
    ctx.write(Roles.memberKey(key), m);
    ctx.emit("RolesChanged", CanonicalJson.object().put("key", key.hex()).set("roles", r.deepCopy()));
  }

  private static void revoke(Args a, Context ctx) {
    PublicKey key = a.key("key");
    if (!key.equals(ctx.sender())) {
      requireAdminOf(ctx, key);
    }
    ObjectNode m =
        (ObjectNode) ctx.roles().member(key).orElseThrow(() -> new Revert("UNKNOWN_MEMBER", "key: " + key.hex() + " is not a member")).deepCopy();
    if ("revoked".equals(m.path("status").asText())) {
      throw new Revert("KEY_REVOKED", "key: already revoked");
    }
    m.put("status", "revoked").put("revokedAt", ctx.timeMillis());
    ctx.write(Roles.memberKey(key), m);
    ctx.emit("KeyRevoked", CanonicalJson.object().put("key", key.hex()));
  }

  private static void rotate(Args a, Context ctx) {
    PublicKey newKey = a.key("newKey");
    Optional<String> org = ctx.roles().activeOrg(ctx.sender());
    if (org.isEmpty()) {
      throw new Revert("UNAUTHORIZED", "sender is not an active member");
    }
    ObjectNode old = (ObjectNode) ctx.roles().member(ctx.sender()).orElseThrow().deepCopy();
    java.util.List<String> roles = new java.util.ArrayList<>();
    old.path("roles").forEach(r -> roles.add(r.asText()));
    addMember(ctx, newKey, org.get(), roles);
    old.put("status", "rotated").put("rotatedTo", newKey.hex());
    ctx.write(Roles.memberKey(ctx.sender()), old);
    ctx.emit("KeyRotated", CanonicalJson.object().put("from", ctx.sender().hex()).put("to", newKey.hex()));
  }
}
