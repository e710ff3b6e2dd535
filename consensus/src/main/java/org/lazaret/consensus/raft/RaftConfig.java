package org.lazaret.consensus.raft;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one node needs to join its Raft group.
 *
 * <ul>
 *   <li>{@code nodeId}: this node, one of {@code members}.
 *   <li>{@code groupName}: names the Raft group (use the chain id); every node must agree on it.
 *   <li>{@code members}: the membership to start from. Used only when the Raft storage is empty;
 *       afterwards the membership is what the Raft log says (changed by {@code addPeer} and {@code
 *       removePeer}). A node joining a running group lists the current members plus itself.
 *   <li>{@code storageDir}: Raft log, metadata and snapshot markers (not the blocks).
 *   <li>{@code electionTimeoutMin/Max}: a follower that hears nothing from a leader for a random
 *       time in this range starts an election; the leader's heartbeat is half the minimum. The
 *       defaults (1–2 s) tolerate a loaded machine and give a new leader within about 3 s.
 *   <li>{@code proposeTimeout}: how long {@code propose} waits for its batch to be ordered and
 *       applied here; at least the maximum election timeout, so one election fits in it.
 *   <li>{@code snapshotIntervalEntries}: log entries between snapshot markers, which let Ratis
 *       compact its log (a peer further behind than that catches up through the {@link
 *       SnapshotFetcher}).
 *   <li>{@code logSegmentBytesMax}: size of a Raft log segment file; compaction deletes whole
 *       segments, so it bounds how much log outlives a snapshot.
 *   <li>{@code listenPort}: the port this node's Raft server binds; 0 means the port of its own
 *       address in {@code members}. Differs when peers reach it through a forwarder (a NAT, a
 *       container port mapping, a proxy), since the members' addresses are what peers dial.
 * </ul>
 */
public record RaftConfig(
    String nodeId,
    String groupName,
    List<RaftMember> members,
    Path storageDir,
    RaftTransport transport,
    Duration electionTimeoutMin,
    Duration electionTimeoutMax,
    Duration proposeTimeout,
    long snapshotIntervalEntries,
    long logSegmentBytesMax,
    int listenPort) {

  public static final Duration ELECTION_TIMEOUT_MIN_DEFAULT = Duration.ofSeconds(1);
  public static final Duration ELECTION_TIMEOUT_MAX_DEFAULT = Duration.ofSeconds(2);
  public static final Duration PROPOSE_TIMEOUT_DEFAULT = Duration.ofSeconds(15);
  public static final long SNAPSHOT_INTERVAL_ENTRIES_DEFAULT = 10_000;
  public static final long LOG_SEGMENT_BYTES_MAX_DEFAULT = 32L * 1024 * 1024;

  private static final Duration ELECTION_TIMEOUT_FLOOR = Duration.ofMillis(100);
  private static final long LOG_SEGMENT_BYTES_FLOOR = 1024;

  public RaftConfig {
    RaftMember.requireValidId(nodeId);
    if (groupName == null || groupName.isBlank()) {
      throw new IllegalArgumentException("groupName: must not be blank");
    }
    List<RaftMember> sorted = new ArrayList<>(members);
    sorted.sort(null);
    members = List.copyOf(sorted);
    Set<String> ids = new HashSet<>();
    for (RaftMember m : members) {
      if (!ids.add(m.id())) {
        throw new IllegalArgumentException("members: node id " + m.id() + " appears twice");
      }
    }
    if (!ids.contains(nodeId)) {
      throw new IllegalArgumentException("members: must include this node " + nodeId + " (its address is taken from there)");
    }
    if (storageDir == null) {
      throw new IllegalArgumentException("storageDir: required");
    }
    if (transport == null) {
      throw new IllegalArgumentException("transport: required (RaftTransport.Plaintext or RaftTransport.MutualTls)");
    }
    if (electionTimeoutMin == null || electionTimeoutMin.compareTo(ELECTION_TIMEOUT_FLOOR) < 0) {
      throw new IllegalArgumentException("electionTimeoutMin: must be at least " + ELECTION_TIMEOUT_FLOOR.toMillis() + " ms");
    }
    if (electionTimeoutMax == null || electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
      throw new IllegalArgumentException("electionTimeoutMax: must exceed electionTimeoutMin");
    }
    if (proposeTimeout == null || proposeTimeout.compareTo(electionTimeoutMax) < 0) {
      throw new IllegalArgumentException("proposeTimeout: must be at least electionTimeoutMax");
    }
    if (snapshotIntervalEntries < 1) {
      throw new IllegalArgumentException("snapshotIntervalEntries: must be at least 1");
    }
    if (logSegmentBytesMax < LOG_SEGMENT_BYTES_FLOOR) {
      throw new IllegalArgumentException("logSegmentBytesMax: must be at least " + LOG_SEGMENT_BYTES_FLOOR);
    }
    if (listenPort < 0 || listenPort > 65_535) {
      throw new IllegalArgumentException("listenPort: must be 0 (the member address's port) or 1..65535, got " + listenPort);
    }
  }

  /** A configuration with the default timeouts and compaction settings. */
  public static RaftConfig of(String nodeId, String groupName, List<RaftMember> members, Path storageDir, RaftTransport transport) {
    return new RaftConfig(nodeId, groupName, members, storageDir, transport,
        ELECTION_TIMEOUT_MIN_DEFAULT, ELECTION_TIMEOUT_MAX_DEFAULT, PROPOSE_TIMEOUT_DEFAULT,
        SNAPSHOT_INTERVAL_ENTRIES_DEFAULT, LOG_SEGMENT_BYTES_MAX_DEFAULT, 0);
  }

  /** Election timeouts of a node that joins a running group; see {@link #joining}. */
  public static final Duration JOINING_ELECTION_TIMEOUT_MIN = Duration.ofSeconds(30);

  public static final Duration JOINING_ELECTION_TIMEOUT_MAX = Duration.ofSeconds(45);

  /**
   * This configuration for a node that joins a running group and is not yet in its Raft
   * configuration: its election timeouts are long. While the leader brings it up to date, it
   * follows a configuration that does not list it; if the leader's appends pause for longer than
   * an election timeout (a loaded machine), it would stand for election, be answered "not in the
   * configuration", and Ratis would close its server for good, so that the join never completes.
   * The long timeouts last until the node restarts as a member; the others keep theirs, so a
   * failed leader is still replaced as quickly.
   */
  public RaftConfig joining() {
    Duration propose = proposeTimeout.compareTo(JOINING_ELECTION_TIMEOUT_MAX) < 0 ? JOINING_ELECTION_TIMEOUT_MAX : proposeTimeout;
    return new RaftConfig(nodeId, groupName, members, storageDir, transport, JOINING_ELECTION_TIMEOUT_MIN, JOINING_ELECTION_TIMEOUT_MAX, propose, snapshotIntervalEntries, logSegmentBytesMax, listenPort);
  }

  public RaftConfig withElectionTimeouts(Duration min, Duration max) {
    return new RaftConfig(nodeId, groupName, members, storageDir, transport, min, max, proposeTimeout, snapshotIntervalEntries, logSegmentBytesMax, listenPort);
  }

  public RaftConfig withProposeTimeout(Duration timeout) {
    return new RaftConfig(nodeId, groupName, members, storageDir, transport, electionTimeoutMin, electionTimeoutMax, timeout, snapshotIntervalEntries, logSegmentBytesMax, listenPort);
  }

  public RaftConfig withCompaction(long snapshotIntervalEntries, long logSegmentBytesMax) {
    return new RaftConfig(nodeId, groupName, members, storageDir, transport, electionTimeoutMin, electionTimeoutMax, proposeTimeout, snapshotIntervalEntries, logSegmentBytesMax, listenPort);
  }

  public RaftConfig withListenPort(int port) {
    return new RaftConfig(nodeId, groupName, members, storageDir, transport, electionTimeoutMin, electionTimeoutMax, proposeTimeout, snapshotIntervalEntries, logSegmentBytesMax, port);
  }

  /** The port the Raft server binds. */
  public int boundPort() {
    return listenPort == 0 ? self().port() : listenPort;
  }

  public RaftMember self() {
    for (RaftMember m : members) {
      if (m.id().equals(nodeId)) {
        return m;
      }
    }
    throw new IllegalStateException("unreachable: members checked to include " + nodeId);
  }
}
