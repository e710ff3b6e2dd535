package org.lazaret.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.api.ApiModule;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.storage.LedgerStore;

/**
 * What the CLI tests share: running a command in-process as a script would (stdout, stderr, exit
 * code), and a node on a demo genesis whose key file the commands can use.
 */
final class Cli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Cli() {}

  /** One command's outcome. */
  record Run(int code, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  /** Runs a command with stdout and stderr captured; one at a time, since they are global. */
  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      var cli = Main.commandLine();
      cli.setOut(new PrintWriter(System.out, true));
      cli.setErr(new PrintWriter(System.err, true));
      int code = cli.execute(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** A started node and the key file holding its demo genesis's roles and balance. */
  record TestChain(Node node, Path demoKey) {}

  /** Starts a node in {@code dir}/data on the demo genesis of {@code chainId}, its key derived from {@code label}. */
  static TestChain start(Path dir, String label, String chainId, long genesisMillis, List<Function<LedgerStore, ApiModule>> modules) throws Exception {
    NodeConfig cfg = new NodeConfig(dir.resolve("data"), "127.0.0.1", 0, 20, 4000, 200_000);
    Files.createDirectories(cfg.keysDir());
    KeyPair demo = KeyPair.deterministic(label);
    Path demoKey = cfg.keysDir().resolve("demo.key");
    KeyFiles.write(demoKey, demo, false);
    Files.writeString(cfg.genesisFile(), Genesis.demo(chainId, genesisMillis, demo.publicKey(), Map.of()).document().toString());
    Node node = Node.start(cfg, modules, (why, cause) -> {
      throw new AssertionError(why, cause);
    });
    return new TestChain(node, demoKey);
  }
}
