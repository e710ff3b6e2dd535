package org.lazaret.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.state.SmtNodeSource;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * Seeded builders of core values, shipped in the core test-jar so that every module builds its
 * transactions, blocks and state trees the same reproducible way. Everything random takes a
 * {@link Random}; boundary values (nonce 0 and Long.MAX_VALUE, empty arguments, 64-character
 * names) are drawn with a raised weight, because that is where encodings break.
 */
public final class TestFixtures {
  private TestFixtures() {}

  public static final String CHAIN_ID = "lazaret-test";
  /** 2030-03-17: far enough ahead that fixtures do not expire in any test clock. */
  public static final long EXPIRES_AT_MILLIS = 1_900_000_000_000L;
  /** A block time used by fixtures that do not care about time. */
  public static final long TIMESTAMP_MILLIS = 1_700_000_000_000L;

  private static final List<KeyPair> KEYS = List.of(key("alice"), key("bob"), key("carol"), key("dave"), key("erin"));

  public static KeyPair key(String label) {
    return KeyPair.deterministic(label);
  }

  /** A small fixed set of keys, so random transactions come from a few recurring senders. */
  public static List<KeyPair> keys() {
    return KEYS;
  }

  // ---------------------------------------------------------------- transactions

  public static Transaction transferBody(PublicKey from, PublicKey to, long amount, long nonce) {
    ObjectNode args = CanonicalJson.object();
    args.put("amount", amount);
    args.put("to", to.hex());
    return Transaction.of(CHAIN_ID, from, nonce, "token", "transfer", args, EXPIRES_AT_MILLIS);
  }

  public static SignedTransaction transfer(KeyPair from, PublicKey to, long amount, long nonce) {
    return transferBody(from.publicKey(), to, amount, nonce).sign(from);
  }

  /** A valid transaction body from {@code sender} with random fields and boundary values. */
  public static Transaction randomTransaction(Random r, PublicKey sender) {
    return new Transaction(
        randomChainId(r),
        sender,
        randomNonce(r),
        randomName(r),
        randomName(r),
        Bytes.owning(CanonicalJson.encode(randomArgs(r))),
        1 + (r.nextInt(8) == 0 ? Long.MAX_VALUE - 1 : (r.nextLong() >>> 1) % (Long.MAX_VALUE - 1)));
  }

  public static SignedTransaction randomSignedTx(Random r) {
    KeyPair k = KEYS.get(r.nextInt(KEYS.size()));
    return randomTransaction(r, k.publicKey()).sign(k);
  }

  public static long randomNonce(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> 0;
      case 1 -> Long.MAX_VALUE;
      case 2 -> r.nextInt(10);
      default -> r.nextLong() >>> 1;
    };
  }

  /** Matches {@code [A-Za-z0-9][A-Za-z0-9_.-]{0,63}}; one in four is the full 64 characters. */
  public static String randomChainId(Random r) {
    String first = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    return pick(r, first) + randomTail(r);
  }

  /** Matches {@code [a-z][A-Za-z0-9_.-]{0,63}}; one in four is the full 64 characters. */
  public static String randomName(Random r) {
    return pick(r, "abcdefghijklmnopqrstuvwxyz") + randomTail(r);
  }

  private static String randomTail(Random r) {
    String rest = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-";
    int n = switch (r.nextInt(4)) {
      case 0 -> 63;
      case 1 -> 0;
      default -> r.nextInt(64);
    };
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(pick(r, rest));
    }
    return sb.toString();
  }

  private static char pick(Random r, String chars) {
    return chars.charAt(r.nextInt(chars.length()));
  }

  // ---------------------------------------------------------------- JSON

  /** A random JSON object of small depth; one in five is the empty object {@code {}}. */
  public static ObjectNode randomArgs(Random r) {
    if (r.nextInt(5) == 0) {
      return CanonicalJson.object();
    }
    return randomObject(r, 3);
  }

  public static ObjectNode randomObject(Random r, int depth) {
    ObjectNode o = CanonicalJson.object();
    int n = r.nextInt(5);
    for (int i = 0; i < n; i++) {
      o.set(randomString(r, 8), randomJson(r, depth - 1));
    }
    return o;
  }

  /** Any canonical-JSON value: integers (also beyond 64 bits), strings, booleans, null, arrays, objects. */
  public static JsonNode randomJson(Random r, int depth) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    int choice = r.nextInt(depth > 0 ? 9 : 7);
    return switch (choice) {
      case 0 -> f.numberNode(r.nextLong());
      case 1 -> f.numberNode(new BigInteger(100, r).subtract(BigInteger.ONE.shiftLeft(99)));
      case 2 -> f.numberNode(r.nextInt(3) - 1);
      case 3, 4 -> f.textNode(randomString(r, 12));
      case 5 -> f.booleanNode(r.nextBoolean());
      case 6 -> f.nullNode();
      case 7 -> {
        ArrayNode a = f.arrayNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          a.add(randomJson(r, depth - 1));
        }
        yield a;
      }
      default -> randomObject(r, depth - 1);
    };
  }

  /** Strings with the characters JSON writers get wrong: quotes, escapes, controls, non-ASCII, emoji. */
  public static String randomString(Random r, int maxLength) {
    String[] pieces = {
      "a", "b", "Z", "0", "9", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f", "\u007f", "é", "中", "\u2028",
      "\uD83D\uDE00", "\uFFFF", "\uD800", "\uDFFF", "key", "_"
    };
    int n = r.nextInt(maxLength + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(pieces[r.nextInt(pieces.length)]);
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- receipts and blocks

  public static Receipt applied(SignedTransaction tx) {
    return new Receipt.Applied(tx.id(), List.of());
  }

  public static Receipt randomReceipt(Random r) {
    Hash32 id = randomHash(r);
    if (r.nextBoolean()) {
      int n = r.nextInt(6) == 0 ? Limits.RECEIPT_EVENT_COUNT_MAX : r.nextInt(4);
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        events.add(Event.of(randomName(r), randomName(r), randomJson(r, 2)));
      }
      return new Receipt.Applied(id, events);
    }
    return new Receipt.Reverted(id, randomName(r), randomString(r, 40));
  }

  public static Hash32 randomHash(Random r) {
    byte[] b = new byte[Hash32.LENGTH];
    r.nextBytes(b);
    return Hash32.wrap(b);
  }

  public static Hash32 receiptRoot(List<Receipt> receipts) {
    List<Hash32> leaves = new ArrayList<>(receipts.size());
    for (Receipt rc : receipts) {
      leaves.add(rc.leafHash());
    }
    return MerkleTree.rootOfLeafHashes(leaves);
  }

  /** A block whose transaction and receipt roots match its body (every transaction applied). */
  public static Block block(long height, Hash32 previousHash, Hash32 stateRoot, List<SignedTransaction> txs) {
    List<Receipt> receipts = new ArrayList<>(txs.size());
    for (SignedTransaction tx : txs) {
      receipts.add(applied(tx));
    }
    BlockHeader header =
        new BlockHeader(
            CHAIN_ID,
            height,
            previousHash,
            TIMESTAMP_MILLIS + height * 1000,
            Block.txTree(txs).root(),
            receiptRoot(receipts),
            stateRoot,
            txs.size());
    return new Block(header, txs);
  }

  public static Block block(long height, Hash32 previousHash, List<SignedTransaction> txs) {
    return block(height, previousHash, Hash32.ZERO, txs);
  }

  public static Block randomBlock(Random r, int txCount) {
    List<SignedTransaction> txs = new ArrayList<>(txCount);
    for (int i = 0; i < txCount; i++) {
      txs.add(randomSignedTx(r));
    }
    return block(r.nextInt(3) == 0 ? 0 : r.nextLong() >>> 1, randomHash(r), randomHash(r), txs);
  }

  public static BlockHeader randomHeader(Random r) {
    return new BlockHeader(
        randomChainId(r),
        r.nextInt(4) == 0 ? (r.nextBoolean() ? 0 : Long.MAX_VALUE) : r.nextLong() >>> 1,
        randomHash(r),
        r.nextLong(),
        randomHash(r),
        randomHash(r),
        r.nextInt(4) == 0 ? Hash32.ZERO : randomHash(r),
        r.nextInt(4) == 0 ? Limits.BLOCK_TX_COUNT_MAX : r.nextInt(100));
  }

  // ---------------------------------------------------------------- state

  public static Hash32 keyHash(String key) {
    return Hash32.sha256(key.getBytes(StandardCharsets.UTF_8));
  }

  public static Hash32 valueHash(String value) {
    return Hash32.sha256(value.getBytes(StandardCharsets.UTF_8));
  }

  /** The sparse Merkle tree's node store as a map: what RocksDB is in a node. */
  public static final class MemoryNodes implements SmtNodeSource {
    private final Map<Hash32, SmtNode> nodes = new HashMap<>();

    @Override
    public Optional<SmtNode> node(Hash32 hash) {
      return Optional.ofNullable(nodes.get(hash));
    }

    /** Stores the created nodes and returns the new root. */
    public Hash32 store(SparseMerkleTree.Result result) {
      nodes.putAll(result.created());
      return result.root();
    }

    /** Applies the updates (any order; sorted here) to {@code root}, stores the nodes, returns the new root. */
    public Hash32 apply(Hash32 root, Map<Hash32, Optional<Hash32>> updates) {
      return store(update(root, updates));
    }

    /** As {@link #apply}, returning the whole result (created and superseded nodes) after storing it. */
    public SparseMerkleTree.Result update(Hash32 root, Map<Hash32, Optional<Hash32>> updates) {
      SparseMerkleTree.Result result = SparseMerkleTree.update(this, root, sorted(updates));
      store(result);
      return result;
    }

    /** The updates as the tree takes them: one per key, sorted by key hash. */
    public static List<SparseMerkleTree.Update> sorted(Map<Hash32, Optional<Hash32>> updates) {
      List<SparseMerkleTree.Update> sorted = new ArrayList<>();
      updates.entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> sorted.add(new SparseMerkleTree.Update(e.getKey(), e.getValue())));
      return sorted;
    }

    public int size() {
      return nodes.size();
    }
  }
}
