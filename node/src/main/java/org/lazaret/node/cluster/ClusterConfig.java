package org.lazaret.node.cluster;

import java.util.Map;
import java.util.TreeMap;
import org.lazaret.consensus.raft.RaftConfig;

/** A node's place in a cluster: its Raft settings and the HTTP API address of every member. */
public record ClusterConfig(RaftConfig raft, Map<String, String> apiUrls) {
  public ClusterConfig {
    apiUrls = java.util.Collections.unmodifiableMap(new TreeMap<>(apiUrls));
    for (var m : raft.members()) {
      if (!apiUrls.containsKey(m.id())) {
        throw new IllegalArgumentException("cluster.apis: no API address for member " + m.id());
      }
    }
  }
}
