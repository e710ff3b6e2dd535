package org.lazaret.contracts.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.core.Hex;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.proof.ProofCheck;
import org.lazaret.core.proof.ProofFile;

/**
 * The trust data of one block as a file an offline verifier carries: the signers with their
 * status, the revoked hashes, the policies and the maximum age, plus a state proof (the format of
 * {@link ProofFile}) for every state key they were read from. The lists are not trusted on their
 * own: opening a snapshot checks every proof against the block hash it names and rebuilds the
 * whole document from the proven values alone, demanding byte equality, so an edited list, a
 * dropped proof or a mixed-up block all fail. Anchoring it to a block hash the verifier trusts
 * ({@link #verify}) then makes every entry as trustworthy as that block.
 *
 * <p>Canonical JSON: {@code type, chainId, height, blockHash, blockTime (ms), takenAt (ISO-8601
 * of blockTime), maxAgeMillis, signers, revoked, policies, proofs}, ending in a newline.
 */
public final class TrustSnapshot {
  public static final String TYPE = "lazaret.credentials.snapshot.v1";

  private TrustSnapshot() {}

  /** One state key read at the snapshot's block: its value, if any, and its proof file as JSON. */
  public record Proven(Optional<Bytes> value, JsonNode proof) {
    public Proven {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(proof, "proof");
    }
  }

  /** Reads a state key at the snapshot's block, with its proof. */
  @FunctionalInterface
  public interface ProvingReader {
    Proven read(String key);
  }

  /** An opened snapshot: its trust data (source SNAPSHOT), the block header and the number of proofs. */
  public record Opened(TrustData data, BlockHeader header, int proofCount) {}

  private record Built(byte[] json, TrustData data) {}

  /** The snapshot of the state after block {@code header}, reading through {@code reader}. */
  public static byte[] build(BlockHeader header, ProvingReader reader) {
    byte[] json = assemble(header, reader).json();
    byte[] out = Arrays.copyOf(json, json.length + 1);
    out[json.length] = '\n';
    return out;
  }

  private static Built assemble(BlockHeader header, ProvingReader reader) {
    Map<String, JsonNode> proofs = new LinkedHashMap<>();
    StateReader recording = key -> {
      Proven p = reader.read(key);
      proofs.putIfAbsent(key, p.proof());
      return p.value().map(v -> CanonicalJson.parse(key, v.unsafeArray()));
    };
    TrustData.AsOf asOf = new TrustData.AsOf(TrustData.Source.SNAPSHOT, header.chainId(), header.height(), header.hash().hex(), header.timestampMillis());
    TrustData data = CredentialsState.read(recording, asOf);
    ObjectNode o = CanonicalJson.object();
    o.put("type", TYPE).put("chainId", header.chainId()).put("height", header.height()).put("blockHash", header.hash().hex());
    o.put("blockTime", header.timestampMillis()).put("takenAt", Instant.ofEpochMilli(header.timestampMillis()).toString());
    o.put("maxAgeMillis", data.maxAgeMillis());
    ArrayNode signers = o.putArray("signers");
    data.signers().forEach(s -> signers.add(s.json()));
    ArrayNode revoked = o.putArray("revoked");
    data.revoked().forEach(revoked::add);
    ArrayNode policies = o.putArray("policies");
    data.policies().forEach(p -> policies.add(p.json()));
    ArrayNode proofList = o.putArray("proofs");
    proofs.values().forEach(proofList::add);
    return new Built(CanonicalJson.encode(o), data);
  }

  /** Whether a file claims to be a snapshot (rather than a certificate): a JSON object of this type. */
  public static boolean looksLikeSnapshot(byte[] content) {
    // Canonical key order puts "type" last, so the whole text is searched.
    String text = new String(content, StandardCharsets.UTF_8).strip();
    return text.startsWith("{") && text.contains("\"type\":\"" + TYPE + "\"");
  }

  /**
   * Opens a snapshot, checking it is internally sound: canonical, every proof valid for the block
   * it names, and every list exactly what the proven values say. Says nothing about whether that
   * block is on the chain the verifier trusts; {@link #verify} does.
   */
  public static Opened open(byte[] file) throws SnapshotException {
    byte[] json = file;
    if (json.length > 0 && json[json.length - 1] == '\n') {
      json = Arrays.copyOf(json, json.length - 1);
    }
    JsonNode doc;
    try {
      doc = CanonicalJson.parse("snapshot", json);
    } catch (IllegalArgumentException e) {
      throw new SnapshotException(e.getMessage());
    }
    if (!doc.isObject() || !TYPE.equals(doc.path("type").asText())) {
      throw new SnapshotException("type: not a " + TYPE + " document");
    }
    if (!Arrays.equals(CanonicalJson.encode(doc), json)) {
      throw new SnapshotException("snapshot is not in canonical form (was it edited?)");
    }
    Hash32 blockHash;
    try {
      blockHash = Hash32.fromHex("blockHash", doc.path("blockHash").asText(""));
    } catch (IllegalArgumentException e) {
      throw new SnapshotException(e.getMessage());
    }
    JsonNode proofs = doc.path("proofs");
    if (!proofs.isArray() || proofs.isEmpty()) {
      throw new SnapshotException("proofs: missing or empty");
    }
    Map<String, Proven> proven = new LinkedHashMap<>();
    for (int i = 0; i < proofs.size(); i++) {
      JsonNode proof = proofs.get(i);
      String key = proof.path("key").asText("");
      byte[] proofFile = (CanonicalJson.encodeToString(proof) + "\n").getBytes(StandardCharsets.UTF_8);
      if (ProofFile.verify(proofFile, blockHash) instanceof ProofCheck.Fails fails) {
        throw new SnapshotException("proofs[" + i + "] (key '" + key + "'): " + fails.reason());
      }
      Optional<Bytes> value = proof.has("value") ? Optional.of(Bytes.owning(Hex.decode("value", proof.get("value").asText()))) : Optional.empty();
      if (proven.put(key, new Proven(value, proof)) != null) {
        throw new SnapshotException("proofs[" + i + "]: key '" + key + "' is proven twice");
      }
    }
    BlockHeader header;
    try {
      header = BlockHeader.decode(Hex.decode("header", proofs.get(0).path("header").asText()));
    } catch (DecodeException | IllegalArgumentException e) {
      throw new SnapshotException("proofs[0].header: " + e.getMessage());
    }
    Built rebuilt;
    try {
      rebuilt = assemble(header, key -> {
        Proven p = proven.get(key);
        if (p == null) {
          throw new MissingProof(key);
        }
        return p;
      });
    } catch (MissingProof e) {
      throw new SnapshotException("proofs: no proof for state key '" + e.getMessage() + "', which the trust data needs");
    } catch (IllegalArgumentException e) {
      throw new SnapshotException("proven state cannot be read: " + e.getMessage());
    }
    if (!Arrays.equals(rebuilt.json(), json)) {
      throw new SnapshotException("the snapshot's lists differ from what its proofs show (was it edited?)");
    }
    return new Opened(rebuilt.data(), header, proven.size());
  }

  /** Opens a snapshot and checks it is of the block whose hash the verifier trusts. */
  public static Opened verify(byte[] file, Hash32 trustedBlockHash) throws SnapshotException {
    Opened opened = open(file);
    Hash32 actual = opened.header().hash();
    if (!actual.equals(trustedBlockHash)) {
      throw new SnapshotException("blockHash: the snapshot is of block " + opened.header().height() + " with hash " + actual.hex() + ", not of the trusted block "
          + trustedBlockHash.hex());
    }
    return opened;
  }

  /** A key the trust data needs but the snapshot does not prove; unchecked to cross the reader. */
  private static final class MissingProof extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingProof(String key) {
      super(key, null, false, false);
    }
  }
}
