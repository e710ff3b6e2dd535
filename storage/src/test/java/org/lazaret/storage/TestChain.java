package org.lazaret.storage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.KeyPair;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.state.SmtNodeSource;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.core.tx.Transaction;

/**
 * Builds valid {@link BlockCommit}s the way the node's block applier does: the next height, the
 * head's hash as previous hash, the state tree updated over the store's own nodes, the
 * transaction root of the body and the receipt root of the receipts. Tests then break one of
 * these on purpose, knowing that everything else is right.
 */
final class TestChain {
  static final String CHAIN_ID = "lazaret-storage-test";
  static final long GENESIS_TIME_MILLIS = 1_700_000_000_000L;
  static final long BLOCK_INTERVAL_MILLIS = 1_000L;
  static final long EXPIRES_AT_MILLIS = 1_900_000_000_000L;

  private TestChain() {}

  /** The commit of the block after {@code head} (genesis when empty) holding exactly these parts. */
  static BlockCommit commitAfter(
      Optional<ChainHead> head,
      SmtNodeSource nodes,
      List<SignedTransaction> txs,
      List<Receipt> receipts,
      SortedMap<String, Optional<Bytes>> writes) {
    long height = head.map(h -> h.height() + 1).orElse(0L);
    Hash32 previous = head.map(ChainHead::hash).orElse(Hash32.ZERO);
    Hash32 previousRoot = head.map(h -> h.header().stateRoot()).orElse(Hash32.ZERO);
    long time = head.map(h -> h.header().timestampMillis() + BLOCK_INTERVAL_MILLIS).orElse(GENESIS_TIME_MILLIS);
    SparseMerkleTree.Result state = SparseMerkleTree.update(nodes, previousRoot, writes);
    BlockHeader header =
        new BlockHeader(
            CHAIN_ID, height, previous, time, Block.txTree(txs).root(), receiptRoot(receipts), state.root(), txs.size());
    return new BlockCommit(new Block(header, txs), receipts, writes, state);
  }

  /** Same block, other header fields: a different but internally valid block at one height. */
  static Block withTimestamp(Block b, long timestampMillis) {
    BlockHeader h = b.header();
    return new Block(
        new BlockHeader(h.chainId(), h.height(), h.previousHash(), timestampMillis, h.txRoot(), h.receiptRoot(), h.stateRoot(), h.txCount()),
        b.transactions());
  }

  static Hash32 receiptRoot(List<Receipt> receipts) {
    List<Hash32> leaves = new ArrayList<>(receipts.size());
    for (Receipt r : receipts) {
      leaves.add(r.leafHash());
    }
    return MerkleTree.rootOfLeafHashes(leaves);
  }

  static Hash32 keyHash(String key) {
    return Hash32.sha256(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The state root of exactly this state, computed without stored nodes (as start-up verification does). */
  static Hash32 rootOf(SortedMap<String, Bytes> state) {
    List<SmtNode.Leaf> leaves = new ArrayList<>(state.size());
    state.forEach((k, v) -> leaves.add(new SmtNode.Leaf(keyHash(k), Hash32.sha256(v.unsafeArray()))));
    leaves.sort((a, b) -> a.keyHash().compareTo(b.keyHash()));
    return SparseMerkleTree.rootOf(leaves);
  }

  /** A signed transaction with arbitrary small arguments; the nonce makes its id unique per sender. */
  static SignedTransaction tx(KeyPair sender, long nonce, String method, ObjectNode args) {
    return Transaction.of(CHAIN_ID, sender.publicKey(), nonce, "token", method, args, EXPIRES_AT_MILLIS).sign(sender);
  }

  static SignedTransaction tx(KeyPair sender, long nonce) {
    return tx(sender, nonce, "ping", CanonicalJson.object().put("n", nonce));
  }

  static Receipt applied(SignedTransaction tx) {
    return new Receipt.Applied(tx.id(), List.of());
  }

  static Bytes value(String s) {
    return Bytes.utf8(s);
  }
}
