package org.lazaret.node.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lazaret.consensus.NodeIds;
import org.lazaret.consensus.raft.RaftTransport;
import org.lazaret.consensus.raft.TlsMaterial;
import org.lazaret.core.crypto.Hash32;

/**
 * The folder of a cluster: one shared genesis, the consortium CA ({@code tls/}), and per node a
 * folder with its certificate, key, data folder and {@code node.conf}. Written by {@code lazaret
 * network init} and {@code network add-node}, and by the cluster benchmark, so that what the
 * benchmark runs is what an operator runs. Keys of people and organisations are not written here
 * (the CLI does that); this is only what nodes need.
 */
public final class NetworkFiles {
  private NetworkFiles() {}

  public static final String GENESIS_FILE = "genesis.json";
  public static final String CA_DIR = "tls";
  private static final Duration CERTIFICATE_VALIDITY = Duration.ofDays(3650);

  /** Where one node serves its API and its Raft port. */
  public record NodeSpec(String id, String host, int apiPort, int raftPort) {
    public NodeSpec {
      NodeIds.requireValid(id);
      if (apiPort < 1 || apiPort > 65_535 || raftPort < 1 || raftPort > 65_535) {
        throw new IllegalArgumentException("ports: must be 1..65535, got API " + apiPort + " and Raft " + raftPort);
      }
    }

    String member() {
      return id + "@" + host + ":" + raftPort;
    }

    String api() {
      return id + "@http://" + host + ":" + apiPort;
    }
  }

  /** The node folder of {@code id}: {@code out/<id>}. */
  public static Path nodeDir(Path out, String id) {
    return out.resolve(id);
  }

  public static Path confFile(Path out, String id) {
    return nodeDir(out, id).resolve("node.conf");
  }

  /**
   * Writes the genesis, a new CA and every node's folder. {@code tuning} adds settings to every
   * node.conf (for example a small {@code cluster.snapshot.interval.entries} in tests).
   */
  public static void create(Path out, String chainId, String genesisDocument, List<NodeSpec> nodes, Map<String, String> tuning) throws IOException {
    if (Files.exists(out.resolve(GENESIS_FILE))) {
      throw new IllegalArgumentException("out: " + out + " already holds a network; refusing to overwrite it");
    }
    Files.createDirectories(out);
    Files.writeString(out.resolve(GENESIS_FILE), genesisDocument);
    SecureRandom random = new SecureRandom();
    Instant notBefore = Instant.now().minus(Duration.ofMinutes(5));
    TlsMaterial.Authority ca = TlsMaterial.newAuthority(chainId + " CA", notBefore, CERTIFICATE_VALIDITY, random);
    TlsMaterial.writeAuthority(out.resolve(CA_DIR), ca);
    List<String> members = nodes.stream().map(NodeSpec::member).toList();
    List<String> apis = nodes.stream().map(NodeSpec::api).toList();
    for (NodeSpec n : nodes) {
      writeNode(out, ca, n, chainId, genesisDocument, members, apis, tuning, random);
    }
  }

  /**
   * Writes the folder of a node joining a running network: a certificate from the network's CA,
   * and a node.conf listing {@code currentMembers} (as {@code id@host:port}) plus itself, so that it
   * can start and wait for the group to add it. The CA key must be at hand ({@code tls/}).
   * {@code tuning} adds settings, as for {@link #create}.
   */
  public static Path addNode(Path out, NodeSpec node, String chainId, List<String> currentMembers, List<String> currentApis, Map<String, String> tuning) throws IOException {
    if (Files.exists(nodeDir(out, node.id()))) {
      throw new IllegalArgumentException("id: " + nodeDir(out, node.id()) + " already exists");
    }
    Path caDir = out.resolve(CA_DIR);
    TlsMaterial.Authority ca = TlsMaterial.readAuthority(caDir.resolve(TlsMaterial.CA_CERTIFICATE_FILE), caDir.resolve(TlsMaterial.CA_KEY_FILE));
    String genesis = Files.readString(out.resolve(GENESIS_FILE));
    List<String> members = new ArrayList<>(currentMembers);
    members.add(node.member());
    List<String> apis = new ArrayList<>(currentApis);
    apis.add(node.api());
    writeNode(out, ca, node, chainId, genesis, members, apis, tuning, new SecureRandom());
    return confFile(out, node.id());
  }

  private static void writeNode(Path out, TlsMaterial.Authority ca, NodeSpec n, String chainId, String genesis, List<String> members, List<String> apis,
      Map<String, String> tuning, SecureRandom random) throws IOException {
    Path dir = nodeDir(out, n.id());
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(dir.resolve("data").resolve(GENESIS_FILE), genesis);
    Instant notBefore = Instant.now().minus(Duration.ofMinutes(5));
    TlsMaterial.NodeCredentials creds = TlsMaterial.issueNode(ca, n.id(), List.of(n.host(), "localhost"), notBefore, CERTIFICATE_VALIDITY, random);
    RaftTransport.MutualTls tls = TlsMaterial.writeNode(dir.resolve("tls"), ca.certificate(), creds);
    StringBuilder conf = new StringBuilder();
    conf.append("# Lazaret node configuration, written by 'lazaret network'. Paths are relative to this file.\n");
    conf.append("node.id=").append(n.id()).append('\n');
    conf.append("data.dir=data\n");
    conf.append("api.host=").append(n.host()).append('\n');
    conf.append("api.port=").append(n.apiPort()).append('\n');
    conf.append("cluster.group=").append(chainId).append('\n');
    conf.append("cluster.members=").append(String.join(",", members)).append('\n');
    conf.append("cluster.apis=").append(String.join(",", apis)).append('\n');
    conf.append("tls.certificate=").append(dir.relativize(tls.certificateChain())).append('\n');
    conf.append("tls.key=").append(dir.relativize(tls.privateKey())).append('\n');
    conf.append("tls.ca=").append(dir.relativize(tls.trustedCa())).append('\n');
    new TreeMap<>(tuning).forEach((k, v) -> conf.append(k).append('=').append(v).append('\n'));
    Files.writeString(dir.resolve("node.conf"), conf.toString());
  }

  /** The SHA-256 of a node's certificate (DER), hex: what governance pins when it admits the node. */
  public static String certificateFingerprint(Path nodeDir) throws IOException {
    var certs = TlsMaterial.readCertificates(nodeDir.resolve("tls").resolve(TlsMaterial.NODE_CERTIFICATE_FILE));
    try {
      return Hash32.sha256(certs.get(0).getEncoded()).hex();
    } catch (CertificateEncodingException e) {
      throw new IOException("unreadable certificate in " + nodeDir + ": " + e.getMessage(), e);
    }
  }
}
