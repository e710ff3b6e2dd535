package org.lazaret.core.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lazaret.core.Hex;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.merkle.MerkleProof;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.state.SmtProof;
import org.lazaret.core.tx.SignedTransaction;

/**
 * Self-contained proofs that anyone can check offline given only a block hash they trust: that a
 * transaction is in a block, or that a state key had a value (or none) after a block. The file
 * is canonical JSON with lower-case hex, and the checker demands byte-exact canonical form, so a
 * changed byte anywhere in the file makes the check fail rather than be silently normalised.
 */
public final class ProofFile {
  public static final String TX_TYPE = "lazaret.proof.tx.v1";
  public static final String STATE_TYPE = "lazaret.proof.state.v1";
  private static final Pattern LOWER_HEX = Pattern.compile("([0-9a-f]{2})*");

  private ProofFile() {}

  public static byte[] txProof(BlockHeader header, SignedTransaction tx, MerkleProof path) {
    ObjectNode o = CanonicalJson.object();
    o.put("type", TX_TYPE);
    o.put("blockHash", header.hash().hex());
    o.put("header", Hex.encode(header.encode()));
    o.put("txId", tx.id().hex());
    o.put("tx", Hex.encode(tx.encode()));
    o.put("index", path.leafIndex());
    o.put("count", path.leafCount());
    ArrayNode p = o.putArray("path");
    path.path().forEach(h -> p.add(h.hex()));
    return withNewline(CanonicalJson.encode(o));
  }

  public static byte[] stateProof(BlockHeader header, String key, Optional<byte[]> value, SmtProof proof) {
    ObjectNode o = CanonicalJson.object();
    o.put("type", STATE_TYPE);
    o.put("blockHash", header.hash().hex());
    o.put("header", Hex.encode(header.encode()));
    o.put("key", key);
    value.ifPresent(v -> o.put("value", Hex.encode(v)));
    ArrayNode s = o.putArray("siblings");
    proof.siblings().forEach(h -> s.add(h.hex()));
    proof.terminal().ifPresent(l -> {
      ObjectNode t = o.putObject("terminal");
      t.put("keyHash", l.keyHash().hex());
      t.put("valueHash", l.valueHash().hex());
    });
    return withNewline(CanonicalJson.encode(o));
  }

  private static byte[] withNewline(byte[] json) {
    byte[] out = Arrays.copyOf(json, json.length + 1);
    out[json.length] = '\n';
    return out;
  }

  /** Checks any Lazaret proof file against the block hash the user trusts. */
  public static ProofCheck verify(byte[] file, Hash32 trustedBlockHash) {
    return switch (check(file, trustedBlockHash)) {
      case ProofCheck.Holds h -> h;
      case ProofCheck.Fails f -> new ProofCheck.Fails(oneLine(f.reason()));
    };
  }

  /** Reasons quote names and values from the file, which may hold escaped line breaks or controls. */
  private static String oneLine(String reason) {
    StringBuilder sb = new StringBuilder(reason.length());
    reason.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
        sb.append(String.format("\\u%04x", c));
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }

  private static ProofCheck check(byte[] file, Hash32 trustedBlockHash) {
    try {
      byte[] json = file;
      if (json.length > 0 && json[json.length - 1] == '\n') {
        json = Arrays.copyOf(json, json.length - 1);
      }
      JsonNode o = CanonicalJson.parse("proof", json);
      if (!Arrays.equals(CanonicalJson.encode(o), json)) {
        return new ProofCheck.Fails("proof file is not in canonical form (was it edited?)");
      }
      String type = text(o, "type");
      return switch (type) {
        case TX_TYPE -> verifyTx(o, trustedBlockHash);
        case STATE_TYPE -> verifyState(o, trustedBlockHash);
        default -> new ProofCheck.Fails("type: unknown proof type '" + type + "'");
      };
    } catch (IllegalArgumentException | DecodeException e) {
      return new ProofCheck.Fails(e.getMessage());
    }
  }

  private static BlockHeader trustedHeader(JsonNode o, Hash32 trusted) throws DecodeException {
    BlockHeader header = BlockHeader.decode(hex(o, "header"));
    Hash32 actual = header.hash();
    if (!actual.equals(trusted)) {
      throw new IllegalArgumentException("header: hashes to " + actual.hex() + ", not the trusted block hash " + trusted.hex());
    }
    if (!actual.hex().equals(text(o, "blockHash"))) {
      throw new IllegalArgumentException("blockHash: does not match the header");
    }
    return header;
  }

  private static ProofCheck verifyTx(JsonNode o, Hash32 trusted) throws DecodeException {
    requireFields(o, "blockHash", "count", "header", "index", "path", "tx", "txId", "type");
    BlockHeader header = trustedHeader(o, trusted);
    SignedTransaction tx = SignedTransaction.decode(hex(o, "tx"));
    if (!tx.id().hex().equals(text(o, "txId"))) {
      return new ProofCheck.Fails("txId: does not match the transaction");
    }
    int count = integer(o, "count");
    if (count != header.txCount()) {
      return new ProofCheck.Fails("count: " + count + " but the block holds " + header.txCount() + " transactions");
    }
    MerkleProof path = new MerkleProof(integer(o, "index"), count, hashes(o, "path"));
    if (!path.verify(Block.txLeafHash(tx), header.txRoot())) {
      return new ProofCheck.Fails("path: does not lead to the block's transaction root");
    }
    if (!tx.signatureValid()) {
      return new ProofCheck.Fails("tx: signature does not verify");
    }
    return new ProofCheck.Holds("transaction " + tx.id().hex() + " is at index " + path.leafIndex() + " of block " + header.height());
  }

  private static ProofCheck verifyState(JsonNode o, Hash32 trusted) throws DecodeException {
    List<String> fields = new ArrayList<>(List.of("blockHash", "header", "key", "siblings"));
    if (o.has("terminal")) {
      fields.add("terminal");
    }
    fields.add("type");
    if (o.has("value")) {
      fields.add("value");
    }
    requireFields(o, fields.toArray(new String[0]));
    BlockHeader header = trustedHeader(o, trusted);
    String key = text(o, "key");
    Optional<byte[]> value = o.has("value") ? Optional.of(hex(o, "value")) : Optional.empty();
    Optional<SmtNode.Leaf> terminal = Optional.empty();
    if (o.has("terminal")) {
      JsonNode t = o.get("terminal");
      requireFields(t, "keyHash", "valueHash");
      terminal = Optional.of(new SmtNode.Leaf(lowerHash("terminal.keyHash", t.get("keyHash")), lowerHash("terminal.valueHash", t.get("valueHash"))));
    }
    SmtProof proof = new SmtProof(hashes(o, "siblings"), terminal);
    Hash32 keyHash = Hash32.sha256(key.getBytes(StandardCharsets.UTF_8));
    if (!proof.verify(header.stateRoot(), keyHash, value.map(Hash32::sha256))) {
      return new ProofCheck.Fails("siblings: do not lead to the block's state root for this key and value");
    }
    return new ProofCheck.Holds(
        value.isPresent()
            ? "state key '" + key + "' held " + new String(value.get(), StandardCharsets.UTF_8) + " after block " + header.height()
            : "state key '" + key + "' had no value after block " + header.height());
  }

  private static void requireFields(JsonNode o, String... names) {
    List<String> have = new ArrayList<>();
    o.fieldNames().forEachRemaining(have::add);
    if (!have.equals(List.of(names))) {
      throw new IllegalArgumentException("proof: expected exactly the fields " + List.of(names) + ", found " + have);
    }
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException(field + ": missing or not a string");
    }
    return v.textValue();
  }

  private static int integer(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(field + ": missing or not an integer");
    }
    return v.intValue();
  }

  private static byte[] hex(JsonNode o, String field) {
    String s = text(o, field);
    if (!LOWER_HEX.matcher(s).matches()) {
      throw new IllegalArgumentException(field + ": not lower-case hex");
    }
    return Hex.decode(field, s);
  }

  private static List<Hash32> hashes(JsonNode o, String field) {
    JsonNode a = o.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException(field + ": missing or not an array");
    }
    List<Hash32> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      out.add(lowerHash(field + "[" + i + "]", a.get(i)));
    }
    return out;
  }

  /** A hash in the one accepted text form: 64 lower-case hex digits (Hex.decode alone accepts upper case). */
  private static Hash32 lowerHash(String field, JsonNode v) {
    String s = v != null && v.isTextual() ? v.textValue() : "";
    if (s.length() != 64 || !LOWER_HEX.matcher(s).matches()) {
      throw new IllegalArgumentException(field + ": not a lower-case hex hash");
    }
    return Hash32.fromHex(field, s);
  }
}
