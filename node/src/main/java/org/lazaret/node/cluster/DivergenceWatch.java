package org.lazaret.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import org.lazaret.consensus.Checkpoint;
import org.lazaret.core.Invariants;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;

/**
 * Decides, from the checkpoints in the Raft log, whether this node computed the chain a majority
 * of the members computed. Every member executes every block itself, so a bug, a corrupted disk or
 * a non-deterministic contract shows as a different block hash (which commits to the state root)
 * at some height. Members put checkpoints (height, block hash, state root) in the log after every
 * few blocks; each node reads them in log order and counts, per height, which hash how many members
 * hold, its own included. Once one hash has a majority, a node holding another has diverged: its
 * chain is not the cluster's, and it must stop answering from it. Members whose checkpoint differs
 * from the majority are noted as diverged peers.
 *
 * <p>Who votes at a height is who the ledger records as active members after that block (the
 * membership contract's record, which every node holds identically at that height), so every node
 * counts the same voters and the same quorum for a height even while Raft's configuration is
 * changing, which a follower may learn a heartbeat after the leader. Only a chain whose ledger
 * records no nodes (a genesis that did not list them) falls back to Raft's current configuration.
 *
 * <p>Why a majority and not the leader's word: a diverged leader would otherwise stop every
 * healthy follower. With a majority, a diverged minority stops and the rest go on, and since every
 * node reads the same checkpoints in the same order the verdicts agree. When every member has
 * spoken and no hash has a majority, no node can vouch for its chain, so each stops.
 *
 * <p>Thread-safety: {@link #executed} and {@link #checkpoint} are called on the apply thread; the
 * getters from any thread.
 */
public final class DivergenceWatch {
  /** How many recent own headers are kept in memory; older ones are read from the store. */
  private static final int RECENT_HEADERS_MAX = 1024;
  /** Undecided heights kept; checkpoints older than this many heights below the newest are dropped. */
  private static final int OPEN_HEIGHTS_MAX = 256;

  /** This node's chain differs from the majority's at {@code height}. */
  public record Finding(long height, Hash32 expectedBlockHash, Hash32 expectedStateRoot, Hash32 actualBlockHash, Hash32 actualStateRoot, List<String> majority) {
    public Finding {
      majority = List.copyOf(majority);
      Invariants.check(!expectedBlockHash.equals(actualBlockHash), "a divergence at %d with equal block hashes", height);
    }

    /** The finding as JSON, for the divergence record, the API's problem and the status. */
    public ObjectNode json() {
      ObjectNode o = CanonicalJson.object();
      o.put("height", height);
      o.put("expectedStateRoot", expectedStateRoot.hex()).put("actualStateRoot", actualStateRoot.hex());
      o.put("expectedBlockHash", expectedBlockHash.hex()).put("actualBlockHash", actualBlockHash.hex());
      majority.forEach(o.putArray("majority")::add);
      return o;
    }

    /** Reads {@link #json()} back; throws naming the field when it is not such a document. */
    public static Finding fromJson(JsonNode o) {
      List<String> majority = new ArrayList<>();
      o.path("majority").forEach(m -> majority.add(m.asText()));
      if (!o.path("height").canConvertToLong()) {
        throw new IllegalArgumentException("height: required");
      }
      return new Finding(o.path("height").asLong(),
          Hash32.fromHex("expectedBlockHash", o.path("expectedBlockHash").asText()), Hash32.fromHex("expectedStateRoot", o.path("expectedStateRoot").asText()),
          Hash32.fromHex("actualBlockHash", o.path("actualBlockHash").asText()), Hash32.fromHex("actualStateRoot", o.path("actualStateRoot").asText()),
          majority);
    }

    public String describe() {
      return "diverged at height " + height + ": state root " + actualStateRoot.hex() + " (block " + actualBlockHash.hex() + ") where "
          + (majority.isEmpty() ? "no majority agrees on any root" : String.join(", ", majority) + " computed state root " + expectedStateRoot.hex() + " (block " + expectedBlockHash.hex() + ")");
    }
  }

  private final String selfId;
  private final IntSupplier raftMemberCount;
  private final LongFunction<Optional<BlockHeader>> storedHeader;
  private final LongFunction<Set<String>> storedVoters;
  /** Voter sets from blocks executed since start that changed the record, by height. */
  private final TreeMap<Long, Set<String>> voterChanges = new TreeMap<>();
  private long firstExecuted = -1;
  private Set<String> votersBeforeFirstExecuted;
  private final LinkedHashMap<Long, BlockHeader> recent = new LinkedHashMap<>();
  private final TreeMap<Long, Map<String, Checkpoint>> open = new TreeMap<>();
  private final TreeMap<Long, Hash32> decided = new TreeMap<>();
  private final Map<String, Long> divergedPeers = new HashMap<>();
  private volatile Optional<Finding> finding = Optional.empty();
  private volatile long agreedHeight;

  /**
   * @param raftMemberCount the number of members in Raft's current configuration, for a chain whose ledger records no nodes
   * @param storedHeader this node's durable header at a height, for checkpoints older than the ones kept in memory
   * @param storedVoters the active members the ledger records as of a durable height (empty when it records none)
   */
  public DivergenceWatch(String selfId, IntSupplier raftMemberCount, LongFunction<Optional<BlockHeader>> storedHeader, LongFunction<Set<String>> storedVoters) {
    this.selfId = selfId;
    this.raftMemberCount = raftMemberCount;
    this.storedHeader = storedHeader;
    this.storedVoters = storedVoters;
  }

  /**
   * Records a block this node executed (before it is durable: checkpoints may name it already)
   * and, when the block changed the ledger's membership record, the active members after it.
   */
  public synchronized void executed(Block block, Optional<Set<String>> votersChanged) {
    if (firstExecuted < 0) {
      firstExecuted = block.height();
    }
    votersChanged.ifPresent(v -> voterChanges.put(block.height(), Set.copyOf(v)));
    while (voterChanges.size() > OPEN_HEIGHTS_MAX) {
      // Folded into the set in force before the kept changes, so heights above still resolve.
      Map.Entry<Long, Set<String>> oldest = voterChanges.pollFirstEntry();
      votersBeforeFirstExecuted = oldest.getValue();
      firstExecuted = oldest.getKey();
    }
    recent.put(block.height(), block.header());
    if (recent.size() > RECENT_HEADERS_MAX) {
      recent.remove(recent.keySet().iterator().next());
    }
  }

  /**
   * Counts a checkpoint; returns the finding when it shows that this node diverged. The block it
   * names was ordered before it, so this node has executed that height already.
   */
  public synchronized Optional<Finding> checkpoint(Checkpoint c) {
    if (finding.isPresent()) {
      return finding;
    }
    Optional<BlockHeader> own = ownHeader(c.height());
    if (own.isEmpty()) {
      // Imported below a snapshot point, or older than what this node keeps: nothing to compare.
      return Optional.empty();
    }
    Hash32 ownHash = own.get().hash();
    Hash32 agreed = decided.get(c.height());
    if (agreed != null) {
      notePeer(c, agreed);
      return Optional.empty();
    }
    if (!open.isEmpty() && c.height() < open.lastKey() - OPEN_HEIGHTS_MAX) {
      return Optional.empty();
    }
    Map<String, Checkpoint> votes = open.computeIfAbsent(c.height(), h -> new LinkedHashMap<>());
    votes.putIfAbsent(c.nodeId(), c);
    votes.putIfAbsent(selfId, new Checkpoint(selfId, c.height(), ownHash, own.get().stateRoot()));
    while (open.size() > OPEN_HEIGHTS_MAX) {
      open.pollFirstEntry();
    }
    return decide(c.height(), votes, own.get());
  }

  /** The active members the ledger records after block {@code height}, as this node holds it. */
  private Set<String> votersAt(long height) {
    if (firstExecuted >= 0 && height >= firstExecuted) {
      Map.Entry<Long, Set<String>> change = voterChanges.floorEntry(height);
      if (change != null) {
        return change.getValue();
      }
      if (votersBeforeFirstExecuted == null) {
        votersBeforeFirstExecuted = Set.copyOf(storedVoters.apply(firstExecuted - 1));
      }
      return votersBeforeFirstExecuted;
    }
    return storedVoters.apply(height);
  }

  private Optional<Finding> decide(long height, Map<String, Checkpoint> votes, BlockHeader own) {
    Set<String> voters = votersAt(height);
    int members = voters.isEmpty() ? Math.max(1, raftMemberCount.getAsInt()) : voters.size();
    int quorum = members / 2 + 1;
    Map<Hash32, List<String>> byHash = new LinkedHashMap<>();
    int counted = 0;
    for (Checkpoint v : votes.values()) {
      // A checkpoint from a node that is not a member at this height (not yet admitted, or
      // removed) is heard but not counted; so is this node's own view when it is not a member.
      if (voters.isEmpty() || voters.contains(v.nodeId())) {
        byHash.computeIfAbsent(v.blockHash(), h -> new ArrayList<>()).add(v.nodeId());
        counted++;
      }
    }
    Optional<Hash32> majority = byHash.entrySet().stream().filter(e -> e.getValue().size() >= quorum).map(Map.Entry::getKey).findFirst();
    if (majority.isEmpty()) {
      if (counted < members) {
        return Optional.empty();
      }
      // Every member has spoken and no root has a majority: no node can vouch for its chain.
      Checkpoint other = votes.values().stream().filter(v -> !v.blockHash().equals(own.hash())).findFirst().orElseThrow();
      return found(new Finding(height, other.blockHash(), other.stateRoot(), own.hash(), own.stateRoot(), List.of()));
    }
    Hash32 agreed = majority.get();
    open.remove(height);
    decided.put(height, agreed);
    while (decided.size() > OPEN_HEIGHTS_MAX) {
      decided.pollFirstEntry();
    }
    for (Checkpoint v : votes.values()) {
      notePeer(v, agreed);
    }
    if (agreed.equals(own.hash())) {
      agreedHeight = Math.max(agreedHeight, height);
      return Optional.empty();
    }
    Checkpoint expected = votes.values().stream().filter(v -> v.blockHash().equals(agreed)).findFirst().orElseThrow();
    List<String> holders = byHash.get(agreed).stream().sorted().toList();
    return found(new Finding(height, agreed, expected.stateRoot(), own.hash(), own.stateRoot(), holders));
  }

  /**
   * A block imported from {@code source} executed here to a different block: this node and the
   * source disagree, and this node stops (it cannot tell which is right, and it must not serve a
   * chain nobody else holds).
   */
  public synchronized Finding importedDifferently(long height, BlockHeader theirs, BlockHeader mine, String source) {
    Invariants.check(theirs.height() == height && mine.height() == height, "imported block heights differ from %d", height);
    return found(new Finding(height, theirs.hash(), theirs.stateRoot(), mine.hash(), mine.stateRoot(), List.of(source))).orElseThrow();
  }

  private Optional<Finding> found(Finding f) {
    finding = Optional.of(f);
    return finding;
  }

  private void notePeer(Checkpoint c, Hash32 agreed) {
    if (!c.nodeId().equals(selfId) && !c.blockHash().equals(agreed)) {
      divergedPeers.merge(c.nodeId(), c.height(), Math::min);
    }
  }

  private Optional<BlockHeader> ownHeader(long height) {
    BlockHeader h = recent.get(height);
    return h != null ? Optional.of(h) : storedHeader.apply(height);
  }

  /** Set once this node is found to have diverged; never cleared while the node runs. */
  public Optional<Finding> finding() {
    return finding;
  }

  /** The highest height at which a majority, this node included, agreed. */
  public long agreedHeight() {
    return agreedHeight;
  }

  /** Members whose checkpoint differed from the majority's, with the lowest such height. */
  public synchronized Map<String, Long> divergedPeers() {
    return Map.copyOf(divergedPeers);
  }
}
