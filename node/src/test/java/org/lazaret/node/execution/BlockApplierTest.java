package org.lazaret.node.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.lazaret.consensus.OrderedBatch;
import org.lazaret.contracts.Executor;
import org.lazaret.contracts.token.TokenContract;
import org.lazaret.core.block.Block;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.BuiltInContracts;
import org.lazaret.node.genesis.Genesis;
import org.lazaret.storage.LedgerStore;
import org.lazaret.storage.TxLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transaction that consensus orders more than once (a client's retry that reached two leaders)
 * must run once: within a batch, against the block still being written, and against the chain.
 */
class BlockApplierTest {
  private static final String CHAIN = "applier-test";
  private static final KeyPair DEMO = KeyPair.deterministic("applier-demo");
  private static final KeyPair OTHER = KeyPair.deterministic("applier-other");

  @TempDir Path dir;

  private static SignedTransaction transfer(long nonce, long amount) {
    return Transaction.of(CHAIN, DEMO.publicKey(), nonce, TokenContract.NAME, "transfer", CanonicalJson.object().put("to", OTHER.publicKey().hex()).put("amount", amount), Long.MAX_VALUE / 2)
        .sign(DEMO);
  }

  @Test
  void aTransactionOrderedAgainRunsOnce() {
    Executor executor = new Executor(CHAIN, BuiltInContracts.all());
    ExecutorService persister = Executors.newSingleThreadExecutor();
    try (LedgerStore store = LedgerStore.open(dir)) {
      store.commit(Genesis.demo(CHAIN, 1_700_000_000_000L, DEMO.publicKey(), Map.of()).block(executor));
      SignedTransaction t0 = transfer(0, 5);
      SignedTransaction t1 = transfer(1, 7);
      SignedTransaction t2 = transfer(2, 11);
      try (BlockApplier applier = new BlockApplier(store, executor, persister)) {
        Block b1 = applier.execute(1, new OrderedBatch(1_700_000_001_000L, List.of(t0, t0)));
        // Executed while block 1 may still be on its way to disk, then once it is in the store.
        Block b2 = applier.execute(2, new OrderedBatch(1_700_000_002_000L, List.of(t0, t1)));
        applier.flush();
        Block b3 = applier.execute(3, new OrderedBatch(1_700_000_003_000L, List.of(t1, t0, t2, t2)));
        applier.flush();

        assertThat(b1.transactions()).containsExactly(t0);
        assertThat(b2.transactions()).containsExactly(t1);
        assertThat(b3.transactions()).containsExactly(t2);
        assertThat(store.locateAll(List.of(t0.id(), t1.id(), t2.id())))
            .containsExactly(java.util.Optional.of(new TxLocation(1, 0)), java.util.Optional.of(new TxLocation(2, 0)), java.util.Optional.of(new TxLocation(3, 0)));
        assertThat(store.stateValue(TokenContract.balanceKey(OTHER.publicKey())).map(String::new)).contains("23");
      }
    } finally {
      persister.shutdownNow();
    }
  }
}
