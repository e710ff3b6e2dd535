package org.lazaret.core.block;

import java.util.ArrayList;
import java.util.List;
import org.lazaret.core.Invariants;
import org.lazaret.core.Limits;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.merkle.MerkleTree;
import org.lazaret.core.tx.SignedTransaction;

/** A header and the signed transactions its transaction root commits to, in order. */
public record Block(BlockHeader header, List<SignedTransaction> transactions) {
  public Block {
    transactions = List.copyOf(transactions);
    Invariants.check(
        header.txCount() == transactions.size(),
        "block %d header counts %d transactions, body has %d", header.height(), header.txCount(), transactions.size());
  }

  public Hash32 hash() {
    return header.hash();
  }

  public long height() {
    return header.height();
  }

  /** A transaction's leaf commits to its signature as well as its body. */
  public static Hash32 txLeafHash(SignedTransaction tx) {
    return MerkleTree.leafHash(tx.unsafeEncoding());
  }

  public static MerkleTree txTree(List<SignedTransaction> txs) {
    List<Hash32> leaves = new ArrayList<>(txs.size());
    for (SignedTransaction tx : txs) {
      leaves.add(txLeafHash(tx));
    }
    return MerkleTree.ofLeafHashes(leaves);
  }

  public byte[] encode() {
    byte[] h = header.encode();
    int size = 4 + h.length + 4;
    for (SignedTransaction tx : transactions) {
      size += 4 + tx.unsafeEncoding().length;
    }
    Writer w = new Writer(size);
    w.bytes(h).u32(transactions.size());
    for (SignedTransaction tx : transactions) {
      w.bytes(tx.unsafeEncoding());
    }
    return w.toByteArray();
  }

  /** The header at the front of an encoded block, without decoding the transactions. */
  public static BlockHeader decodeHeader(byte[] bytes) throws DecodeException {
    return BlockHeader.decode(new Reader(bytes).bytes("block.header", 1024));
  }

  public static Block decode(byte[] bytes) throws DecodeException {
    Reader r = new Reader(bytes);
    BlockHeader header = BlockHeader.decode(r.bytes("block.header", 1024));
    int n = r.u32("block.txCount");
    if (n < 0 || n > Limits.BLOCK_TX_COUNT_MAX || n != header.txCount()) {
      throw new DecodeException("block.txCount", "count " + n + " does not match the header's " + header.txCount());
    }
    List<SignedTransaction> txs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      txs.add(SignedTransaction.decode(r.bytes("block.tx[" + i + "]", Limits.TX_SIZE_BYTES_MAX)));
    }
    r.expectEnd("block");
    return new Block(header, txs);
  }
}
