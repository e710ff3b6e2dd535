package org.lazaret.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.node.cluster.NetworkFiles;
import org.lazaret.node.genesis.Genesis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Creating the files of a new cluster: genesis, keys, TLS material and one config per node. */
@Command(name = "network", mixinStandardHelpOptions = true, description = "Create a cluster's configuration.", subcommands = {NetworkCommand.Init.class, NetworkAddNode.class})
final class NetworkCommand {
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Write one shared genesis, a CA and a TLS certificate per node, the demo and organisation keys, and DIR/node-i/node.conf for i = 1..N.")
  static final class Init implements Runnable {
    @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--out", required = true, description = "Folder to create.")
    Path out;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address every node serves on (default: ${DEFAULT-VALUE}); edit each node.conf for separate machines.")
    String host;

    @Option(names = "--api-port", defaultValue = "8080", description = "HTTP port of node 1; node i uses this + i - 1 (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--raft-port", defaultValue = "9080", description = "Raft port of node 1; node i uses this + i - 1 (default: ${DEFAULT-VALUE}).")
    int raftPort;

    @Option(names = "--chain-id", defaultValue = "lazaret-cluster", description = "Chain id (default: ${DEFAULT-VALUE}).")
    String chainId;

    @Override
    public void run() {
      create(out, nodes, host, apiPort, raftPort, chainId);
      for (int i = 1; i <= nodes; i++) {
        System.out.println(out.resolve("node-" + i).resolve("node.conf"));
      }
    }
  }

  static void create(Path out, int nodes, String host, int apiPort, int raftPort, String chainId) {
    create(out, nodes, host, apiPort, raftPort, chainId, Map.of());
  }

  /** As above; {@code tuning} adds settings to every node.conf (tests shrink the snapshot interval). */
  static void create(Path out, int nodes, String host, int apiPort, int raftPort, String chainId, Map<String, String> tuning) {
    if (nodes < 1 || nodes > 15) {
      throw new Main.Failure(2, "--nodes: must be 1..15");
    }
    if (apiPort < 1 || apiPort + nodes > 65535 || raftPort < 1 || raftPort + nodes > 65535) {
      throw new Main.Failure(2, "ports: node ports must stay within 1..65535");
    }
    if (Files.exists(out.resolve(NetworkFiles.GENESIS_FILE))) {
      throw new Main.Failure(1, out + " already holds a network; refusing to overwrite it");
    }
    try {
      SecureRandom random = new SecureRandom();
      Path keys = out.resolve("keys");
      Files.createDirectories(keys);
      KeyPair demo = KeyPair.generate(random);
      KeyFiles.write(keys.resolve("demo.key"), demo, false);
      Map<String, PublicKey> admins = new TreeMap<>();
      for (int i = 1; i <= nodes; i++) {
        KeyPair k = KeyPair.generate(random);
        KeyFiles.write(keys.resolve("org-" + i + ".key"), k, false);
        admins.put("org-" + i, k.publicKey());
      }
      List<NetworkFiles.NodeSpec> specs = new ArrayList<>();
      for (int i = 1; i <= nodes; i++) {
        specs.add(new NetworkFiles.NodeSpec("node-" + i, host, apiPort + i - 1, raftPort + i - 1));
      }
      ObjectNode document = (ObjectNode) Genesis.demo(chainId, System.currentTimeMillis(), demo.publicKey(), admins).document();
      // The founding members, so that the ledger's membership record starts complete.
      ArrayNode founders = document.putArray("nodes");
      for (NetworkFiles.NodeSpec n : specs) {
        founders.addObject().put("id", n.id()).put("raft", n.host() + ":" + n.raftPort()).put("api", "http://" + n.host() + ":" + n.apiPort());
      }
      String genesis = document.toPrettyString() + "\n";
      NetworkFiles.create(out, chainId, genesis, specs, tuning);
    } catch (IOException e) {
      throw new Main.Failure(1, "cannot write the network in " + out + ": " + e.getMessage());
    }
  }
}
