package org.lazaret.contracts.membership;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;
import org.lazaret.contracts.Args;
import org.lazaret.contracts.Context;
import org.lazaret.contracts.Contract;
import org.lazaret.contracts.Revert;
import org.lazaret.core.json.CanonicalJson;

/**
 * Which nodes the consortium has admitted to order its blocks: the ledger's record of the cluster
 * membership, changed only by a passed governance proposal (actions {@code addNode} and
 * {@code removeNode}). The ledger decides; the Raft leader carries the decision out with Raft's
 * own membership change, and every node reads the record (API address, certificate fingerprint)
 * from its state. A removed node keeps its entry with status {@code removed}, so that the leader
 * knows to take it out of Raft, and its id is never reused.
 *
 * <p>State: {@code membership/nodes}, one canonical-JSON object keyed by node id, each
 * {@code {id, raft, api, certificate, status}} ({@code certificate}: SHA-256 of the node's TLS
 * certificate, hex; empty when the founding genesis did not name it). Memberships are small, so one
 * key holds them all and a node reads them in one lookup. Events: {@code NodeAdded}, {@code NodeRemoved}.
 */
public final class MembershipContract implements Contract {
  public static final String NAME = "membership";
  public static final String NODES_KEY = "membership/nodes";
  /** The same rule as the consensus module's node ids (checked against it by a test in the node module). */
  public static final String NODE_ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";
  static final String RAFT_ADDRESS = "[A-Za-z0-9][A-Za-z0-9_.-]{0,252}:[0-9]{1,5}|\\[[0-9A-Fa-f:.]+\\]:[0-9]{1,5}";
  static final String API_URL = "https?://[A-Za-z0-9\\[\\]:._-]{1,255}(:[0-9]{1,5})?";
  static final String FINGERPRINT = "[0-9a-f]{64}";
  /** Only governance may change the membership; named here rather than imported, so the dependency stays one-way. */
  private static final String GOVERNANCE = "governance";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> methods() {
    return Set.of("addNode", "removeNode");
  }

  /**
   * Checks a node record: id, Raft address ({@code host:port}), API URL and certificate
   * fingerprint. Governance calls it when the proposal is made, so a malformed one never reaches a vote.
   */
  public static void checkNode(Args node, boolean certificateRequired) {
    node.only("id", "raft", "api", "certificate");
    node.text("id", NODE_ID);
    String raft = node.text("raft", RAFT_ADDRESS);
    port(node, "raft", raft.substring(raft.lastIndexOf(':') + 1));
    node.text("api", API_URL);
    if (certificateRequired || node.has("certificate")) {
      node.text("certificate", FINGERPRINT);
    }
  }

  private static void port(Args holder, String field, String digits) {
    int p = Integer.parseInt(digits);
    if (p < 1 || p > 65_535) {
      throw holder.invalid(field, "port " + p + " is not in 1..65535");
    }
  }

  @Override
  public void check(String method, JsonNode args) {
    Args a = new Args(args);
    switch (method) {
      case "addNode" -> checkNode(a, true);
      case "removeNode" -> a.only("id").text("id", NODE_ID);
      default -> throw new Revert("UNKNOWN_METHOD", "contract '" + NAME + "' has no method '" + method + "'");
    }
  }

  /** Founding nodes, from the genesis document's optional {@code nodes} list. */
  @Override
  public void genesis(JsonNode genesis, Context ctx) {
    JsonNode list = genesis.path("nodes");
    if (list.isMissingNode()) {
      return;
    }
    if (!list.isArray()) {
      throw Args.bad("nodes", "must be a list of nodes");
    }
    ObjectNode nodes = CanonicalJson.object();
    for (int i = 0; i < list.size(); i++) {
      Args n = new Args(list.get(i), "nodes[" + i + "].");
      checkNode(n, false);
      String id = n.text("id");
      if (nodes.has(id)) {
        throw n.invalid("id", id + " appears twice");
      }
      nodes.set(id, record(n, "active"));
    }
    ctx.write(NODES_KEY, nodes);
  }

  @Override
  public void call(String method, JsonNode args, Context ctx) {
    if (!ctx.invokedBy().equals(Optional.of(GOVERNANCE))) {
      throw new Revert("FORBIDDEN", "the membership changes only by a passed governance proposal (actions addNode, removeNode)");
    }
    check(method, args);
    Args a = new Args(args);
    ObjectNode nodes = ctx.read(NODES_KEY).map(n -> (ObjectNode) n.deepCopy()).orElseGet(CanonicalJson::object);
    String id = a.text("id");
    JsonNode existing = nodes.get(id);
    switch (method) {
      case "addNode" -> {
        if (existing != null) {
          throw new Revert("NODE_EXISTS", "id: node '" + id + "' is already on the ledger (" + existing.path("status").asText() + "); ids are not reused");
        }
        ObjectNode record = record(a, "active");
        nodes.set(id, record);
        ctx.write(NODES_KEY, nodes);
        ctx.emit("NodeAdded", record.deepCopy().without("status"));
      }
      case "removeNode" -> {
        if (existing != null && !"active".equals(existing.path("status").asText())) {
          throw new Revert("UNKNOWN_NODE", "id: node '" + id + "' was already removed");
        }
        long active = 0;
        for (JsonNode n : nodes) {
          active += "active".equals(n.path("status").asText()) ? 1 : 0;
        }
        if (existing != null && active <= 1) {
          throw new Revert("LAST_NODE", "id: node '" + id + "' is the last active node");
        }
        // A founding node the genesis did not list is recorded on its removal, so the leader still acts.
        ObjectNode record = existing != null ? ((ObjectNode) existing.deepCopy()).put("status", "removed")
            : CanonicalJson.object().put("id", id).put("raft", "").put("api", "").put("certificate", "").put("status", "removed");
        nodes.set(id, record);
        ctx.write(NODES_KEY, nodes);
        ctx.emit("NodeRemoved", CanonicalJson.object().put("id", id));
      }
      default -> throw new IllegalStateException("method list and dispatch disagree: " + method);
    }
  }

  private static ObjectNode record(Args n, String status) {
    return CanonicalJson.object().put("id", n.text("id")).put("raft", n.text("raft")).put("api", n.text("api"))
        .put("certificate", n.has("certificate") ? n.text("certificate") : "").put("status", status);
  }
}
