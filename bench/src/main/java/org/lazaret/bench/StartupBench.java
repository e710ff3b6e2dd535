package org.lazaret.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.contracts.Executor;
import org.lazaret.core.Limits;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.BuiltInContracts;
import org.lazaret.node.Node;
import org.lazaret.node.NodeConfig;
import org.lazaret.node.execution.BlockApplier;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.storage.LedgerStore;

/**
 * Node start-up time with a large chain on disk. Builds the chain by applying full blocks of
 * signed transfers directly (the ordering path, without HTTP), closes the store, then times
 * {@link Node#start}, which verifies every block, link, root and the state before serving.
 */
public final class StartupBench {
  private static final int SENDERS = 10_000;

  private StartupBench() {}

  public record Result(long transactions, long blocks, long buildMillis, long startMillis, long rssBytes) {
    public String json() {
      return String.format(Locale.ROOT, "{\"transactions\": %d, \"blocks\": %d, \"build_s\": %.1f, \"startup_s\": %.2f, \"rss_mib\": %d}", transactions, blocks, buildMillis / 1000.0, startMillis / 1000.0, rssBytes >> 20);
    }
  }

  public static Result run(long transactions, PrintStream out) throws Exception {
    Path dir = Files.createTempDirectory("lazaret-startup");
    try {
      return run(dir, transactions, out);
    } finally {
      SingleNodeBench.deleteTree(dir);
    }
  }

  private static Result run(Path dir, long transactions, PrintStream out) throws Exception {
    List<KeyPair> senders = IntStream.range(0, SENDERS).parallel().mapToObj(i -> KeyPair.deterministic("startup-" + i)).toList();
    KeyPair demo = KeyPair.deterministic("startup-demo");
    ObjectNode doc = (ObjectNode) Genesis.demo("startup", 1_700_000_000_000L, demo.publicKey(), Map.of()).document();
    var balances = doc.putArray("balances");
    for (KeyPair s : senders) {
      balances.addObject().put("key", s.publicKey().hex()).put("amount", 1_000_000_000L);
    }
    NodeConfig cfg = NodeConfig.defaults(dir, 0);
    Files.writeString(cfg.genesisFile(), doc.toString());
    Genesis genesis = new Genesis(doc);
    Executor executor = new Executor(genesis.chainId(), BuiltInContracts.all());
    long t0 = System.nanoTime();
    long blocks = 0;
    try (LedgerStore store = LedgerStore.open(cfg.chainDir())) {
      store.commit(genesis.block(executor));
      BlockApplier applier = new BlockApplier(store, executor, java.util.concurrent.Executors.newSingleThreadExecutor());
      int perBlock = Limits.BLOCK_TX_COUNT_MAX;
      long done = 0;
      long time = genesis.timestampMillis();
      long expires = Long.MAX_VALUE / 4;
      while (done < transactions) {
        int n = (int) Math.min(perBlock, transactions - done);
        long base = done;
        SignedTransaction[] txs = new SignedTransaction[n];
        IntStream.range(0, n).parallel().forEach(i -> {
          long seq = base + i;
          int s = (int) (seq % SENDERS);
          long nonce = seq / SENDERS;
          KeyPair k = senders.get(s);
          txs[i] = Transaction.of(genesis.chainId(), k.publicKey(), nonce, "token", "transfer", CanonicalJson.object().put("to", senders.get((s + 1) % SENDERS).publicKey().hex()).put("amount", 1), expires).sign(k);
        });
        time += 100;
        applier.apply(blocks + 1, new OrderedBatch(time, new ArrayList<>(List.of(txs))));
        done += n;
        blocks++;
        if (blocks % 25 == 0 || done == transactions) {
          out.printf("built %,d / %,d transactions (%d blocks)%n", done, transactions, blocks);
        }
      }
      applier.close();
    }
    long built = (System.nanoTime() - t0) / 1_000_000;
    out.println("starting a node on it (verifies every block and the state)...");
    long s0 = System.nanoTime();
    try (Node node = Node.start(cfg, List.of(), (why, cause) -> {
      throw new IllegalStateException(why, cause);
    })) {
      long started = (System.nanoTime() - s0) / 1_000_000;
      return new Result(transactions, blocks, built, started, SingleNodeBench.rssBytes());
    }
  }
}
