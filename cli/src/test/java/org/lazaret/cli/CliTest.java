package org.lazaret.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.node.Node;

/**
 * The CLI's interface points as a script would use them: output on stdout, one-line errors on
 * stderr, and exit codes (0 success, 1 failure, 2 usage, 3 committed but reverted).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path dir;
  Node node;
  String url;
  Path demoKey;



  @BeforeAll
  void start() throws Exception {
    Cli.TestChain chain = Cli.start(dir, "cli-demo", "cli-chain", 1_700_000_000_000L, List.of());
    node = chain.node();
    demoKey = chain.demoKey();
    url = node.url();
  }

  @AfterAll
  void stop() {
    node.close();
  }

  @Test
  void keysNewWritesAKeyAndPrintsItsPublicKeyAndRefusesToOverwrite() {
    Path f = dir.resolve("k1.key");
    Cli.Run r = Cli.run("keys", "new", "--out", f.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).matches("[0-9a-f]{64}");
    assertThat(Cli.run("keys", "show", f.toString()).out().strip()).isEqualTo(r.out().strip());
    Cli.Run again = Cli.run("keys", "new", "--out", f.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err().strip().lines()).hasSize(1);
  }

  @Test
  void submitWaitPrintsTheFinalStatusAndProofsVerifyOnlyForTheirBlock() throws Exception {
    Path k = dir.resolve("bob.key");
    String bob = Cli.run("keys", "new", "--out", k.toString()).out().strip();
    Cli.Run r = Cli.run("tx", "submit", "--node", url, "--key", demoKey.toString(), "--contract", "token", "--method", "transfer", "--args", "{\"to\":\"" + bob + "\",\"amount\":42}", "--wait");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode s = JSON.readTree(r.out());
    assertThat(s.path("status").asText()).isEqualTo("committed");
    assertThat(s.path("receipt").path("success").asBoolean()).isTrue();

    Cli.Run bal = Cli.run("state", "get", "--node", url, "token/balance/" + bob);
    assertThat(JSON.readTree(bal.out()).path("value").asLong()).isEqualTo(42);

    Cli.Run proof = Cli.run("proof", "tx", "--node", url, s.path("id").asText());
    assertThat(proof.code()).isZero();
    Path pf = dir.resolve("tx.proof");
    Files.writeString(pf, proof.out());
    String blockHash = s.path("blockHash").asText();
    assertThat(Cli.run("proof", "verify", pf.toString(), "--block-hash", blockHash).code()).isZero();
    String genesisHash = JSON.readTree(Cli.run("block", "get", "--node", url, "0").out()).path("hash").asText();
    Cli.Run wrong = Cli.run("proof", "verify", pf.toString(), "--block-hash", genesisHash);
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err().strip().lines()).hasSize(1);
    byte[] bytes = Files.readAllBytes(pf);
    for (int i = 0; i < bytes.length; i += Math.max(1, bytes.length / 40)) {
      byte[] changed = bytes.clone();
      changed[i] = (byte) (changed[i] == '0' ? '1' : '0');
      Path cf = dir.resolve("changed.proof");
      Files.write(cf, changed);
      assertThat(Cli.run("proof", "verify", cf.toString(), "--block-hash", blockHash).code()).as("byte %d changed", i).isEqualTo(1);
    }
  }

  @Test
  void aRevertedCallExitsThreeAndARejectedOneExitsOne() throws Exception {
    Path k = dir.resolve("poor.key");
    String poor = Cli.run("keys", "new", "--out", k.toString()).out().strip();
    Cli.Run reverted = Cli.run("tx", "submit", "--node", url, "--key", k.toString(), "--contract", "token", "--method", "transfer", "--args", "{\"to\":\"" + poor + "\",\"amount\":5}", "--wait");
    assertThat(reverted.code()).isEqualTo(3);
    assertThat(JSON.readTree(reverted.out()).path("receipt").path("reason").asText()).startsWith("INSUFFICIENT_FUNDS");
    Cli.Run rejected = Cli.run("tx", "submit", "--node", url, "--key", k.toString(), "--contract", "token", "--method", "transfer", "--args", "{\"to\":\"nothex\",\"amount\":5}", "--wait");
    assertThat(rejected.code()).isEqualTo(1);
    assertThat(rejected.err()).contains("BAD_ARGUMENT").contains("args.to");
  }

  @Test
  void genesisNewWritesAChainThatShowPrintsAndRefusesToRewrite() throws Exception {
    Path k1 = dir.resolve("g-agency.key");
    Path k2 = dir.resolve("g-lab.key");
    Cli.run("keys", "new", "--out", k1.toString());
    String lab = Cli.run("keys", "new", "--out", k2.toString()).out().strip();
    Path data = dir.resolve("genesis-data");
    Cli.Run created = Cli.run("genesis", "new", "--data", data.toString(), "--chain-id", "consortium", "--org", "agency=" + k1, "--org", "lab=" + lab, "--balance", k1 + "=500");
    assertThat(created.code()).as(created.err()).isZero();
    JsonNode g = JSON.readTree(created.out());
    assertThat(g.path("chainId").asText()).isEqualTo("consortium");
    assertThat(JSON.readTree(Cli.run("genesis", "show", "--data", data.toString()).out())).isEqualTo(g);
    assertThat(Cli.run("genesis", "new", "--data", data.toString(), "--chain-id", "other", "--org", "agency=" + k1).code()).isEqualTo(1);
    Cli.Run sameKey = Cli.run("genesis", "new", "--data", dir.resolve("g2").toString(), "--chain-id", "x", "--org", "a=" + lab, "--org", "b=" + lab);
    assertThat(sameKey.code()).isEqualTo(2);
    assertThat(sameKey.err()).contains("already a member key");
  }

  @Test
  void usageErrorsExitTwoWithOneLine() {
    assertThat(Cli.run("tx", "submit", "--node", url).code()).isEqualTo(2);
    Cli.Run badJson = Cli.run("tx", "submit", "--node", url, "--key", demoKey.toString(), "--contract", "token", "--method", "transfer", "--args", "{oops");
    assertThat(badJson.code()).isEqualTo(2);
    assertThat(badJson.err()).startsWith("error: --args");
    assertThat(Cli.run("proof", "verify", "/nonexistent", "--block-hash", "00").code()).isEqualTo(2);
    Cli.Run down = Cli.run("block", "get", "--node", "http://127.0.0.1:1", "latest");
    assertThat(down.code()).isEqualTo(1);
    assertThat(down.err()).contains("cannot connect");
  }
}
