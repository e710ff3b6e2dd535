package org.lazaret.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.lazaret.consensus.raft.RaftMember;
import org.lazaret.node.cluster.NetworkFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prepares a node that is to join a running network: its key and certificate from the network's
 * CA, and a node.conf listing the members known from the network folder plus itself. Joining takes
 * a governance vote afterwards ('lazaret cluster propose-add', then 'lazaret cluster vote').
 */
@Command(
    name = "add-node",
    mixinStandardHelpOptions = true,
    description = "Write the folder of a node to add to a running network (certificate from the network's CA, node.conf); then propose it with 'lazaret cluster propose-add'.")
final class NetworkAddNode implements Runnable {
  /** Settings copied from the existing nodes, so the new one compacts and checkpoints like them. */
  private static final List<String> SHARED_TUNING = List.of("cluster.checkpoint.interval.blocks", "cluster.snapshot.interval.entries", "cluster.log.segment.bytes");

  @Option(names = "--network", required = true, description = "The network folder ('lazaret network init --out'), holding tls/ with the CA key.")
  Path network;

  @Option(names = "--id", required = true, description = "The new node's id (the common name of its certificate).")
  String id;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address the new node serves on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--api-port", description = "Its HTTP port (default: one above the highest in the network folder).")
  Integer apiPort;

  @Option(names = "--raft-port", description = "Its Raft port (default: one above the highest in the network folder).")
  Integer raftPort;

  @Override
  public void run() {
    try {
      RaftMember.requireValidId(id);
    } catch (IllegalArgumentException e) {
      throw new Main.Failure(2, "--" + e.getMessage());
    }
    Map<String, String> members = new LinkedHashMap<>();
    Map<String, String> apis = new LinkedHashMap<>();
    Map<String, String> tuning = new TreeMap<>();
    String chainId = null;
    for (Properties conf : confs()) {
      chainId = chainId == null ? conf.getProperty("cluster.group") : chainId;
      entries(conf, "cluster.members").forEach(members::putIfAbsent);
      entries(conf, "cluster.apis").forEach(apis::putIfAbsent);
      for (String key : SHARED_TUNING) {
        if (conf.containsKey(key)) {
          tuning.putIfAbsent(key, conf.getProperty(key).strip());
        }
      }
    }
    if (chainId == null) {
      throw new Main.Failure(1, "--network: no node.conf with a cluster.group under " + network);
    }
    if (members.containsKey(id)) {
      throw new Main.Failure(1, "--id: " + id + " is already a member in " + network);
    }
    int api = apiPort != null ? apiPort : apis.values().stream().mapToInt(NetworkAddNode::portOf).max().orElse(8079) + 1;
    int raft = raftPort != null ? raftPort : members.values().stream().mapToInt(NetworkAddNode::portOf).max().orElse(9079) + 1;
    List<String> memberEntries = new ArrayList<>();
    members.forEach((i, a) -> memberEntries.add(i + "@" + a));
    List<String> apiEntries = new ArrayList<>();
    apis.forEach((i, a) -> apiEntries.add(i + "@" + a));
    try {
      Path conf = NetworkFiles.addNode(network, new NetworkFiles.NodeSpec(id, host, api, raft), chainId, memberEntries, apiEntries, tuning);
      System.out.println(conf);
      System.out.println("certificate fingerprint (SHA-256): " + NetworkFiles.certificateFingerprint(conf.getParent()));
      System.out.println("next: start it with 'lazaret node start --config " + conf + "', then 'lazaret cluster propose-add --network " + network + " --id " + id + " --key ORG_ADMIN_KEY --node URL'");
    } catch (IllegalArgumentException e) {
      throw new Main.Failure(2, e.getMessage());
    } catch (IOException e) {
      throw new Main.Failure(1, "cannot write the node in " + network + ": " + e.getMessage());
    }
  }

  private List<Properties> confs() {
    List<Properties> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(network)) {
      for (Path dir : dirs.sorted().toList()) {
        Path conf = dir.resolve("node.conf");
        if (Files.isRegularFile(conf)) {
          Properties p = new Properties();
          try (Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
            p.load(r);
          }
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new Main.Failure(1, "--network: cannot read " + network + ": " + e.getMessage());
    }
    return out;
  }

  /** {@code id@value} entries of a list setting, by id, in order. */
  static Map<String, String> entries(Properties conf, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String e : conf.getProperty(key, "").split(",")) {
      int at = e.indexOf('@');
      if (at > 0) {
        out.put(e.substring(0, at).strip(), e.substring(at + 1).strip());
      }
    }
    return out;
  }

  private static int portOf(String address) {
    try {
      return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1).replaceAll("[^0-9].*$", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
