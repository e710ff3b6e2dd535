package org.lazaret.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.lazaret.contracts.membership.MembershipContract;
import org.lazaret.storage.LedgerStore;
import org.lazaret.storage.StoreFailure;

/**
 * The cluster membership as the ledger records it (the membership contract's state): which nodes
 * governance admitted or removed, with the API address and certificate fingerprint of each. Read
 * from the latest committed state, so every node sees the same record once it holds the block.
 */
public final class LedgerMembership {
  private LedgerMembership() {}

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One node's entry; {@code active} false once governance removed it. */
  public record Entry(String id, String raft, String api, String certificate, boolean active) {}

  /** Every node the ledger knows, by id. */
  public static Map<String, Entry> read(LedgerStore store) {
    Map<String, Entry> out = new TreeMap<>();
    byte[] value = store.stateValue(MembershipContract.NODES_KEY).orElse(null);
    if (value == null) {
      return out;
    }
    try {
      JsonNode nodes = JSON.readTree(value);
      nodes.fields().forEachRemaining(e -> {
        JsonNode n = e.getValue();
        out.put(e.getKey(), new Entry(e.getKey(), n.path("raft").asText(), n.path("api").asText(), n.path("certificate").asText(), "active".equals(n.path("status").asText())));
      });
      return out;
    } catch (IOException e) {
      throw new StoreFailure("the membership record in the state is not JSON: " + e.getMessage(), e);
    }
  }
}
