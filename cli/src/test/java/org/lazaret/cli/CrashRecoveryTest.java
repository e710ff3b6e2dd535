package org.lazaret.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.contracts.Executor;
import org.lazaret.core.LoopbackPorts;
import org.lazaret.core.block.Block;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.BuiltInContracts;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.execution.BlockApplier;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.sdk.ApiException;
import org.lazaret.sdk.LazaretClient;
import org.lazaret.storage.ChainVerifier;
import org.lazaret.storage.LedgerStore;

/**
 * Kill -9 at arbitrary moments loses no committed block. A node runs as its own process while a
 * client submits transfers and records every one it saw committed; the process is killed with
 * SIGKILL at a random moment (seeded, printed), restarted on the same data, and the client goes
 * on. At the end every acknowledged transaction is still committed, the chain verifies, and
 * replaying every block from genesis into a fresh store reproduces each block hash exactly —
 * which also shows execution is deterministic.
 */
@Tag("process")
class CrashRecoveryTest {
  @TempDir Path dir;

  private static Process startNode(Path data, int port, Path log) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(), "node", "start", "--data", data.toString(), "--port", Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static LazaretClient awaitUp(int port, Process p) throws Exception {
    LazaretClient c = new LazaretClient("http://127.0.0.1:" + port);
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        if (c.health().path("status").asText().equals("ok")) {
          return c;
        }
      } catch (RuntimeException e) {
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("node did not come up (alive=" + p.isAlive() + ")", e);
        }
      }
      Thread.sleep(100);
    }
  }

  @Test
  void killNineUnderLoadLosesNoCommittedTransaction() throws Exception {
    long seed = new Random().nextLong();
    System.out.println("CrashRecoveryTest seed " + seed);
    Random random = new Random(seed);
    Path data = dir.resolve("node");
    Path log = dir.resolve("node.log");
    KeyPair demo = KeyPair.deterministic("crash-demo");
    NodeConfig cfg = NodeConfig.defaults(data, 0);
    Files.createDirectories(data);
    Files.writeString(cfg.genesisFile(), Genesis.demo("crash-chain", 1_700_000_000_000L, demo.publicKey(), Map.of()).document().toString());
    KeyPair to = KeyPair.deterministic("crash-to");
    List<Hash32> acknowledged = new ArrayList<>();
    int port = LoopbackPorts.free();

    for (int round = 0; round < 4; round++) {
      Process p = startNode(data, port, log);
      LazaretClient c = awaitUp(port, p);
      long killAt = System.nanoTime() + (300 + random.nextInt(1_500)) * 1_000_000L;
      List<Hash32> inFlight = new ArrayList<>();
      try {
        while (System.nanoTime() < killAt) {
          for (int i = 0; i < 20; i++) {
            inFlight.add(c.submit(c.sign(demo, "token", "transfer", CanonicalJson.object().put("to", to.publicKey().hex()).put("amount", 1), Duration.ofMinutes(10))));
          }
          for (Hash32 id : inFlight) {
            if (c.await(id, Duration.ofSeconds(20)).path("status").asText().equals("committed")) {
              acknowledged.add(id);
            }
          }
          inFlight.clear();
          // Leave some transactions in flight at the moment of the kill.
          inFlight.add(c.submit(c.sign(demo, "token", "transfer", CanonicalJson.object().put("to", to.publicKey().hex()).put("amount", 1), Duration.ofMinutes(10))));
        }
      } finally {
        p.destroyForcibly().waitFor();
      }
    }

    Process p = startNode(data, port, log);
    try {
      LazaretClient c = awaitUp(port, p);
      for (Hash32 id : acknowledged) {
        JsonNode s = c.status(id);
        assertThat(s.path("status").asText()).as("acknowledged %s", id).isEqualTo("committed");
      }
      long balance = c.state("token/balance/" + to.publicKey().hex()).map(v -> v.path("value").asLong()).orElse(0L);
      assertThat(balance).isGreaterThanOrEqualTo(acknowledged.size());
      assertThat(acknowledged).isNotEmpty();
    } catch (ApiException e) {
      throw new AssertionError(Files.readString(log), e);
    } finally {
      p.destroy();
      p.waitFor();
    }

    try (LedgerStore stored = LedgerStore.open(cfg.chainDir()); LedgerStore replay = LedgerStore.open(dir.resolve("replay"))) {
      ChainVerifier.verify(stored, h -> {});
      Genesis genesis = new Genesis(new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(cfg.genesisFile())));
      Executor executor = new Executor(genesis.chainId(), BuiltInContracts.all());
      replay.commit(genesis.block(executor));
      BlockApplier applier = new BlockApplier(replay, executor, java.util.concurrent.Executors.newSingleThreadExecutor());
      long top = stored.head().orElseThrow().height();
      for (long h = 1; h <= top; h++) {
        Block b = stored.block(h).orElseThrow();
        applier.apply(applier.appliedPosition() + 1, new OrderedBatch(b.header().timestampMillis(), b.transactions()));
        applier.flush();
        assertThat(replay.head().orElseThrow().hash()).as("block %d replayed", h).isEqualTo(b.hash());
      }
      assertThat(replay.head().map(x -> x.header().stateRoot())).isEqualTo(Optional.of(stored.head().orElseThrow().header().stateRoot()));
    }
  }
}
