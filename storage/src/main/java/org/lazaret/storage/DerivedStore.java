package org.lazaret.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.lazaret.core.Invariants;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * A node-local ordered key-value store beside the ledger, for what a node derives from its blocks
 * to answer queries quickly (read indexes) and for its own bookkeeping (capture jobs). It is not
 * consensus state: nothing in it is hashed or proven, it differs between nodes, and its owner can
 * delete it and rebuild it from the blocks. It is a RocksDB of its own, not a column family of
 * {@link LedgerStore}, so that rebuilding it can never touch the ledger and its many small index
 * writes never share the synced write batch of a block.
 *
 * <p>Thread-safety: any number of readers and writers; a {@link Batch} is applied atomically, and
 * a reader sees it whole or not at all.
 */
public final class DerivedStore implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  /** Visits the entries of a scan in order; returns false to stop. */
  @FunctionalInterface
  public interface Visitor {
    boolean visit(byte[] key, byte[] value);
  }

  private final RocksDB db;
  private final Options options;
  private final LRUCache cache;
  private final WriteOptions plain = new WriteOptions();
  private final WriteOptions synced = new WriteOptions().setSync(true);

  private DerivedStore(Path dir) throws RocksDBException {
    cache = new LRUCache(64L << 20);
    // Index keys repeat long identifier prefixes (urn:epc:id:sgtin:...), which LZ4 shrinks cheaply.
    options =
        new Options()
            .setCreateIfMissing(true)
            .setCompressionType(CompressionType.LZ4_COMPRESSION)
            .setWriteBufferSize(16L << 20)
            .setMaxWriteBufferNumber(2)
            .setMaxBackgroundJobs(1)
            .setMaxOpenFiles(256)
            .setLevelCompactionDynamicLevelBytes(true)
            .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(new BloomFilter(10)));
    db = RocksDB.open(options, dir.toString());
  }

  /** Opens (creating if needed) the store in {@code dir}. */
  public static DerivedStore open(Path dir) {
    try {
      Files.createDirectories(dir);
      return new DerivedStore(dir);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot open the derived store in " + dir + ": " + e.getMessage(), e);
    } catch (java.io.IOException e) {
      throw new StoreFailure("cannot create " + dir + ": " + e.getMessage(), e);
    }
  }

  public Optional<byte[]> get(byte[] key) {
    try {
      return Optional.ofNullable(db.get(key));
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot read the derived store: " + e.getMessage(), e);
    }
  }

  /** A set of writes applied together by {@link #write}. Not thread-safe; use one per writer. */
  public static final class Batch implements AutoCloseable {
    private final WriteBatch batch = new WriteBatch();
    private int count;

    public Batch put(byte[] key, byte[] value) {
      try {
        batch.put(key, value);
      } catch (RocksDBException e) {
        throw new StoreFailure("cannot stage a write: " + e.getMessage(), e);
      }
      count++;
      return this;
    }

    public Batch delete(byte[] key) {
      try {
        batch.delete(key);
      } catch (RocksDBException e) {
        throw new StoreFailure("cannot stage a delete: " + e.getMessage(), e);
      }
      count++;
      return this;
    }

    /** Deletes every key in [from, to). */
    public Batch deleteRange(byte[] from, byte[] to) {
      try {
        batch.deleteRange(from, to);
      } catch (RocksDBException e) {
        throw new StoreFailure("cannot stage a range delete: " + e.getMessage(), e);
      }
      count++;
      return this;
    }

    public int size() {
      return count;
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  /**
   * Applies a batch atomically. {@code sync} waits for the disk: for records that must survive a
   * power loss; index batches need not, as a lost tail is rebuilt from the blocks.
   */
  public void write(Batch batch, boolean sync) {
    try {
      db.write(sync ? synced : plain, batch.batch);
    } catch (RocksDBException e) {
      throw new StoreFailure("cannot write the derived store: " + e.getMessage(), e);
    }
  }

  /**
   * Visits the keys in [from, to) in ascending order, or in descending order from just below
   * {@code to} down to {@code from} when {@code reverse}, until the visitor says stop.
   */
  public void scan(byte[] from, byte[] to, boolean reverse, Visitor visitor) {
    Invariants.check(Arrays.compareUnsigned(from, to) <= 0, "scan bounds are reversed");
    try (ReadOptions ro = new ReadOptions(); RocksIterator it = db.newIterator(ro)) {
      if (reverse) {
        it.seekForPrev(to);
        if (it.isValid() && Arrays.equals(it.key(), to)) {
          it.prev();
        }
      } else {
        it.seek(from);
      }
      while (it.isValid()) {
        byte[] key = it.key();
        if (reverse ? Arrays.compareUnsigned(key, from) < 0 : Arrays.compareUnsigned(key, to) >= 0) {
          return;
        }
        if (!visitor.visit(key, it.value())) {
          return;
        }
        if (reverse) {
          it.prev();
        } else {
          it.next();
        }
      }
    }
  }

  /** The smallest key greater than every key that starts with {@code prefix}. */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if (end[i] != (byte) 0xFF) {
        end[i]++;
        return Arrays.copyOf(end, i + 1);
      }
    }
    throw new IllegalArgumentException("a prefix of only 0xFF bytes has no end");
  }

  @Override
  public void close() {
    try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
      db.flush(flush);
    } catch (RocksDBException e) {
      // Closing anyway: the write-ahead log still holds what was not flushed.
    }
    db.close();
    options.close();
    cache.close();
    plain.close();
    synced.close();
  }
}
