package org.lazaret.node.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.lazaret.consensus.raft.RaftConfig;
import org.lazaret.consensus.raft.RaftMember;
import org.lazaret.consensus.raft.RaftTransport;
import org.lazaret.core.Limits;
import org.lazaret.node.NodeConfig;

/**
 * A node's configuration file ({@code node.conf}, Java properties): where its data lives, where
 * it serves, and — for a cluster — its Raft address, the members and their APIs, and its TLS
 * files. Paths are relative to the file's folder, so a network folder can be moved whole.
 *
 * <p>Optional cluster keys: {@code cluster.checkpoint.interval.blocks} (default 5),
 * {@code cluster.snapshot.interval.entries} (Raft log entries between snapshot markers, default
 * 10000), {@code cluster.log.segment.bytes} (default 32 MiB), {@code cluster.raft.listen.port}
 * (the port to bind when peers reach this node through a forwarder; default: its member port).
 */
public final class NodeConfFile {
  private NodeConfFile() {}

  /** The settings of one node file. */
  public record Settings(NodeConfig node, Optional<ClusterConfig> cluster) {}

  public static Settings read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    }
    Path base = file.toAbsolutePath().getParent();
    NodeConfig node =
        new NodeConfig(
            base.resolve(required(p, "data.dir")).normalize(),
            p.getProperty("api.host", "127.0.0.1"),
            integer(p, "api.port"),
            Long.parseLong(p.getProperty("block.interval.ms", Long.toString(NodeConfig.BLOCK_INTERVAL_MILLIS_DEFAULT))),
            Limits.BLOCK_TX_COUNT_MAX,
            Integer.parseInt(p.getProperty("mempool.max", Integer.toString(NodeConfig.MEMPOOL_TX_COUNT_DEFAULT))));
    if (!p.containsKey("cluster.members")) {
      return new Settings(node, Optional.empty());
    }
    String id = required(p, "node.id");
    List<RaftMember> members = new ArrayList<>();
    for (String m : list(p, "cluster.members")) {
      int at = m.indexOf('@');
      if (at <= 0) {
        throw new IllegalArgumentException("cluster.members: expected ID@HOST:PORT, got '" + m + "'");
      }
      members.add(RaftMember.of(m.substring(0, at), m.substring(at + 1)));
    }
    Map<String, String> apis = new LinkedHashMap<>();
    for (String a : list(p, "cluster.apis")) {
      int at = a.indexOf('@');
      if (at <= 0) {
        throw new IllegalArgumentException("cluster.apis: expected ID@URL, got '" + a + "'");
      }
      apis.put(a.substring(0, at), a.substring(at + 1));
    }
    RaftTransport transport =
        p.containsKey("tls.certificate")
            ? new RaftTransport.MutualTls(base.resolve(required(p, "tls.certificate")).normalize(), base.resolve(required(p, "tls.key")).normalize(), base.resolve(required(p, "tls.ca")).normalize())
            : new RaftTransport.Plaintext();
    RaftConfig raft = RaftConfig.of(id, required(p, "cluster.group"), members, node.dataDir().resolve("raft"), transport)
        .withCompaction(
            longOr(p, "cluster.snapshot.interval.entries", RaftConfig.SNAPSHOT_INTERVAL_ENTRIES_DEFAULT),
            longOr(p, "cluster.log.segment.bytes", RaftConfig.LOG_SEGMENT_BYTES_MAX_DEFAULT))
        .withListenPort((int) longOr(p, "cluster.raft.listen.port", 0));
    return new Settings(node, Optional.of(new ClusterConfig(raft, apis, longOr(p, "cluster.checkpoint.interval.blocks", ClusterConfig.CHECKPOINT_INTERVAL_BLOCKS_DEFAULT))));
  }

  private static String required(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(key + ": required in the node configuration");
    }
    return v.strip();
  }

  private static int integer(Properties p, String key) {
    try {
      return Integer.parseInt(required(p, key));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a whole number");
    }
  }

  private static long longOr(Properties p, String key, long otherwise) {
    String v = p.getProperty(key);
    if (v == null || v.isBlank()) {
      return otherwise;
    }
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a whole number");
    }
  }

  private static List<String> list(Properties p, String key) {
    List<String> out = new ArrayList<>();
    for (String s : required(p, key).split(",")) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }
}
