package org.lazaret.node.genesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.lazaret.contracts.Executor;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.storage.BlockCommit;

/**
 * The genesis document (chain id, time, founding organisations with their member keys and roles,
 * initial balances, parameters) and the block 0 it yields. Block 0 has no transactions; its state
 * root pins the whole document, so nodes that start from the same file share one genesis hash.
 */
public record Genesis(JsonNode document) {
  /** Every role the built-in contracts know; the demo key holds them all. */
  public static final List<String> DEMO_ROLES =
      List.of("admin", "token.issuer", "data.publisher", "data.curator", "trace.capture", "trace.recall", "trace.coldchain", "credential.issuer", "records.clinician", "claims.insurer");

  public Genesis {
    if (!document.isObject()) {
      throw new IllegalArgumentException("genesis: must be a JSON object");
    }
    String chain = document.path("chainId").asText("");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("genesis.chainId: required");
    }
    if (!document.path("timestamp").canConvertToLong() || document.path("timestamp").asLong() <= 0) {
      throw new IllegalArgumentException("genesis.timestamp: required, milliseconds since 1970");
    }
  }

  public String chainId() {
    return document.path("chainId").asText();
  }

  public long timestampMillis() {
    return document.path("timestamp").asLong();
  }

  /** Block 0 and everything it writes, ready for the store. */
  public BlockCommit block(Executor executor) {
    SortedMap<String, Optional<Bytes>> writes = executor.genesis(document, timestampMillis());
    SparseMerkleTree.Result r = SparseMerkleTree.update(h -> Optional.empty(), Hash32.ZERO, writes);
    BlockHeader header = new BlockHeader(chainId(), 0, Hash32.ZERO, timestampMillis(), MerkleTree.EMPTY_ROOT, MerkleTree.EMPTY_ROOT, r.root(), 0);
    return new BlockCommit(new Block(header, List.of()), List.of(), writes, r);
  }

  /** The demo chain: a few sample organisations; {@code demoKey} administers the first and holds every role. */
  public static Genesis demo(String chainId, long timestampMillis, PublicKey demoKey, Map<String, PublicKey> orgAdmins) {
    ObjectNode g = CanonicalJson.object();
    g.put("chainId", chainId).put("timestamp", timestampMillis);
    ArrayNode orgs = g.putArray("organisations");
    ObjectNode agency = orgs.addObject().put("id", "health-agency").put("name", "National Health Agency");
    ObjectNode demoMember = agency.putArray("members").addObject().put("key", demoKey.hex());
    ArrayNode roles = demoMember.putArray("roles");
    DEMO_ROLES.forEach(roles::add);
    for (Map.Entry<String, PublicKey> e : new java.util.TreeMap<>(orgAdmins).entrySet()) {
      ObjectNode o = orgs.addObject().put("id", e.getKey()).put("name", displayName(e.getKey()));
      o.putArray("members").addObject().put("key", e.getValue().hex()).putArray("roles").add("admin");
    }
    g.putArray("balances").addObject().put("key", demoKey.hex()).put("amount", 1_000_000);
    g.putObject("token").put("name", "Lazaret credit").put("symbol", "LZC").put("decimals", 2);
    g.putObject("parameters").put("governance.votingPeriodMillis", 7L * 24 * 60 * 60 * 1000);
    return new Genesis(g);
  }

  private static String displayName(String id) {
    StringBuilder sb = new StringBuilder();
    for (String w : id.split("-")) {
      sb.append(sb.isEmpty() ? "" : " ").append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
    }
    return sb.toString();
  }
}
