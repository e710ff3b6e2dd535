package org.lazaret.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.sdk.LazaretClient;

/**
 * Clients that keep sending token transfers to a cluster while faults happen, as real clients
 * would: each has its own sender key and a node it prefers, sends a few transfers with consecutive
 * nonces, waits for them, and moves to the next node when its node fails. A transfer counts as
 * acknowledged only when a node answered "committed" for it; those are what must never be lost.
 * After a failure the next nonce is read again from the node, so transfers whose fate was unknown
 * may be superseded (and revert in a later block); supply and balances still must add up.
 */
final class TransferLoad implements AutoCloseable {
  private static final int CHUNK = 8;
  private static final Duration AWAIT = Duration.ofSeconds(20);

  private final ProcessCluster cluster;
  private final String chainId;
  private final KeyPair sink = KeyPair.deterministic("fault-sink");
  private final List<KeyPair> senders = new ArrayList<>();
  private final List<Hash32> acknowledged = Collections.synchronizedList(new ArrayList<>());
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicInteger idle = new AtomicInteger();
  private final KeyPair demo;
  /** The nodes the clients use, 1..nodes, fixed when the load starts. */
  private final int nodes;
  private volatile boolean paused;
  private volatile boolean running = true;

  /** Funds one sender per client from {@code demo} (1,000 tokens each) and starts the clients. */
  TransferLoad(ProcessCluster cluster, KeyPair demo, int clients) throws InterruptedException {
    this.cluster = cluster;
    this.demo = demo;
    this.nodes = cluster.size;
    LazaretClient first = cluster.client(1);
    this.chainId = first.health().path("chainId").asText();
    for (int c = 0; c < clients; c++) {
      KeyPair s = KeyPair.deterministic("fault-sender-" + c);
      senders.add(s);
      Hash32 id = first.submit(transfer(demo, first.account(demo.publicKey()).path("nextNonce").asLong(), s.publicKey(), 1_000));
      assertThat(first.await(id, AWAIT).path("status").asText()).isEqualTo("committed");
    }
    for (int c = 0; c < clients; c++) {
      int client = c;
      threads.add(Thread.ofPlatform().name("transfer-load-" + c).start(() -> run(client)));
    }
  }

  private SignedTransaction transfer(KeyPair from, long nonce, PublicKey to, long amount) {
    return Transaction.of(chainId, from.publicKey(), nonce, "token", "transfer",
        CanonicalJson.object().put("to", to.hex()).put("amount", amount), System.currentTimeMillis() + 600_000).sign(from);
  }

  private void run(int client) {
    KeyPair from = senders.get(client);
    int node = client % nodes + 1;
    while (running) {
      if (paused) {
        idle.incrementAndGet();
        while (paused && running) {
          sleep(20);
        }
        idle.decrementAndGet();
        continue;
      }
      LazaretClient c = cluster.client(node);
      try {
        long nonce = c.account(from.publicKey()).path("nextNonce").asLong();
        List<Hash32> sent = new ArrayList<>();
        for (int k = 0; k < CHUNK; k++) {
          sent.add(c.submit(transfer(from, nonce + k, sink.publicKey(), 1)));
        }
        for (Hash32 id : sent) {
          if (paused) {
            break; // their fate is left unknown: they are not counted as acknowledged
          }
          if (c.await(id, AWAIT).path("status").asText().equals("committed")) {
            acknowledged.add(id);
          }
        }
      } catch (RuntimeException nodeDownOrRefused) {
        node = node % nodes + 1;
        sleep(200);
      }
    }
  }

  /** Stops the clients after their current transfers and waits until all are idle. */
  void pause() throws InterruptedException {
    paused = true;
    ProcessCluster.await(Duration.ofSeconds(90), "every load client to finish its transfers", () -> idle.get() == threads.size());
  }

  void resume() {
    paused = false;
  }

  List<Hash32> acknowledged() {
    synchronized (acknowledged) {
      return List.copyOf(acknowledged);
    }
  }

  /** Every key that can hold tokens in this test: the demo key, the senders and the sink. */
  List<PublicKey> holders() {
    List<PublicKey> keys = new ArrayList<>();
    keys.add(demo.publicKey());
    senders.forEach(s -> keys.add(s.publicKey()));
    keys.add(sink.publicKey());
    return keys;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    paused = false;
    for (Thread t : threads) {
      t.join(30_000);
    }
  }
}
