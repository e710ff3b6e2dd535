package org.lazaret.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.lazaret.core.InvariantViolation;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Goal: whatever sequence of blocks is committed — writes, deletes of present and absent keys,
 * empty values, keys that prefix one another, refused commits, reopens in between — the state
 * read back equals a sorted-map model, and the state root rebuilt from the stored values (as
 * start-up verification does) equals the head's state root, which was computed by updating the
 * tree over the store's own nodes. Method: jqwik generates the step sequence; each try gets a
 * fresh RocksDB directory.
 */
class StateModelPropertyTest {
  private static final List<String> KEYS =
      List.of("", "a", "a\u0000", "ab", "token/balance/alice", "token/balance/bob", "token/supply", "é/ünïcode", "k".repeat(300));
  private static final KeyPair SENDER = KeyPair.deterministic("property-sender");

  sealed interface Step permits Commit, Reopen, Refused {}

  record Commit(SortedMap<String, Optional<Bytes>> writes, int txCount) implements Step {}

  record Reopen() implements Step {}

  /** A block at the head's own height (or, on an empty store, at height 1): must change nothing. */
  record Refused() implements Step {}

  @Provide
  Arbitrary<List<Step>> runs() {
    Arbitrary<Optional<Bytes>> values =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(Optional.<Bytes>empty())),
            Tuple.of(1, Arbitraries.just(Optional.of(Bytes.EMPTY))),
            Tuple.of(5, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(48).map(b -> Optional.of(Bytes.of(b)))));
    Arbitrary<Step> commit =
        Arbitraries.maps(Arbitraries.of(KEYS), values)
            .ofMaxSize(KEYS.size())
            .flatMap(m -> Arbitraries.integers().between(0, 2).map(n -> (Step) new Commit(new TreeMap<>(m), n)));
    Arbitrary<Step> step =
        Arbitraries.frequencyOf(Tuple.of(8, commit), Tuple.of(1, Arbitraries.just(new Reopen())), Tuple.of(1, Arbitraries.just(new Refused())));
    return step.list().ofMinSize(1).ofMaxSize(10);
  }

  @Property(tries = 40)
  void stateAndRootFollowTheModel(@ForAll("runs") List<Step> steps) throws IOException {
    Path dir = Files.createTempDirectory("lazaret-storage-property");
    try {
      run(dir, steps);
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void run(Path dir, List<Step> steps) {
    TreeMap<String, Bytes> model = new TreeMap<>();
    long[] nonce = {0};
    long blocks = 0;
    long txs = 0;
    LedgerStore store = LedgerStore.open(dir);
    try {
      for (Step step : steps) {
        switch (step) {
          case Commit c -> {
            List<SignedTransaction> body = new ArrayList<>();
            List<Receipt> receipts = new ArrayList<>();
            for (int i = 0; i < c.txCount(); i++) {
              SignedTransaction tx = TestChain.tx(SENDER, nonce[0]++);
              body.add(tx);
              receipts.add(TestChain.applied(tx));
            }
            store.commit(TestChain.commitAfter(store.head(), store.nodes(), body, receipts, c.writes()));
            for (Map.Entry<String, Optional<Bytes>> w : c.writes().entrySet()) {
              if (w.getValue().isPresent()) {
                model.put(w.getKey(), w.getValue().get());
              } else {
                model.remove(w.getKey());
              }
            }
            blocks++;
            txs += c.txCount();
          }
          case Reopen r -> {
            store.close();
            store = LedgerStore.open(dir);
          }
          case Refused r -> {
            Optional<ChainHead> head = store.head();
            BlockCommit valid = TestChain.commitAfter(head, store.nodes(), List.of(), List.of(), new TreeMap<>(Map.of("refused", Optional.of(Bytes.utf8("x")))));
            BlockHeader h = valid.block().header();
            long wrongHeight = head.map(ChainHead::height).orElse(1L);
            BlockCommit stale =
                new BlockCommit(
                    new Block(new BlockHeader(h.chainId(), wrongHeight, h.previousHash(), h.timestampMillis(), h.txRoot(), h.receiptRoot(), h.stateRoot(), 0), List.of()),
                    List.of(),
                    valid.writes(),
                    valid.tree());
            LedgerStore s = store;
            assertThatThrownBy(() -> s.commit(stale)).isInstanceOf(InvariantViolation.class);
            assertThat(store.head()).isEqualTo(head);
          }
        }
        assertMatches(store, model);
      }
      store.close();
      store = LedgerStore.open(dir);
      assertMatches(store, model);
      ChainVerifier.Report report = ChainVerifier.verify(store, h -> {});
      assertThat(report).isEqualTo(new ChainVerifier.Report(blocks, txs, model.size()));
    } finally {
      store.close();
    }
  }

  private static void assertMatches(LedgerStore store, TreeMap<String, Bytes> model) {
    for (String k : KEYS) {
      assertThat(store.stateValue(k).map(Bytes::of)).as("state of %s", k).isEqualTo(Optional.ofNullable(model.get(k)));
    }
    assertThat(store.stateValue("refused")).isEmpty();
    TreeMap<String, Bytes> stored = new TreeMap<>();
    store.forEachState((k, v) -> stored.put(new String(k, StandardCharsets.UTF_8), Bytes.of(v)));
    assertThat(stored).isEqualTo(model);
    Hash32 expected = store.head().map(h -> h.header().stateRoot()).orElse(Hash32.ZERO);
    assertThat(TestChain.rootOf(stored)).as("root rebuilt from the stored state").isEqualTo(expected);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
