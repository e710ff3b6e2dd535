package org.lazaret.core.proof;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.lazaret.core.TestFixtures;
import org.lazaret.core.TestFixtures.MemoryNodes;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.Limits;
import org.lazaret.core.state.SmtProof;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * Proof files built from a real small block: they hold for the block's hash, and any other hash,
 * or any single changed, inserted or removed byte, makes them fail with a one-line reason.
 */
public class ProofFileTest {
  static final KeyPair ALICE = TestFixtures.key("alice");
  static final KeyPair BOB = TestFixtures.key("bob");

  /** A block of five transfers over a state of twenty keys. */
  static final class Fixture {
    final MemoryNodes nodes = new MemoryNodes();
    final Map<String, String> state = new TreeMap<>();
    final List<SignedTransaction> txs = new ArrayList<>();
    final Block block;
    final Hash32 stateRoot;

    Fixture() {
      Map<Hash32, Optional<Hash32>> writes = new TreeMap<>();
      for (int i = 0; i < 20; i++) {
        String key = "balance/" + i;
        String value = "{\"amount\":" + (i * 100) + "}";
        state.put(key, value);
        writes.put(TestFixtures.keyHash(key), Optional.of(TestFixtures.valueHash(value)));
      }
      stateRoot = nodes.apply(Hash32.ZERO, writes);
      for (int i = 0; i < 5; i++) {
        txs.add(TestFixtures.transfer(i % 2 == 0 ? ALICE : BOB, (i % 2 == 0 ? BOB : ALICE).publicKey(), 10 + i, i / 2));
      }
      block = TestFixtures.block(7, Hash32.sha256(new byte[] {6}), stateRoot, txs);
    }

    BlockHeader header() {
      return block.header();
    }

    byte[] txProof(int index) {
      return ProofFile.txProof(header(), txs.get(index), Block.txTree(txs).prove(index));
    }

    byte[] stateProof(String key) {
      SmtProof p = SparseMerkleTree.prove(nodes, stateRoot, TestFixtures.keyHash(key));
      Optional<byte[]> value = Optional.ofNullable(state.get(key)).map(v -> v.getBytes(StandardCharsets.UTF_8));
      return ProofFile.stateProof(header(), key, value, p);
    }

    /** An absent key whose path ends in an empty subtree (wantLeaf false) or in another key's leaf. */
    String absentKey(boolean wantLeaf) {
      for (int i = 0; ; i++) {
        String k = "absent/" + i;
        SmtProof p = SparseMerkleTree.prove(nodes, stateRoot, TestFixtures.keyHash(k));
        if (p.terminal().isPresent() == wantLeaf) {
          return k;
        }
      }
    }
  }

  static final Fixture F = new Fixture();

  /** For the fuzz test, whose proof-file seeds are this fixture's proofs. */
  public static Hash32 fixtureBlockHash() {
    return F.block.hash();
  }

  /** For regenerating the fuzz seeds. */
  public static List<byte[]> fixtureProofs() {
    return allProofs();
  }

  static List<byte[]> allProofs() {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < F.txs.size(); i++) {
      out.add(F.txProof(i));
    }
    out.add(F.stateProof("balance/3"));
    out.add(F.stateProof(F.absentKey(false)));
    out.add(F.stateProof(F.absentKey(true)));
    return out;
  }

  /** One of each kind for the exhaustive byte-by-byte tests: first and last transaction, three state proofs. */
  static List<byte[]> representativeProofs() {
    List<byte[]> all = allProofs();
    return List.of(all.get(0), all.get(4), all.get(5), all.get(6), all.get(7));
  }

  @Test
  void everyProofHoldsForTheBlockHash() {
    for (byte[] file : allProofs()) {
      assertThat(ProofFile.verify(file, F.block.hash())).as(new String(file, StandardCharsets.UTF_8)).isInstanceOf(ProofCheck.Holds.class);
      assertThat(CanonicalJson.isCanonical(Arrays.copyOf(file, file.length - 1))).isTrue();
      assertThat(file[file.length - 1]).isEqualTo((byte) '\n');
    }
  }

  @Test
  void summariesSayWhatWasProved() {
    assertThat(((ProofCheck.Holds) ProofFile.verify(F.txProof(2), F.block.hash())).summary())
        .isEqualTo("transaction " + F.txs.get(2).id().hex() + " is at index 2 of block 7");
    assertThat(((ProofCheck.Holds) ProofFile.verify(F.stateProof("balance/3"), F.block.hash())).summary())
        .isEqualTo("state key 'balance/3' held {\"amount\":300} after block 7");
    String absent = F.absentKey(true);
    assertThat(((ProofCheck.Holds) ProofFile.verify(F.stateProof(absent), F.block.hash())).summary())
        .isEqualTo("state key '" + absent + "' had no value after block 7");
  }

  @Test
  void everyProofFailsForAnotherBlockHash() {
    Hash32 other = TestFixtures.block(8, F.block.hash(), F.stateRoot, F.txs).hash();
    for (byte[] file : allProofs()) {
      ProofCheck c = ProofFile.verify(file, other);
      assertFailsOnOneLine(c);
      assertThat(((ProofCheck.Fails) c).reason()).startsWith("header:").contains(other.hex());
    }
  }

  @Test
  void aStateProofCannotClaimAValueTheKeyDoesNotHave() {
    SmtProof p = SparseMerkleTree.prove(F.nodes, F.stateRoot, TestFixtures.keyHash("balance/3"));
    byte[] lie = ProofFile.stateProof(F.header(), "balance/3", Optional.of("{\"amount\":301}".getBytes(StandardCharsets.UTF_8)), p);
    assertFailsOnOneLine(ProofFile.verify(lie, F.block.hash()));
    byte[] hidden = ProofFile.stateProof(F.header(), "balance/3", Optional.empty(), p);
    assertFailsOnOneLine(ProofFile.verify(hidden, F.block.hash()));
    byte[] otherKey = ProofFile.stateProof(F.header(), "balance/4", Optional.of("{\"amount\":300}".getBytes(StandardCharsets.UTF_8)), p);
    assertFailsOnOneLine(ProofFile.verify(otherKey, F.block.hash()));
  }

  @Test
  void aTxProofCannotMoveATransactionToAnotherIndexOrBlockSize() {
    SignedTransaction tx = F.txs.get(1);
    var path = Block.txTree(F.txs).prove(1);
    byte[] moved = ProofFile.txProof(F.header(), tx, new org.lazaret.core.merkle.MerkleProof(2, 5, path.path()));
    assertFailsOnOneLine(ProofFile.verify(moved, F.block.hash()));
    byte[] resized = ProofFile.txProof(F.header(), tx, new org.lazaret.core.merkle.MerkleProof(1, 6, path.path()));
    assertThat(((ProofCheck.Fails) ProofFile.verify(resized, F.block.hash())).reason()).startsWith("count:");
    SignedTransaction notInBlock = TestFixtures.transfer(ALICE, BOB.publicKey(), 999, 9);
    byte[] stranger = ProofFile.txProof(F.header(), notInBlock, path);
    assertFailsOnOneLine(ProofFile.verify(stranger, F.block.hash()));
  }

  @Test
  void aTxProofWithABadSignatureFails() {
    SignedTransaction forged = SignedTransaction.withSignature(F.txs.get(0).body(), new byte[64]);
    List<SignedTransaction> txs = List.of(forged);
    Block b = TestFixtures.block(1, Hash32.ZERO, txs);
    byte[] file = ProofFile.txProof(b.header(), forged, Block.txTree(txs).prove(0));
    assertThat(((ProofCheck.Fails) ProofFile.verify(file, b.hash())).reason()).startsWith("tx: signature");
  }

  @Test
  void proofsOfTheLargestTransactionAndStateValueHold() {
    // The file holds the transaction and the value in hex: twice their byte limits, as JSON strings.
    String filler = "x".repeat(Limits.TX_ARGS_BYTES_MAX - "{\"p\":\"\"}".length());
    Transaction big =
        new Transaction("C".repeat(64), ALICE.publicKey(), Long.MAX_VALUE, "c".repeat(64), "m".repeat(64), Bytes.utf8("{\"p\":\"" + filler + "\"}"), Long.MAX_VALUE);
    SignedTransaction tx = big.sign(ALICE);
    byte[] value = new byte[Limits.STATE_VALUE_BYTES_MAX];
    Arrays.fill(value, (byte) 'v');
    MemoryNodes nodes = new MemoryNodes();
    Hash32 root = nodes.apply(Hash32.ZERO, Map.of(TestFixtures.keyHash("big"), Optional.of(Hash32.sha256(value))));
    Block b = TestFixtures.block(1, Hash32.ZERO, root, List.of(tx));
    byte[] txFile = ProofFile.txProof(b.header(), tx, Block.txTree(List.of(tx)).prove(0));
    assertThat(ProofFile.verify(txFile, b.hash())).isInstanceOf(ProofCheck.Holds.class);
    byte[] stateFile = ProofFile.stateProof(b.header(), "big", Optional.of(value), SparseMerkleTree.prove(nodes, root, TestFixtures.keyHash("big")));
    assertThat(ProofFile.verify(stateFile, b.hash())).isInstanceOf(ProofCheck.Holds.class);
  }

  // ---------------------------------------------------------------- every byte of every file

  /** Replacement bytes tried at every position: neighbours, case, whitespace, hex digits, JSON syntax, non-ASCII. */
  private static final byte[] REPLACEMENTS = {'0', 'a', 'f', 'g', 'A', ' ', '\n', '"', ',', ':', '}', '\\', '-', (byte) 0xC3, 0};

  @Test
  void everySingleByteChangeAnywhereFails() {
    for (byte[] file : representativeProofs()) {
      for (int pos = 0; pos < file.length; pos++) {
        for (int variant = 0; variant < REPLACEMENTS.length + 3; variant++) {
          byte original = file[pos];
          byte replacement = switch (variant - REPLACEMENTS.length) {
            case 0 -> (byte) (original ^ 0x01);
            case 1 -> (byte) (original ^ 0x20); // upper-cases a hex letter, lower-cases a name letter
            case 2 -> (byte) (original + 1);
            default -> REPLACEMENTS[variant];
          };
          if (replacement == original) {
            continue;
          }
          byte[] changed = file.clone();
          changed[pos] = replacement;
          assertFailsOrProvesAnotherTrueAbsence(file, changed, pos);
        }
      }
    }
  }

  @Test
  void insertedWhitespaceAnywhereFails() {
    for (byte[] file : representativeProofs()) {
      for (int pos = 0; pos <= file.length; pos++) {
        for (byte ws : new byte[] {' ', '\n', '\t', '\r'}) {
          byte[] changed = new byte[file.length + 1];
          System.arraycopy(file, 0, changed, 0, pos);
          changed[pos] = ws;
          System.arraycopy(file, pos, changed, pos + 1, file.length - pos);
          assertFailsOrProvesAnotherTrueAbsence(file, changed, pos);
        }
      }
    }
  }

  @Test
  void removingAnyByteBeforeTheFinalNewlineFails() {
    for (byte[] file : representativeProofs()) {
      for (int pos = 0; pos < file.length - 1; pos++) {
        byte[] changed = new byte[file.length - 1];
        System.arraycopy(file, 0, changed, 0, pos);
        System.arraycopy(file, pos + 1, changed, pos, file.length - pos - 1);
        assertFailsOrProvesAnotherTrueAbsence(file, changed, pos);
      }
    }
  }

  @Test
  void theFinalNewlineIsOptional() {
    // Documented leniency, not an accident: editors and shells add or drop a final newline.
    for (byte[] file : allProofs()) {
      assertThat(ProofFile.verify(Arrays.copyOf(file, file.length - 1), F.block.hash())).isInstanceOf(ProofCheck.Holds.class);
    }
  }

  @Property(tries = 300)
  void anyRandomByteChangeFails(@ForAll @IntRange(min = 0, max = 7) int which, @ForAll @IntRange(min = 0, max = 1 << 20) int at, @ForAll byte value) {
    byte[] file = allProofsCached().get(which);
    int pos = at % file.length;
    if (file[pos] == value) {
      return;
    }
    byte[] changed = file.clone();
    changed[pos] = value;
    assertFailsOrProvesAnotherTrueAbsence(file, changed, pos);
  }

  private static List<byte[]> cached;

  private static synchronized List<byte[]> allProofsCached() {
    if (cached == null) {
      cached = allProofs();
    }
    return cached;
  }

  @Test
  void addedFieldsFailEvenInCanonicalForm() {
    for (byte[] file : allProofs()) {
      var o = (com.fasterxml.jackson.databind.node.ObjectNode) CanonicalJson.parse("p", Arrays.copyOf(file, file.length - 1));
      o.put("note", "added later");
      assertFailsOnOneLine(ProofFile.verify(withNewline(CanonicalJson.encode(o)), F.block.hash()));
      if (o.has("terminal")) {
        var t = (com.fasterxml.jackson.databind.node.ObjectNode) o.get("terminal");
        o.remove("note");
        t.put("extra", 1);
        assertFailsOnOneLine(ProofFile.verify(withNewline(CanonicalJson.encode(o)), F.block.hash()));
      }
    }
  }

  @Test
  void upperCaseHexFailsInEveryHashField() {
    for (byte[] file : allProofs()) {
      String s = new String(file, StandardCharsets.UTF_8);
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([0-9a-f]{64})\"").matcher(s);
      int found = 0;
      while (m.find()) {
        String hex = m.group(1);
        int letter = -1;
        for (int i = 0; i < hex.length(); i++) {
          if (Character.isLetter(hex.charAt(i))) {
            letter = i;
            break;
          }
        }
        if (letter < 0) {
          continue;
        }
        found++;
        String upper = hex.substring(0, letter) + Character.toUpperCase(hex.charAt(letter)) + hex.substring(letter + 1);
        byte[] changed = (s.substring(0, m.start(1)) + upper + s.substring(m.end(1))).getBytes(StandardCharsets.UTF_8);
        assertFailsOnOneLine(ProofFile.verify(changed, F.block.hash()), changed, m.start(1) + letter);
      }
      assertThat(found).isGreaterThan(1);
    }
  }

  private static byte[] withNewline(byte[] json) {
    byte[] out = Arrays.copyOf(json, json.length + 1);
    out[json.length] = '\n';
    return out;
  }

  @Test
  void reasonsStayOnOneLineWhateverTheFileQuotes() {
    byte[] file = "{\"type\":\"x\\ny\"}\n".getBytes(StandardCharsets.UTF_8);
    ProofCheck c = ProofFile.verify(file, F.block.hash());
    assertFailsOnOneLine(c);
    assertThat(((ProofCheck.Fails) c).reason()).isEqualTo("type: unknown proof type 'x\\u000ay'");
  }

  @Test
  void garbageNeverThrows() {
    for (String s : List.of("", "\n", "{}", "[]", "null", "{\"type\":1}", "{\"type\":\"lazaret.proof.tx.v1\"}", "{\"type\":\"lazaret.proof.state.v1\"}", "\"x\"", "\u0000")) {
      assertFailsOnOneLine(ProofFile.verify(s.getBytes(StandardCharsets.UTF_8), F.block.hash()));
    }
  }

  static void assertFailsOnOneLine(ProofCheck c) {
    assertThat(c).isInstanceOf(ProofCheck.Fails.class);
    String reason = ((ProofCheck.Fails) c).reason();
    assertThat(reason).isNotBlank().doesNotContain("\n");
  }

  /**
   * A changed byte must make the check fail — with one exception that is not a forgery: an
   * absence proof ends in an empty subtree or a foreign leaf, which proves absence for every key
   * on that path. Changing the key to another absent key on the same path yields a valid proof
   * of a different, true statement. That is the only way a changed file may still hold.
   */
  private static void assertFailsOrProvesAnotherTrueAbsence(byte[] original, byte[] changed, int pos) {
    ProofCheck c = ProofFile.verify(changed, F.block.hash());
    if (c instanceof ProofCheck.Holds) {
      var before = CanonicalJson.parse("p", Arrays.copyOf(original, original.length - 1));
      var after = CanonicalJson.parse("p", Arrays.copyOf(changed, changed.length - 1));
      String key = after.get("key") == null ? "" : after.get("key").textValue();
      assertThat(after.get("type").textValue()).as("changed byte %d: only a state proof may still hold", pos).isEqualTo(ProofFile.STATE_TYPE);
      assertThat(after.has("value") || before.has("value")).as("changed byte %d: a membership proof still holds", pos).isFalse();
      assertThat(key).as("changed byte %d: the same statement from other bytes", pos).isNotEqualTo(before.get("key").textValue());
      assertThat(SparseMerkleTree.get(F.nodes, F.stateRoot, TestFixtures.keyHash(key))).as("changed key '%s' is present", key).isEmpty();
      ANOTHER_TRUE_ABSENCE.incrementAndGet();
      return;
    }
    assertFailsOnOneLine(c, changed, pos);
  }

  static final java.util.concurrent.atomic.AtomicInteger ANOTHER_TRUE_ABSENCE = new java.util.concurrent.atomic.AtomicInteger();

  private static void assertFailsOnOneLine(ProofCheck c, byte[] changed, int pos) {
    assertThat(c)
        .as("byte %d changed, proof still holds:%n%s", pos, new String(changed, StandardCharsets.UTF_8))
        .isInstanceOf(ProofCheck.Fails.class);
    assertThat(((ProofCheck.Fails) c).reason()).isNotBlank().doesNotContain("\n");
  }
}
