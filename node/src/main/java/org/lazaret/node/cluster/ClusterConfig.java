package org.lazaret.node.cluster;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.lazaret.consensus.raft.RaftConfig;

/**
 * A node's place in a cluster: its Raft settings, the HTTP API address of every member it starts
 * with (members added later by governance bring their own, on the ledger), and how often it puts a
 * checkpoint of its chain in the log for the others to compare ({@code checkpointIntervalBlocks}:
 * a smaller value finds a divergence sooner and costs one small log entry per member each time).
 */
public record ClusterConfig(RaftConfig raft, Map<String, String> apiUrls, long checkpointIntervalBlocks) {
  public static final long CHECKPOINT_INTERVAL_BLOCKS_DEFAULT = 5;

  public ClusterConfig {
    apiUrls = Collections.unmodifiableMap(new TreeMap<>(apiUrls));
    for (var m : raft.members()) {
      if (!apiUrls.containsKey(m.id())) {
        throw new IllegalArgumentException("cluster.apis: no API address for member " + m.id());
      }
    }
    if (checkpointIntervalBlocks < 1 || checkpointIntervalBlocks > 1_000_000) {
      throw new IllegalArgumentException("cluster.checkpoint.interval.blocks: must be 1..1000000, got " + checkpointIntervalBlocks);
    }
  }

  public ClusterConfig(RaftConfig raft, Map<String, String> apiUrls) {
    this(raft, apiUrls, CHECKPOINT_INTERVAL_BLOCKS_DEFAULT);
  }

  public String selfId() {
    return raft.nodeId();
  }
}
