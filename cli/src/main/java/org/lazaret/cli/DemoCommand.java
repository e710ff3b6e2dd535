package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.node.trace.SampleVaccineChain;
import org.lazaret.sdk.LazaretClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The one command a newcomer runs: creates a demo chain in a data folder (keys, genesis with
 * sample organisations) if there is none, starts a node on it, loads sample transactions into a
 * fresh chain, and serves until stopped. A second run reuses the folder.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Start a single demo node with sample data and serve until stopped.")
final class DemoCommand implements Runnable {
  static final List<String> SAMPLE_ORGS = List.of("city-hospital", "vaccine-distributor", "testing-lab", "health-insurer", "central-bank");

  @Option(names = "--data", defaultValue = "data", description = "Data folder (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Override
  public void run() {
    NodeConfig cfg = NodeConfig.defaults(data, port);
    boolean fresh = !Files.exists(cfg.genesisFile());
    if (fresh) {
      createChain(cfg);
    }
    Path demoKey = cfg.keysDir().resolve("demo.key");
    // The demo key holds every role, so the EPCIS capture interface works out of the box.
    Node node = NodeCommand.startNode(cfg, java.util.Optional.empty(), java.util.Optional.of(KeyFiles.read(demoKey)));
    NodeCommand.serve(
        node,
        () -> {
          if (node.store().head().orElseThrow().height() == 0) {
            loadSamples(node.url(), cfg);
            DemoTrace.load(node.url(), KeyFiles.read(demoKey));
            Path certificates = DemoCredentials.create(node.url(), cfg.dataDir(), KeyFiles.read(demoKey));
            System.out.println("Certificates: a demo vaccination certificate in " + certificates.toAbsolutePath().resolve("vaccination.png")
                + " (verify it on the dashboard's Certificates page or with 'lazaret cert verify --qr-image')");
          }
          if (node.store().stateValue(TraceContract.epcKey(SampleVaccineChain.EXAMPLE_ITEM)).isPresent()) {
            DemoTrace.printUrls(node.url());
          }
          System.out.println("Data: " + cfg.dataDir().toAbsolutePath());
          System.out.println("Demo key: " + demoKey + " (public key " + KeyFiles.read(demoKey).publicKey().hex() + ")");
        });
  }

  static void createChain(NodeConfig cfg) {
    try {
      Files.createDirectories(cfg.keysDir());
    } catch (IOException e) {
      throw new Main.Failure(1, "cannot create " + cfg.keysDir() + ": " + e.getMessage());
    }
    SecureRandom random = new SecureRandom();
    KeyPair demo = KeyPair.generate(random);
    KeyFiles.write(cfg.keysDir().resolve("demo.key"), demo, false);
    Map<String, PublicKey> admins = new TreeMap<>();
    for (String org : SAMPLE_ORGS) {
      KeyPair k = KeyPair.generate(random);
      KeyFiles.write(cfg.keysDir().resolve(org + ".key"), k, false);
      admins.put(org, k.publicKey());
    }
    Genesis g = Genesis.demo("lazaret-demo", System.currentTimeMillis(), demo.publicKey(), admins);
    try {
      Files.writeString(cfg.genesisFile(), g.document().toPrettyString() + "\n");
    } catch (IOException e) {
      throw new Main.Failure(1, "cannot write " + cfg.genesisFile() + ": " + e.getMessage());
    }
    System.out.println("Created a demo chain in " + cfg.dataDir().toAbsolutePath());
  }

  /** Sample activity: payments, an enrolment, a governance vote admitting an organisation, a failure. */
  static void loadSamples(String url, NodeConfig cfg) {
    LazaretClient client = new LazaretClient(url);
    KeyPair demo = KeyFiles.read(cfg.keysDir().resolve("demo.key"));
    Duration valid = Duration.ofMinutes(10);
    List<Hash32> ids = new ArrayList<>();
    for (String org : SAMPLE_ORGS) {
      PublicKey admin = KeyFiles.read(cfg.keysDir().resolve(org + ".key")).publicKey();
      ObjectNode args = CanonicalJson.object().put("to", admin.hex()).put("amount", 10_000);
      ids.add(client.submit(client.sign(demo, "token", "transfer", args, valid)));
    }
    awaitAll(client, ids);
    ids.clear();
    KeyPair clerk = KeyPair.generate(new SecureRandom());
    ObjectNode enrol = CanonicalJson.object().put("key", clerk.publicKey().hex());
    enrol.putArray("roles").add("data.publisher");
    ids.add(client.submit(client.sign(demo, "identity", "enrol", enrol, valid)));
    ObjectNode action = CanonicalJson.object().put("type", "admitOrganisation");
    ObjectNode org = action.putObject("organisation").put("id", "field-lab").put("name", "Field Lab");
    org.putArray("members").addObject().put("key", KeyPair.generate(new SecureRandom()).publicKey().hex()).putArray("roles").add("admin").add("credential.issuer");
    Hash32 proposal = client.submit(client.sign(demo, "governance", "propose", CanonicalJson.object().set("action", action), valid));
    awaitAll(client, List.of(proposal));
    awaitAll(client, ids);
    ids.clear();
    for (String voter : SAMPLE_ORGS.subList(0, 3)) {
      KeyPair k = KeyFiles.read(cfg.keysDir().resolve(voter + ".key"));
      ids.add(client.submit(client.sign(k, "governance", "vote", CanonicalJson.object().put("proposal", proposal.hex()).put("approve", true), valid)));
    }
    KeyPair bank = KeyFiles.read(cfg.keysDir().resolve("central-bank.key"));
    ids.add(client.submit(client.sign(bank, "token", "transfer", CanonicalJson.object().put("to", demo.publicKey().hex()).put("amount", 1_000_000_000), valid)));
    awaitAll(client, ids);
    System.out.println("Loaded sample transactions; chain height " + client.health().path("height").asLong());
  }

  private static void awaitAll(LazaretClient client, List<Hash32> ids) {
    for (Hash32 id : ids) {
      JsonNode s = client.await(id, Duration.ofSeconds(30));
      if (!"committed".equals(s.path("status").asText())) {
        throw new Main.Failure(1, "sample transaction " + id.hex() + " was not committed: " + s);
      }
    }
  }
}
