package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.lazaret.core.block.Block;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.HistoryEntry;
import org.lazaret.storage.LedgerStore;

/**
 * Values of state keys as of one block and their proofs against its state root, in the node's one
 * proof format ({@link ProofFile}, what {@code GET /v1/proofs/state/{key}} serves and {@code
 * lazaret proof verify} checks). Values are read from the key's history at the block, not from the
 * latest state, so a block committed meanwhile cannot make a value and its proof disagree.
 */
final class StateProofs {
  private final LedgerStore store;
  private final Block block;

  private StateProofs(LedgerStore store, Block block) {
    this.store = store;
    this.block = block;
  }

  static StateProofs atHead(LedgerStore store) {
    long height = store.head().orElseThrow(() -> new Problem(503, "NOT_READY", "", "the node has no genesis block yet", true, 1)).height();
    return new StateProofs(store, store.block(height).orElseThrow());
  }

  long height() {
    return block.height();
  }

  /** The value of {@code key} after this block. */
  Optional<byte[]> value(String key) {
    List<HistoryEntry> e = store.history(key, block.height() + 1, 1);
    return e.isEmpty() ? Optional.empty() : e.get(0).value().map(b -> b.toArray());
  }

  /** The proof file of {@code key} (of its value, or of its absence) as a JSON object, byte for byte the file once encoded canonically. */
  ObjectNode proof(String key) {
    var proof = SparseMerkleTree.prove(store.nodesAt(block.height()), block.header().stateRoot(), Hash32.sha256(key.getBytes(StandardCharsets.UTF_8)));
    byte[] file = ProofFile.stateProof(block.header(), key, value(key), proof);
    return (ObjectNode) CanonicalJson.parse("proof", new String(file, StandardCharsets.UTF_8).strip());
  }

  /** Where to download the same proof as a file. */
  String url(String key) {
    return "/v1/proofs/state/" + key + "?height=" + block.height();
  }

  /** The block the proofs are against. */
  ObjectNode anchor() {
    return CanonicalJson.object().put("height", block.height()).put("blockHash", block.hash().hex()).put("stateRoot", block.header().stateRoot().hex());
  }
}
