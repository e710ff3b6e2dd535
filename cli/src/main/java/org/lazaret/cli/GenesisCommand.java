package org.lazaret.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lazaret.contracts.Executor;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.BuiltInContracts;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.genesis.Genesis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Creating a chain's genesis document, and showing the genesis block it yields. */
@Command(name = "genesis", mixinStandardHelpOptions = true, description = "Create or inspect a chain's genesis.", subcommands = {GenesisCommand.New.class, GenesisCommand.Show.class})
final class GenesisCommand {
  @Command(
      name = "new",
      mixinStandardHelpOptions = true,
      description = "Write DIR/genesis.json: founding organisations, each with an admin key, initial balances and roles. Every node of the chain starts from the same file.")
  static final class New implements Runnable {
    @Option(names = "--data", required = true, description = "Data folder to create the genesis in.")
    Path data;

    @Option(names = "--chain-id", required = true, description = "The chain's name, e.g. pandemic-consortium.")
    String chainId;

    @Option(names = "--org", required = true, paramLabel = "ID=KEY", description = "A founding organisation and its admin's key (a key file or a public key in hex). Repeatable; the first one also holds --roles.")
    List<String> orgs = new ArrayList<>();

    @Option(names = "--roles", split = ",", description = "Roles of the first organisation's admin besides admin (default: every built-in role).")
    List<String> roles;

    @Option(names = "--balance", paramLabel = "KEY=AMOUNT", description = "An initial token balance. Repeatable.")
    List<String> balances = new ArrayList<>();

    @Override
    public void run() {
      NodeConfig cfg = NodeConfig.defaults(data, 0);
      if (Files.exists(cfg.genesisFile())) {
        throw new Main.Failure(1, cfg.genesisFile() + " already exists; a chain's genesis is never rewritten");
      }
      ObjectNode g = CanonicalJson.object();
      g.put("chainId", chainId).put("timestamp", System.currentTimeMillis());
      ArrayNode orgList = g.putArray("organisations");
      Map<String, PublicKey> admins = new LinkedHashMap<>();
      for (String o : orgs) {
        String[] kv = split("--org", o);
        if (admins.put(kv[0], key("--org " + kv[0], kv[1])) != null) {
          throw new Main.Failure(2, "--org: organisation '" + kv[0] + "' given twice");
        }
      }
      boolean first = true;
      for (Map.Entry<String, PublicKey> e : admins.entrySet()) {
        ObjectNode org = orgList.addObject().put("id", e.getKey()).put("name", e.getKey());
        ArrayNode r = org.putArray("members").addObject().put("key", e.getValue().hex()).putArray("roles").add("admin");
        if (first) {
          (roles == null ? Genesis.DEMO_ROLES : roles).stream().filter(x -> !x.equals("admin")).forEach(r::add);
        }
        first = false;
      }
      ArrayNode bal = g.putArray("balances");
      for (String b : balances) {
        String[] kv = split("--balance", b);
        try {
          bal.addObject().put("key", key("--balance", kv[0]).hex()).put("amount", Long.parseLong(kv[1]));
        } catch (NumberFormatException e) {
          throw new Main.Failure(2, "--balance: '" + kv[1] + "' is not a whole number");
        }
      }
      g.putObject("parameters");
      Genesis genesis;
      try {
        genesis = new Genesis(g);
        genesis.block(new Executor(chainId, BuiltInContracts.all()));
      } catch (IllegalArgumentException e) {
        throw new Main.Failure(2, e.getMessage());
      }
      try {
        Files.createDirectories(data);
        Files.writeString(cfg.genesisFile(), g.toPrettyString() + "\n");
      } catch (IOException e) {
        throw new Main.Failure(1, "cannot write " + cfg.genesisFile() + ": " + e.getMessage());
      }
      System.out.println(genesisHash(genesis));
    }

    private static String[] split(String option, String value) {
      int eq = value.indexOf('=');
      if (eq <= 0 || eq == value.length() - 1) {
        throw new Main.Failure(2, option + ": expected NAME=VALUE, got '" + value + "'");
      }
      return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }

    private static PublicKey key(String option, String keyOrFile) {
      if (keyOrFile.matches("[0-9a-fA-F]{64}")) {
        return PublicKey.fromHex(option, keyOrFile.toLowerCase(java.util.Locale.ROOT));
      }
      return KeyFiles.read(Path.of(keyOrFile)).publicKey();
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the chain id and the genesis block hash of a data folder, to compare nodes.")
  static final class Show implements Runnable {
    @Option(names = "--data", defaultValue = "data", description = "Data folder (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public void run() {
      Genesis g;
      try {
        g = Node.readGenesis(NodeConfig.defaults(data, 0));
      } catch (RuntimeException e) {
        throw new Main.Failure(1, e.getMessage());
      }
      System.out.println(genesisHash(g));
    }
  }

  static String genesisHash(Genesis g) {
    var block = g.block(new Executor(g.chainId(), BuiltInContracts.all())).block();
    return CanonicalJson.encodeToString(CanonicalJson.object().put("chainId", g.chainId()).put("genesisHash", block.hash().hex()).put("stateRoot", block.header().stateRoot().hex()));
  }
}
