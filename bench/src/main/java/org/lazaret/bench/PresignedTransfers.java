package org.lazaret.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;
import org.lazaret.node.genesis.Genesis;

/**
 * The benchmark's load, signed before any clock starts so that signing costs the measurement
 * nothing: token transfers among {@link #SENDERS} funded senders, ordered round-robin over senders
 * so that each batch holds consecutive nonces of many of them. The same transfers can be replayed
 * against several fresh chains of the same genesis (a single node and a cluster in one run).
 * Every {@link #SAMPLE_EVERY}th transfer is sampled for latency, which keeps the id index small.
 */
final class PresignedTransfers {
  static final String CHAIN_ID = "bench";
  static final int SENDERS = 4_000;
  static final int SAMPLE_EVERY = 16;
  /**
   * At most this many are signed (about 1 GiB of the benchmark's heap); a window that would need
   * more ends with an error rather than a figure measured on a load that ran dry.
   */
  static final long MAX = 4_000_000;

  final byte[][] encoded;
  /** Sampled transfer ids to their index in {@link #encoded}. */
  final Map<Hash32, Integer> sampled;
  final List<KeyPair> senders;
  /** A funded key no transfer uses: for a probe transaction after the load (failover). */
  final KeyPair spare = KeyPair.deterministic("bench-spare");
  private final KeyPair demo = KeyPair.deterministic("bench-demo");

  private PresignedTransfers(byte[][] encoded, Map<Hash32, Integer> sampled, List<KeyPair> senders) {
    this.encoded = encoded;
    this.sampled = sampled;
    this.senders = senders;
  }

  /** Signs at least {@code total} transfers, in parallel on all cores. */
  static PresignedTransfers sign(long total, PrintStream out) {
    List<KeyPair> senders = IntStream.range(0, SENDERS).parallel().mapToObj(i -> KeyPair.deterministic("bench-sender-" + i)).toList();
    int perSender = (int) Math.ceil((double) total / SENDERS);
    out.printf("pre-signing %d transfers from %d senders...%n", (long) perSender * SENDERS, SENDERS);
    long expires = System.currentTimeMillis() + 3_600_000L;
    List<PublicKey> targets = senders.stream().map(KeyPair::publicKey).toList();
    byte[][] encoded = new byte[perSender * SENDERS][];
    Hash32[] ids = new Hash32[encoded.length];
    IntStream.range(0, SENDERS).parallel().forEach(s -> {
      KeyPair k = senders.get(s);
      for (int n = 0; n < perSender; n++) {
        PublicKey to = targets.get((s + 1 + n) % SENDERS);
        SignedTransaction tx = Transaction.of(CHAIN_ID, k.publicKey(), n, "token", "transfer", CanonicalJson.object().put("to", to.hex()).put("amount", 1 + (n % 7)), expires).sign(k);
        int index = n * SENDERS + s;
        encoded[index] = tx.encode();
        if (index % SAMPLE_EVERY == 0) {
          ids[index] = tx.id();
        }
      }
    });
    Map<Hash32, Integer> sampled = new HashMap<>();
    for (int i = 0; i < ids.length; i += SAMPLE_EVERY) {
      sampled.put(ids[i], i);
    }
    return new PresignedTransfers(encoded, Map.copyOf(sampled), senders);
  }

  /** The genesis that funds every sender and the spare key. */
  ObjectNode genesis(long timestampMillis) {
    ObjectNode doc = (ObjectNode) Genesis.demo(CHAIN_ID, timestampMillis, demo.publicKey(), Map.of()).document();
    ArrayNode balances = doc.putArray("balances");
    balances.addObject().put("key", demo.publicKey().hex()).put("amount", 1_000_000);
    balances.addObject().put("key", spare.publicKey().hex()).put("amount", 1_000_000);
    for (KeyPair s : senders) {
      balances.addObject().put("key", s.publicKey().hex()).put("amount", 1_000_000_000L);
    }
    return doc;
  }

  /** A transfer from the spare key with nonce {@code nonce}, not among the pre-signed ones. */
  SignedTransaction spareTransfer(long nonce) {
    return Transaction.of(CHAIN_ID, spare.publicKey(), nonce, "token", "transfer", CanonicalJson.object().put("to", demo.publicKey().hex()).put("amount", 1), System.currentTimeMillis() + 600_000).sign(spare);
  }
}
