package org.lazaret.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;
import org.lazaret.core.codec.Writer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The store's RocksDB directory opened behind {@link LedgerStore}'s back, as an attacker or a
 * failing disk would change it. The family list is written out here on purpose: it is the
 * on-disk layout, and {@code LedgerStoreLayoutTest} fails if the store's own list drifts.
 */
final class RawStore implements AutoCloseable {
  static final List<String> FAMILIES = List.of("default", "blocks", "hashes", "txindex", "receipts", "state", "history", "smt", "positions", "blockwrites");

  static {
    RocksDB.loadLibrary();
  }

  private final DBOptions options;
  private final RocksDB db;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();

  private RawStore(Path dir) throws RocksDBException {
    options = new DBOptions();
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    for (String f : FAMILIES) {
      descriptors.add(new ColumnFamilyDescriptor(f.getBytes(StandardCharsets.US_ASCII)));
    }
    db = RocksDB.open(options, dir.toString(), descriptors, handles);
  }

  static RawStore open(Path dir) {
    try {
      return new RawStore(dir);
    } catch (RocksDBException e) {
      throw new IllegalStateException("cannot open " + dir + " raw: " + e.getMessage(), e);
    }
  }

  private ColumnFamilyHandle family(String name) {
    int i = FAMILIES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column family " + name);
    }
    return handles.get(i);
  }

  byte[] get(String family, byte[] key) {
    try {
      byte[] v = db.get(family(family), key);
      if (v == null) {
        throw new IllegalStateException("no key " + HexFormat.of().formatHex(key) + " in " + family);
      }
      return v;
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  boolean has(String family, byte[] key) {
    try {
      return db.get(family(family), key) != null;
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  void put(String family, byte[] key, byte[] value) {
    try {
      db.put(family(family), key, value);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  void delete(String family, byte[] key) {
    try {
      db.delete(family(family), key);
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every key and value of every family, in hex: two dumps are equal only if nothing changed. */
  TreeMap<String, TreeMap<String, String>> dump() {
    TreeMap<String, TreeMap<String, String>> out = new TreeMap<>();
    HexFormat hex = HexFormat.of();
    for (String f : FAMILIES) {
      TreeMap<String, String> entries = new TreeMap<>();
      try (RocksIterator it = db.newIterator(family(f))) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          entries.put(hex.formatHex(it.key()), hex.formatHex(it.value()));
        }
      }
      out.put(f, entries);
    }
    return out;
  }

  static TreeMap<String, TreeMap<String, String>> dump(Path dir) {
    try (RawStore raw = open(dir)) {
      return raw.dump();
    }
  }

  static List<String> familiesOnDisk(Path dir) {
    try (org.rocksdb.Options o = new org.rocksdb.Options()) {
      List<String> names = new ArrayList<>();
      for (byte[] n : RocksDB.listColumnFamilies(o, dir.toString())) {
        names.add(new String(n, StandardCharsets.US_ASCII));
      }
      return names;
    } catch (RocksDBException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] heightKey(long height) {
    return new Writer(8).u64(height).toByteArray();
  }

  static byte[] receiptKey(long height, int index) {
    return new Writer(12).u64(height).u32(index).toByteArray();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    options.close();
  }
}
