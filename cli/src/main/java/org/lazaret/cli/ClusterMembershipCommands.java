package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.cluster.NetworkFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Changing the cluster's membership goes through governance: an organisation's admin proposes to
 * add or remove a node, the organisations vote, and once the proposal passes the Raft leader
 * carries it out. These commands submit the proposal and the votes.
 */
final class ClusterMembershipCommands {
  private ClusterMembershipCommands() {}

  private static final Duration VALID_FOR = Duration.ofMinutes(10);

  /** Options every command here shares: which node to submit through, and whose key signs. */
  static class Signer {
    @Option(names = "--node", defaultValue = "http://127.0.0.1:8080", description = "Any node's URL (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--key", required = true, description = "Key file of an admin of a member organisation.")
    Path key;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for the transaction (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    JsonNode submit(String method, JsonNode args) {
      return Remote.submitAndAwait(Remote.client(node), KeyFiles.read(key), "governance", method, args, VALID_FOR, Duration.ofSeconds(timeoutSeconds));
    }

    JsonNode propose(ObjectNode action) {
      JsonNode s = submit("propose", CanonicalJson.object().set("action", action));
      System.out.println("proposal: " + s.path("id").asText());
      return s;
    }
  }

  @Command(name = "propose-add", mixinStandardHelpOptions = true,
      description = "Propose to add a node prepared with 'lazaret network add-node': its id, Raft address, API URL and certificate fingerprint go to a governance vote.")
  static final class ProposeAdd extends Signer implements Runnable {
    @Option(names = "--network", required = true, description = "The network folder holding the new node's folder.")
    Path network;

    @Option(names = "--id", required = true, description = "The new node's id.")
    String id;

    @Override
    public void run() {
      Path conf = NetworkFiles.confFile(network, id);
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(conf, StandardCharsets.UTF_8)) {
        p.load(r);
      } catch (IOException e) {
        throw new Main.Failure(1, "--id: cannot read " + conf + " (prepare the node with 'lazaret network add-node'): " + e.getMessage());
      }
      Map<String, String> members = NetworkAddNode.entries(p, "cluster.members");
      Map<String, String> apis = NetworkAddNode.entries(p, "cluster.apis");
      if (!members.containsKey(id) || !apis.containsKey(id)) {
        throw new Main.Failure(1, conf + " does not list " + id + " in cluster.members and cluster.apis");
      }
      String fingerprint;
      try {
        fingerprint = NetworkFiles.certificateFingerprint(conf.getParent());
      } catch (IOException e) {
        throw new Main.Failure(1, "cannot read the certificate of " + id + ": " + e.getMessage());
      }
      ObjectNode node = CanonicalJson.object().put("id", id).put("raft", members.get(id)).put("api", apis.get(id)).put("certificate", fingerprint);
      propose(CanonicalJson.object().put("type", "addNode").set("node", node));
    }
  }

  @Command(name = "propose-remove", mixinStandardHelpOptions = true, description = "Propose to remove a node from the cluster (a governance vote).")
  static final class ProposeRemove extends Signer implements Runnable {
    @Option(names = "--id", required = true, description = "The node to remove.")
    String id;

    @Override
    public void run() {
      propose(CanonicalJson.object().put("type", "removeNode").put("id", id));
    }
  }

  @Command(name = "vote", mixinStandardHelpOptions = true, description = "Vote on a governance proposal (a membership change or any other), for your organisation.")
  static final class Vote extends Signer implements Runnable {
    @Option(names = "--proposal", required = true, description = "The proposal id (the proposing transaction's id).")
    String proposal;

    @Option(names = "--reject", description = "Vote no (default: yes).")
    boolean reject;

    @Override
    public void run() {
      submit("vote", CanonicalJson.object().put("proposal", Remote.txId(proposal).hex()).put("approve", !reject));
    }
  }
}
