package org.lazaret.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.OptionalLong;
import org.lazaret.core.BoundedCache;
import org.lazaret.core.Invariants;
import org.lazaret.core.Limits;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Writer;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.state.SmtNode;
import org.lazaret.core.state.SmtNodeSource;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.state.StateView;
import org.lazaret.core.tx.Receipt;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The ledger on disk: blocks, the transaction index, receipts, the latest state, every version of
 * every state key, and the state-tree nodes, each in its own RocksDB column family. A block and
 * everything it changes go in one synced write batch, so after a crash at any instant the store
 * holds either the whole block or none of it; the head pointer is in the same batch.
 *
 * <p>Per transaction a block writes its index entry; its receipts go in one page, and the latest
 * state, the state tree's nodes and the keys' versions wait for the next checkpoint (see {@link
 * #CHECKPOINT_BLOCKS}), the blocks between recording what they changed in one value each, from
 * which a restart rebuilds what the checkpoint has not written. A checkpoint writes each key's
 * versions of its window as one {@link HistoryGroup}.
 *
 * <p>Thread-safety: one writer (the execution loop) and any number of readers. Readers see each
 * block whole because the head pointer is published after the batch.
 */
public final class LedgerStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private static final byte[] HEAD = "head".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] POSITION = "position".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FORMAT = "format".getBytes(StandardCharsets.US_ASCII);
  /**
   * The layout this code reads and writes, recorded with the genesis block. 2: receipts paged per
   * block, the latest state written at checkpoints with each block's writes kept until then. 3: a
   * key's versions grouped per checkpoint window.
   */
  static final int FORMAT_VERSION = 3;
  private static final String[] FAMILIES = {"default", "blocks", "hashes", "txindex", "receipts", "state", "history", "smt", "positions", "blockwrites"};
  /**
   * Every this many blocks the state tree's nodes and the latest state are written (a checkpoint);
   * in between, a block writes only its write set, from which the tree and the latest state at its
   * height are replayed. Most nodes a block creates are replaced within a few blocks (the upper
   * levels by the very next one), and busy keys change in most blocks: writing them all cost more
   * than half of every block's puts.
   */
  static final int CHECKPOINT_BLOCKS = 16;
  /** Unwritten nodes that force a checkpoint before the interval ends, bounding their memory. */
  static final int PENDING_NODES_MAX = 250_000;
  /** Likewise for key versions (and so latest values) that wait for a checkpoint. */
  static final int PENDING_VERSIONS_MAX = 250_000;

  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilyHandle meta, blocks, hashes, txIndex, receipts, state, history, smt, positions, blockWrites;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final ColumnFamilyOptions txIndexOptions;
  private final LRUCache blockCache;
  private final org.rocksdb.WriteBufferManager writeBuffers;
  private final WriteOptions syncWrite;
  /**
   * One write batch for every block, cleared rather than freed: a block's batch runs to megabytes,
   * and a fresh native buffer each time is paid again in page faults as it grows. Replaced when a
   * large checkpoint has grown it past {@link #BATCH_RETAINED_BYTES_MAX}.
   */
  private WriteBatch batch = new WriteBatch();
  private static final long BATCH_RETAINED_BYTES_MAX = 64L << 20;
  /** State-tree nodes: the upper levels are read by every block. */
  private final BoundedCache<Hash32, SmtNode> nodeCache = new BoundedCache<>(400_000);
  /**
   * The newest tree's nodes created since the last checkpoint, which the store does not hold yet:
   * the next checkpoint writes them, and a restart replays them from the blocks' state updates.
   */
  private final java.util.concurrent.ConcurrentHashMap<Hash32, SmtNode> pendingNodes = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Whether {@link #pendingNodes} holds the head's unwritten nodes. Replayed on first use rather
   * than in {@link #open}, so that a damaged block in the head's window fails that use, naming the
   * block, while every intact block is still served.
   */
  private volatile boolean pendingRestored;
  /**
   * Latest values (empty = deleted) of the keys written since the last checkpoint, which the
   * {@code state} family does not hold yet; complete, unlike {@link #valueCache}, and read before
   * it. Restored with {@link #pendingNodes}.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Optional<Bytes>> pendingState = new java.util.concurrent.ConcurrentHashMap<>();
  /**
   * Values of recently read keys as the state family holds them (an absence is cached as empty).
   * A key written since the last checkpoint is answered by {@link #pendingState} first, so its entry
   * here may be older until the checkpoint overwrites it; a block between checkpoints touches
   * only the pending state (a remove and a put here per written key had been a third of the
   * writer thread's Java time).
   */
  private final BoundedCache<String, Optional<Bytes>> valueCache = new BoundedCache<>(200_000);
  /**
   * The versions since the last checkpoint, which the history family does not hold yet; a reader
   * reads the family only below the window it took. Restored with {@link #pendingNodes}.
   */
  private volatile HistoryWindow historyWindow = new HistoryWindow(0);
  /**
   * Odd while a commit writes: a reader that missed the cache fills it only if no commit began or
   * ended around its read, so a value read just before a block's write can never be cached after
   * the block's own values and hide them.
   */
  private final AtomicLong writeEpoch = new AtomicLong();
  private volatile Optional<ChainHead> head;
  private volatile long position;

  private LedgerStore(Path dir) throws RocksDBException {
    blockCache = new LRUCache(192L << 20);
    // No compression: most of what is stored is hashes, signatures and keys, which do not
    // compress, and the CPU is better spent verifying signatures.
    cfOptions =
        new ColumnFamilyOptions()
            .setCompressionType(org.rocksdb.CompressionType.NO_COMPRESSION)
            .setLevelCompactionDynamicLevelBytes(true)
            .setWriteBufferSize(32L << 20)
            .setMaxWriteBufferNumber(3)
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache).setFilterPolicy(new org.rocksdb.BloomFilter(10)));
    // All memtables together stay within 128 MiB, charged to the block cache: memory is bounded
    // however many column families are busy.
    writeBuffers = new org.rocksdb.WriteBufferManager(128L << 20, blockCache);
    dbOptions = new DBOptions().setWriteBufferManager(writeBuffers).setCreateIfMissing(true).setCreateMissingColumnFamilies(true).setMaxOpenFiles(512).setMaxBackgroundJobs(2);
    // The transaction index is asked twice for every new transaction (at admission and before
    // execution) about an id it does not hold; a Bloom filter over the memtables answers that
    // without a search of them (an absent lookup measured 2.9 µs without, 1.4 µs with).
    txIndexOptions = new ColumnFamilyOptions(cfOptions).setMemtablePrefixBloomSizeRatio(0.1).setMemtableWholeKeyFiltering(true);
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String f : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.US_ASCII), f.equals("txindex") ? txIndexOptions : cfOptions));
    }
    handles = new ArrayList<>();
    db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
    meta = handles.get(0);
    blocks = handles.get(1);
    hashes = handles.get(2);
    txIndex = handles.get(3);
    receipts = handles.get(4);
    state = handles.get(5);
    history = handles.get(6);
    smt = handles.get(7);
    positions = handles.get(8);
    blockWrites = handles.get(9);
    syncWrite = new WriteOptions().setSync(true);
    try {
      checkFormat(dir);
      head = readHead();
      byte[] p = db.get(meta, POSITION);
      if (p != null && p.length != 8) {
        throw new StoreFailure("the consensus position is corrupt: " + p.length + " bytes, expected a u64");
      }
      position = p == null ? head.map(ChainHead::height).orElse(-1L) : java.nio.ByteBuffer.wrap(p).getLong();
    } catch (RuntimeException | RocksDBException e) {
      close(); // else RocksDB keeps the directory locked and this process cannot open it again
      throw e;
    }
  }

  /** Opens (creating if needed) the store in {@code dir}. Does not verify; see {@link #verify}. */
  public static LedgerStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      return new LedgerStore(dir);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot open the ledger store in " + dir + ": " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new StoreFailure("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  public Optional<ChainHead> head() {
    return head;
  }

  /** The consensus position of the newest block (its height under solo ordering), or -1. */
  public long position() {
    return position;
  }

  /**
   * The consensus position block {@code height} came from, when the store recorded it (every
   * block committed by this version does; genesis is at 0). A node catching up from a peer needs
   * it to tell Raft where the imported blocks end.
   */
  public OptionalLong positionOf(long height) {
    if (height < 0 || head.isEmpty() || height > head.get().height()) {
      return OptionalLong.empty();
    }
    try {
      byte[] p = db.get(positions, heightKey(height));
      if (p == null) {
        return OptionalLong.empty();
      }
      if (p.length != 8) {
        throw new StoreFailure("the consensus position of block " + height + " is corrupt: " + p.length + " bytes, expected a u64");
      }
      return OptionalLong.of(java.nio.ByteBuffer.wrap(p).getLong());
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read the consensus position of block " + height + ": " + e.getMessage(), e);
    }
  }

  /**
   * The highest block whose consensus position is at most {@code position}: every batch ordered up
   * to that position is in the blocks up to it. Positions grow with height, so this is a binary
   * search; blocks without a recorded position (stores written before positions were kept)
   * count as position -1.
   */
  public long heightAtPosition(long position) {
    long low = 0;
    long high = head.map(ChainHead::height).orElse(-1L);
    if (high < 0) {
      return -1;
    }
    while (low < high) {
      long mid = low + (high - low + 1) / 2;
      if (positionOf(mid).orElse(-1) <= position) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return low;
  }

  private void checkFormat(Path dir) throws RocksDBException {
    byte[] f = db.get(meta, FORMAT);
    if (f == null && db.get(meta, HEAD) == null) {
      return; // a new store: the genesis commit records the format
    }
    int format = f == null ? 1 : f.length == 4 ? java.nio.ByteBuffer.wrap(f).getInt() : -1;
    if (format != FORMAT_VERSION) {
      throw new StoreFailure(
          "the ledger store in " + dir + " has layout " + (format < 0 ? "(corrupt marker)" : format) + ", this version reads layout " + FORMAT_VERSION
              + ": start from a new data folder, or sync it from a node of this version");
    }
  }

  private Optional<ChainHead> readHead() throws RocksDBException {
    byte[] h = db.get(meta, HEAD);
    if (h == null) {
      return Optional.empty();
    }
    if (h.length != 8) {
      throw new StoreFailure("the head pointer is corrupt: " + h.length + " bytes, expected a u64 height");
    }
    long height = java.nio.ByteBuffer.wrap(h).getLong();
    BlockHeader header = decodeBlock(height, db.get(blocks, heightKey(height))).header();
    if (db.get(blocks, heightKey(height + 1)) != null) {
      // Each commit moves the head in the batch that writes the block: a block past it means the
      // pointer was set back, and blocks already committed would silently disappear.
      throw new StoreFailure("the store holds block " + (height + 1) + " past its head pointer at block " + height + ": the head was set back");
    }
    return Optional.of(new ChainHead(header, header.hash()));
  }

  /**
   * Persists one block atomically and durably. The block must extend the head: the next height
   * and the head's hash as its previous hash.
   */
  public synchronized void commit(BlockCommit c) {
    Block block = c.block();
    long expected = head.map(h -> h.height() + 1).orElse(0L);
    Invariants.check(block.height() == expected, "commit of block %d but the next height is %d", block.height(), expected);
    Hash32 previous = head.map(ChainHead::hash).orElse(Hash32.ZERO);
    Invariants.check(
        block.header().previousHash().equals(previous), "block %d links to %s, head is %s", block.height(), block.header().previousHash(), previous);
    Invariants.check(c.position() > position, "block %d at consensus position %d, not after %d", block.height(), c.position(), position);
    Hash32 hash = block.hash();
    byte[] hk = heightKey(block.height());
    SparseMerkleTree.Result tree = c.tree();
    for (String key : c.writes().keySet()) {
      // A char is at most three UTF-8 bytes: only a long key needs encoding to be measured.
      if (key.length() > Limits.STATE_KEY_BYTES_MAX / 3) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        Invariants.check(bytes <= Limits.STATE_KEY_BYTES_MAX, "state key of %d bytes", bytes);
      }
    }
    restorePending();
    boolean checkpoint =
        block.height() % CHECKPOINT_BLOCKS == 0
            || pendingNodes.size() + tree.created().size() > PENDING_NODES_MAX
            || historyWindow.versions() + c.writes().size() > PENDING_VERSIONS_MAX;
    int[] valueAt = checkpoint ? null : new int[c.writes().size()];
    byte[] writeSet = checkpoint ? null : WriteSet.encode(c.writes(), valueAt);
    writeEpoch.incrementAndGet();
    try {
      try {
        batch.clear();
        batch.put(blocks, hk, block.encode());
        batch.put(hashes, hk, hash.toBytes());
        if (block.height() == 0) {
          batch.put(meta, FORMAT, new Writer(4).u32(FORMAT_VERSION).toByteArray());
        }
        for (int i = 0; i < block.transactions().size(); i++) {
          batch.put(txIndex, block.transactions().get(i).id().toBytes(), new Writer(12).u64(block.height()).u32(i).toByteArray());
        }
        batch.put(receipts, hk, ReceiptPage.encode(c.receipts()));
        if (checkpoint) {
          historyWindow.groups(block.height(), c.writes(), this::recordedWrites, (key, first, group) -> batch.put(history, historyKey(key, first), group));
          // The latest state as of this block: the keys written since the last checkpoint, then this block's.
          for (Map.Entry<String, Optional<Bytes>> w : pendingState.entrySet()) {
            if (!c.writes().containsKey(w.getKey())) {
              putState(w.getKey(), w.getValue());
            }
          }
          for (Map.Entry<String, Optional<Bytes>> w : c.writes().entrySet()) {
            putState(w.getKey(), w.getValue());
          }
          for (Map.Entry<Hash32, SmtNode> n : pendingNodes.entrySet()) {
            if (!tree.superseded().contains(n.getKey())) {
              batch.put(smt, n.getKey().toBytes(), n.getValue().encode());
            }
          }
          for (Map.Entry<Hash32, SmtNode> n : tree.created().entrySet()) {
            batch.put(smt, n.getKey().toBytes(), n.getValue().encode());
          }
        } else {
          batch.put(blockWrites, hk, writeSet);
        }
        batch.put(meta, HEAD, hk);
        batch.put(meta, POSITION, heightKey(c.position()));
        batch.put(positions, hk, heightKey(c.position()));
        db.write(syncWrite, batch);
        if (batch.getDataSize() > BATCH_RETAINED_BYTES_MAX) {
          batch.close();
          batch = new WriteBatch();
        }
      } catch (RocksDBException e) {
        throw new StoreFailure("cannot write block " + block.height() + ": " + e.getMessage(), e);
      }
      // Nodes the new tree no longer holds: never written if they were pending, and of no use to
      // a cache that serves the newest tree if they were (they stay stored for older roots).
      for (Hash32 gone : tree.superseded()) {
        if (pendingNodes.remove(gone) == null) {
          nodeCache.remove(gone);
        }
      }
      settle(checkpoint, pendingNodes, tree.created(), nodeCache);
      settle(checkpoint, pendingState, c.writes(), valueCache);
      if (checkpoint) {
        historyWindow = new HistoryWindow(block.height() + 1);
      } else {
        historyWindow.add(block.height(), c.writes(), valueAt);
      }
    } finally {
      writeEpoch.incrementAndGet();
    }
    position = c.position();
    head = Optional.of(new ChainHead(block.header(), hash));
  }

  /**
   * After a block's write: between checkpoints what it made joins what waits for the checkpoint;
   * at one, everything waiting goes to the cache (replacing older entries) before it leaves the
   * pending map, so a reader always finds the newest in one of the two or in the store, now
   * written.
   */
  private static <K, V> void settle(boolean checkpoint, Map<K, V> pending, Map<K, V> made, BoundedCache<K, V> cache) {
    if (checkpoint) {
      pending.forEach(cache::put);
      made.forEach(cache::put);
      pending.clear();
    } else {
      pending.putAll(made);
    }
  }

  private void putState(String key, Optional<Bytes> value) throws RocksDBException {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    if (value.isPresent()) {
      batch.put(state, k, value.get().unsafeArray());
    } else {
      batch.delete(state, k);
    }
  }

  /** A block, checked against its recorded hash and its own transaction root before it is served. */
  public Optional<Block> block(long height) {
    if (height < 0 || head.isEmpty() || height > head.get().height()) {
      return Optional.empty();
    }
    try {
      byte[] bytes = db.get(blocks, heightKey(height));
      byte[] recorded = db.get(hashes, heightKey(height));
      if (bytes == null || recorded == null) {
        throw new StoreFailure("block " + height + " is missing from the store below the head " + head.get().height());
      }
      if (recorded.length != Hash32.LENGTH) {
        throw new StoreFailure("block " + height + ": its recorded hash is corrupt (" + recorded.length + " bytes)");
      }
      Block b = decodeBlock(height, bytes);
      checkBlock(b, Hash32.wrap(recorded));
      return Optional.of(b);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read block " + height + ": " + e.getMessage(), e);
    }
  }

  /**
   * A block's header alone, checked against the block's recorded hash (which is the header's), for
   * listings that need no transactions: the body is neither decoded nor re-hashed.
   */
  public Optional<BlockHeader> header(long height) {
    if (height < 0 || head.isEmpty() || height > head.get().height()) {
      return Optional.empty();
    }
    try {
      byte[] bytes = db.get(blocks, heightKey(height));
      byte[] recorded = db.get(hashes, heightKey(height));
      if (bytes == null || recorded == null || recorded.length != Hash32.LENGTH) {
        throw new StoreFailure("block " + height + " or its recorded hash is missing or corrupt below the head " + head.get().height());
      }
      BlockHeader h = Block.decodeHeader(bytes);
      if (h.height() != height || !h.hash().equals(Hash32.wrap(recorded))) {
        throw new StoreFailure("block " + height + " has been altered: its header does not match its recorded hash");
      }
      return Optional.of(h);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read block " + height + ": " + e.getMessage(), e);
    } catch (DecodeException e) {
      throw new StoreFailure("block " + height + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static void checkBlock(Block b, Hash32 recorded) {
    if (!b.hash().equals(recorded)) {
      throw new StoreFailure("block " + b.height() + " has been altered: its hash is " + b.hash() + ", recorded " + recorded);
    }
    Hash32 txRoot = Block.txTree(b.transactions()).root();
    if (!txRoot.equals(b.header().txRoot())) {
      throw new StoreFailure("block " + b.height() + " has been altered: its transactions do not match its transaction root");
    }
  }

  private static Block decodeBlock(long height, byte[] bytes) {
    if (bytes == null) {
      throw new StoreFailure("block " + height + " is missing from the store");
    }
    try {
      Block b = Block.decode(bytes);
      if (b.height() != height) {
        throw new StoreFailure("the block stored at height " + height + " claims height " + b.height());
      }
      return b;
    } catch (DecodeException e) {
      throw new StoreFailure("block " + height + " is corrupt: " + e.getMessage(), e);
    }
  }

  public Optional<TxLocation> locate(Hash32 txId) {
    try {
      return txLocation(db.get(txIndex, txId.toBytes()));
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read the transaction index: " + e.getMessage(), e);
    }
  }

  /**
   * {@link #locate} for many ids in one lookup, in their order. Every new transaction is looked
   * up twice (at admission and before execution) and is almost never found; RocksDB's batched
   * lookup probes the filters of all ids together, about a third of the cost of one lookup each.
   */
  public List<Optional<TxLocation>> locateAll(List<Hash32> txIds) {
    if (txIds.isEmpty()) {
      return List.of();
    }
    List<byte[]> keys = new ArrayList<>(txIds.size());
    for (Hash32 id : txIds) {
      keys.add(id.toBytes());
    }
    try {
      List<byte[]> found = db.multiGetAsList(java.util.Collections.nCopies(keys.size(), txIndex), keys);
      Invariants.check(found.size() == keys.size(), "the transaction index answered %d of %d lookups", found.size(), keys.size());
      List<Optional<TxLocation>> out = new ArrayList<>(found.size());
      for (byte[] loc : found) {
        out.add(txLocation(loc));
      }
      return out;
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read the transaction index: " + e.getMessage(), e);
    }
  }

  private static Optional<TxLocation> txLocation(byte[] stored) {
    if (stored == null) {
      return Optional.empty();
    }
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(stored);
    return Optional.of(new TxLocation(b.getLong(), b.getInt()));
  }

  /** The receipts of block {@code height}, which has {@code count} transactions. */
  public List<Receipt> receipts(long height, int count) {
    byte[] page = receiptPage(height).orElseThrow(() -> new StoreFailure("the receipts of block " + height + " are missing from the store"));
    try {
      List<Receipt> out = ReceiptPage.all(page);
      if (out.size() != count) {
        throw new StoreFailure("block " + height + " has " + count + " transactions but " + out.size() + " stored receipts");
      }
      return out;
    } catch (DecodeException e) {
      throw new StoreFailure("the receipts of block " + height + " are corrupt: " + e.getMessage(), e);
    }
  }

  public Optional<Receipt> receipt(TxLocation at) {
    Optional<byte[]> page = receiptPage(at.height());
    if (page.isEmpty()) {
      return Optional.empty();
    }
    try {
      return ReceiptPage.at(page.get(), at.index());
    } catch (DecodeException e) {
      throw new StoreFailure("receipt at " + at + " is corrupt: " + e.getMessage(), e);
    }
  }

  private Optional<byte[]> receiptPage(long height) {
    try {
      return Optional.ofNullable(db.get(receipts, heightKey(height)));
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read the receipts of block " + height + ": " + e.getMessage(), e);
    }
  }

  /** The latest committed value of a state key. */
  public Optional<byte[]> stateValue(String key) {
    restorePending();
    // Read before the pending state: a commit that lands between that look and the read below
    // must keep the (possibly older) stored value out of the cache.
    long epoch = writeEpoch.get();
    Optional<Bytes> pending = pendingState.get(key);
    if (pending != null) {
      return pending.map(Bytes::toArray);
    }
    Optional<Bytes> cached = valueCache.get(key);
    if (cached != null) {
      return cached.map(Bytes::toArray);
    }
    try {
      byte[] v = db.get(state, key.getBytes(StandardCharsets.UTF_8));
      if ((epoch & 1) == 0 && writeEpoch.get() == epoch) {
        valueCache.put(key, v == null ? Optional.empty() : Optional.of(Bytes.of(v)));
      }
      return Optional.ofNullable(v);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read state: " + e.getMessage(), e);
    }
  }

  public StateView stateView() {
    return this::stateValue;
  }

  /**
   * Versions of a key, newest first, written at heights below {@code beforeHeight}; at most
   * {@code limit}. Pass the last returned height to get the next page.
   */
  public List<HistoryEntry> history(String key, long beforeHeight, int limit) {
    byte[] k = key.getBytes(StandardCharsets.UTF_8);
    int max = Math.min(limit, Limits.PAGE_SIZE_MAX);
    List<HistoryEntry> out = new ArrayList<>();
    if (beforeHeight <= 0) {
      return out; // nothing is older than genesis; beforeHeight - 1 would wrap to the newest key
    }
    restorePending();
    HistoryWindow window = historyWindow;
    byte[] set = null;
    long setHeight = -1;
    for (HistoryWindow.Version v : window.versionsOf(key, beforeHeight, max)) {
      if (v.height() != setHeight) {
        set = recordedWrites(v.height());
        setHeight = v.height();
      }
      try {
        out.add(new HistoryEntry(v.height(), WriteSet.value(new org.lazaret.core.codec.Reader(set, v.offset(), set.length - v.offset()))));
      } catch (DecodeException e) {
        throw new StoreFailure("block " + v.height() + ": its recorded state writes are corrupt where state key " + key + " is: " + e.getMessage(), e);
      }
    }
    // Below the window taken only: a checkpoint written since holds the same versions.
    long below = Math.min(beforeHeight, window.fromHeight());
    if (below <= 0) {
      return out;
    }
    byte[] prefix = historyKey(k, 0);
    int prefixLength = prefix.length - 8;
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(history, ro)) {
      it.seekForPrev(historyKey(k, below - 1));
      while (it.isValid() && out.size() < max) {
        byte[] ik = it.key();
        if (ik.length != prefix.length || !java.util.Arrays.equals(ik, 0, prefixLength, prefix, 0, prefixLength)) {
          break;
        }
        long first = java.nio.ByteBuffer.wrap(ik, prefixLength, 8).getLong();
        List<HistoryEntry> group;
        try {
          group = HistoryGroup.decode(it.value(), first);
        } catch (DecodeException e) {
          throw new StoreFailure("the history of state key " + key + " from block " + first + " is corrupt: " + e.getMessage(), e);
        }
        for (int i = group.size() - 1; i >= 0 && out.size() < max; i--) {
          if (group.get(i).height() < below) {
            out.add(group.get(i));
          }
        }
        it.prev();
      }
    }
    return out;
  }

  /**
   * The newest state tree's node reader, cached: the upper levels are read by every block. Nodes
   * of older trees are found as long as the store holds them; {@link #nodesAt} finds all of them.
   */
  public SmtNodeSource nodes() {
    restorePending();
    return stored();
  }

  /** Rebuilds, once, what the head's checkpoint has not written: state-tree nodes and latest values. */
  private void restorePending() {
    if (pendingRestored) {
      return;
    }
    synchronized (pendingNodes) {
      if (!pendingRestored) {
        head.ifPresent(h -> {
          WritesSince since = writesSinceCheckpoint(h.height());
          pendingNodes.putAll(unwrittenNodes(since));
          since.writes().forEach(pendingState::putAll);
          HistoryWindow window = new HistoryWindow(since.checkpoint() + 1);
          long height = since.checkpoint();
          for (java.util.SortedMap<String, Optional<Bytes>> w : since.writes()) {
            int[] valueAt = new int[w.size()];
            WriteSet.encode(w, valueAt);
            window.add(++height, w, valueAt);
          }
          historyWindow = window;
        });
        pendingRestored = true;
      }
    }
  }

  /** {@link #nodes} without the restore: the replay itself reads through it. */
  private SmtNodeSource stored() {
    return hash -> {
      SmtNode pending = pendingNodes.get(hash);
      if (pending != null) {
        return Optional.of(pending);
      }
      SmtNode cached = nodeCache.get(hash);
      if (cached != null) {
        return Optional.of(cached);
      }
      try {
        byte[] b = db.get(smt, hash.toBytes());
        if (b == null) {
          return Optional.empty();
        }
        SmtNode n = SmtNode.decode(b);
        if (!n.hash().equals(hash)) {
          // Nodes are addressed by hash: one that does not hash to its key has been altered.
          throw new StoreFailure("state node " + hash + " has been altered: its content hashes to " + n.hash());
        }
        nodeCache.put(hash, n);
        return Optional.of(n);
      } catch (RocksDBException e) {
        throw new StoreFailure("cannot read a state node: " + e.getMessage(), e);
      } catch (DecodeException e) {
        throw new StoreFailure("state node " + hash + " is corrupt: " + e.getMessage(), e);
      }
    };
  }

  /**
   * A reader of the state tree at committed {@code height}, for proofs against its root. A node
   * neither pending nor stored (the block fell between checkpoints and a later block replaced the
   * node) is rebuilt, with the rest of that tree's unwritten nodes, on the first miss.
   */
  public SmtNodeSource nodesAt(long height) {
    SmtNodeSource live = nodes();
    return new SmtNodeSource() {
      private Map<Hash32, SmtNode> rebuilt;

      @Override
      public synchronized Optional<SmtNode> node(Hash32 hash) {
        Optional<SmtNode> n = live.node(hash);
        if (n.isPresent()) {
          return n;
        }
        if (rebuilt == null) {
          rebuilt = unwrittenNodes(writesSinceCheckpoint(height));
        }
        return Optional.ofNullable(rebuilt.get(hash));
      }
    };
  }

  /** Block {@code height}'s recorded write set, as stored. */
  private byte[] recordedWrites(long height) {
    try {
      byte[] w = db.get(blockWrites, heightKey(height));
      if (w == null) {
        throw new StoreFailure("block " + height + ": its recorded state writes are missing");
      }
      return w;
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read the recorded state writes of block " + height + ": " + e.getMessage(), e);
    }
  }

  /** The write sets of the blocks after {@code checkpoint} up to some height, oldest first. */
  private record WritesSince(long checkpoint, List<java.util.SortedMap<String, Optional<Bytes>>> writes) {}

  /**
   * The recorded write sets of the blocks since the checkpoint at or below {@code height}: every
   * block between checkpoints records one, so the first block below without one is the
   * checkpoint, whose tree the store must hold.
   */
  private WritesSince writesSinceCheckpoint(long height) {
    java.util.ArrayDeque<java.util.SortedMap<String, Optional<Bytes>>> steps = new java.util.ArrayDeque<>();
    long h = height;
    try {
      for (byte[] w = db.get(blockWrites, heightKey(h)); w != null && h > 0; w = db.get(blockWrites, heightKey(h))) {
        try {
          steps.push(WriteSet.decode(w));
        } catch (DecodeException e) {
          throw new StoreFailure("block " + h + ": its recorded state writes are corrupt: " + e.getMessage(), e);
        }
        h--;
      }
      Hash32 root = headerAt(h).stateRoot();
      if (!root.isZero() && !nodeStored(root)) {
        throw new StoreFailure("block " + h + ": neither its recorded state writes nor its state tree are in the store");
      }
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read the recorded state writes of block " + h + ": " + e.getMessage(), e);
    }
    return new WritesSince(h, List.copyOf(steps));
  }

  private boolean nodeStored(Hash32 hash) throws RocksDBException {
    return nodeCache.get(hash) != null || db.get(smt, hash.toBytes()) != null;
  }

  /**
   * The nodes of the tree after {@code since}'s blocks that the store does not hold: their writes
   * replayed onto the checkpoint's tree, each step checked against its block's state root.
   */
  private Map<Hash32, SmtNode> unwrittenNodes(WritesSince since) {
    Map<Hash32, SmtNode> out = new java.util.HashMap<>();
    SmtNodeSource stored = stored();
    SmtNodeSource source = k -> {
      SmtNode n = out.get(k);
      return n != null ? Optional.of(n) : stored.node(k);
    };
    long h = since.checkpoint();
    Hash32 root = headerAt(h).stateRoot();
    for (java.util.SortedMap<String, Optional<Bytes>> writes : since.writes()) {
      h++;
      SparseMerkleTree.Result r = SparseMerkleTree.update(source, root, writes);
      Hash32 expected = headerAt(h).stateRoot();
      if (!r.root().equals(expected)) {
        throw new StoreFailure("block " + h + ": its recorded state writes lead to root " + r.root() + " but the block commits to " + expected);
      }
      r.superseded().forEach(out::remove);
      out.putAll(r.created());
      root = r.root();
    }
    return out;
  }

  private BlockHeader headerAt(long height) {
    return header(height).orElseThrow(() -> new StoreFailure("block " + height + " is missing: the state tree cannot be rebuilt at it"));
  }

  /**
   * Visits every key of the latest state with its value, in no particular order; start-up
   * verification rebuilds the root from them.
   */
  public void forEachState(java.util.function.BiConsumer<byte[], byte[]> action) {
    restorePending();
    try (RocksIterator it = db.newIterator(state)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] k = it.key();
        if (!pendingState.containsKey(new String(k, StandardCharsets.UTF_8))) {
          action.accept(k, it.value());
        }
      }
    }
    for (Map.Entry<String, Optional<Bytes>> w : pendingState.entrySet()) {
      w.getValue().ifPresent(v -> action.accept(w.getKey().getBytes(StandardCharsets.UTF_8), v.toArray()));
    }
  }

  private static byte[] heightKey(long height) {
    return new Writer(8).u64(height).toByteArray();
  }

  private static byte[] historyKey(byte[] key, long height) {
    return new Writer(key.length + 12).bytes(key).u64(height).toByteArray();
  }

  @Override
  public void close() {
    // Flushing on a clean close spares the next start a replay of the write-ahead log.
    try (org.rocksdb.FlushOptions flush = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      db.flush(flush, handles);
    } catch (RocksDBException e) {
      org.slf4j.LoggerFactory.getLogger(LedgerStore.class).warn("flush on close failed; the next start replays the log: {}", e.getMessage());
    }
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    batch.close();
    syncWrite.close();
    dbOptions.close();
    cfOptions.close();
    txIndexOptions.close();
    writeBuffers.close();
    blockCache.close();
  }
}
