package org.lazaret.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.core.codec.Bytes;
import org.lazaret.storage.HistoryEntry;
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
    return parse(store.stateValue(MembershipContract.NODES_KEY).orElse(null));
  }

  /** The active members as of durable block {@code height} (empty when the ledger records none then). */
  public static Set<String> votersAt(LedgerStore store, long height) {
    List<HistoryEntry> at = store.history(MembershipContract.NODES_KEY, height + 1, 1);
    return at.isEmpty() ? Set.of() : voters(at.get(0).value());
  }

  /** The active members in a written record (none when it was deleted). */
  public static Set<String> voters(Optional<Bytes> record) {
    Set<String> out = new TreeSet<>();
    parse(record.map(Bytes::toArray).orElse(null)).values().stream().filter(Entry::active).forEach(e -> out.add(e.id()));
    return out;
  }

  private static Map<String, Entry> parse(byte[] value) {
    Map<String, Entry> out = new TreeMap<>();
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
