package org.lazaret.consensus.raft;

import java.util.List;
import java.util.Optional;

/**
 * What one node knows of the Raft group at one moment, for the status API and for operators:
 * who leads, in which term, how far the log is committed and applied here, and who the members
 * are (as this node last learnt them; a follower may lag a configuration change by one heartbeat).
 */
public record ClusterStatus(
    String nodeId,
    Role role,
    Optional<String> leaderId,
    long term,
    long commitIndex,
    long appliedIndex,
    Optional<SnapshotPoint> latestSnapshot,
    List<RaftMember> members) {

  /** This node's part in the group. {@code STOPPED}: not started, closed, or halted by a failure. */
  public enum Role {
    LEADER,
    FOLLOWER,
    CANDIDATE,
    LISTENER,
    STOPPED
  }

  public ClusterStatus {
    members = List.copyOf(members);
  }
}
