package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lazaret.contracts.trace.CaptureArgs;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.Invariants;
import org.lazaret.core.block.Block;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.epcis.EpcisDocument;
import org.lazaret.epcis.EpcisEvent;
import org.lazaret.node.runtime.Threads;
import org.lazaret.node.trace.IndexedEvent.Field;
import org.lazaret.storage.DerivedStore;
import org.lazaret.storage.LedgerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's read index of the EPCIS events on its ledger, so that event queries by any field
 * (business step only, a time range only, an EPC pattern) read postings instead of scanning the
 * state. Derived from committed blocks, never part of consensus: one indexer thread takes each
 * durable block after the last one indexed, rebuilds every successful {@code trace.capture} call's
 * document exactly as the contract saw it ({@link CaptureArgs#document}), and writes the events'
 * entries, postings and counts with the new indexed height in one batch. On start it catches up
 * from where it stopped; an index of another format or another chain is rebuilt from the blocks.
 *
 * <p>Layout of the {@link DerivedStore} (numbers big-endian, times with the sign bit flipped so
 * that byte order is time order): {@code E seq} → entry; {@code P field value 0 seq} → posting;
 * {@code C field value 0} → posting count; {@code T eventTime seq} and {@code R recordTime seq} →
 * time order; {@code D hashId} → error declarations indexed for that event; {@code M name} → the
 * indexed height, its block hash, the next seq and the format. {@link CaptureJobs} keeps its
 * records under {@code J} and {@code K} in the same store; rebuilding leaves them alone.
 *
 * <p>Threading: reads from any thread; writes only on the indexer thread.
 */
final class TraceIndex implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TraceIndex.class);
  /** Bump when the layout or what is indexed changes: the index is then rebuilt on start. */
  private static final long FORMAT = 1;
  static final byte ENTRY = 'E';
  static final byte POSTING = 'P';
  static final byte COUNT = 'C';
  static final byte EVENT_TIME = 'T';
  static final byte RECORD_TIME = 'R';
  private static final byte DECLARATIONS = 'D';
  private static final byte META = 'M';
  private static final byte[] HEIGHT = meta("height");
  private static final byte[] HASH = meta("hash");
  private static final byte[] NEXT_SEQ = meta("seq");
  private static final byte[] FORMAT_KEY = meta("format");
  /** Everything the index derives; capture job records lie outside these ranges. */
  private static final byte[] DERIVED_PREFIXES = {ENTRY, POSTING, COUNT, EVENT_TIME, RECORD_TIME, DECLARATIONS, META};

  private final DerivedStore db;
  private final LedgerStore ledger;
  private final ExecutorService indexer = Threads.single("trace-indexer");
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Object progress = new Object();
  private volatile long indexedHeight;
  private volatile long nextSeq;
  private volatile Optional<String> failure = Optional.empty();

  private TraceIndex(DerivedStore db, LedgerStore ledger) {
    this.db = db;
    this.ledger = ledger;
  }

  /** Opens the index in {@code dir}, dropping it first if it belongs to another chain or format. */
  static TraceIndex open(Path dir, LedgerStore ledger) {
    DerivedStore db = DerivedStore.open(dir);
    TraceIndex index = new TraceIndex(db, ledger);
    try {
      index.checkOrReset();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    return index;
  }

  DerivedStore store() {
    return db;
  }

  private void checkOrReset() {
    long format = db.get(FORMAT_KEY).map(TraceIndex::u64).orElse(-1L);
    long height = db.get(HEIGHT).map(TraceIndex::u64).orElse(-1L);
    Optional<Hash32> hash = db.get(HASH).map(Hash32::wrap);
    boolean sameChain = height >= 0 && hash.isPresent() && ledger.block(height).map(b -> b.hash().equals(hash.get())).orElse(false);
    if (format != FORMAT || !sameChain) {
      if (height >= 0) {
        LOG.info("rebuilding the trace index (format {}, chain {}): it will be caught up from block 1", format == FORMAT ? "current" : "old", sameChain ? "same" : "different");
      }
      try (DerivedStore.Batch b = new DerivedStore.Batch()) {
        for (byte p : DERIVED_PREFIXES) {
          b.deleteRange(new byte[] {p}, new byte[] {(byte) (p + 1)});
        }
        b.put(FORMAT_KEY, u64(FORMAT)).put(HEIGHT, u64(0)).put(HASH, ledger.block(0).orElseThrow().hash().toBytes()).put(NEXT_SEQ, u64(0));
        db.write(b, true);
      }
      height = 0;
    }
    indexedHeight = height;
    nextSeq = db.get(NEXT_SEQ).map(TraceIndex::u64).orElse(0L);
  }

  /** Asks the indexer to catch up with the ledger; cheap, and coalesced while one is queued. */
  void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      indexer.execute(() -> {
        scheduled.set(false);
        catchUp();
      });
    }
  }

  private void catchUp() {
    if (failure.isPresent()) {
      return;
    }
    try {
      long head = ledger.head().orElseThrow().height();
      while (indexedHeight < head && !Thread.currentThread().isInterrupted()) {
        long h = indexedHeight + 1;
        index(ledger.block(h).orElseThrow(() -> new IllegalStateException("block " + h + " is missing below the head")));
        synchronized (progress) {
          indexedHeight = h;
          progress.notifyAll();
        }
        if (h % 10_000 == 0) {
          LOG.info("trace index at block {} of {}", h, head);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("the trace index stopped at block {}", indexedHeight + 1, e);
      failure = Optional.of("the trace index stopped at block " + (indexedHeight + 1) + ": " + e.getMessage());
      synchronized (progress) {
        progress.notifyAll();
      }
    }
  }

  long indexedHeight() {
    return indexedHeight;
  }

  /** Why indexing stopped, if it did; queries then answer that the index is unavailable. */
  Optional<String> failure() {
    return failure;
  }

  /** Waits until blocks up to {@code height} are indexed or the timeout passes; true if they are. */
  boolean awaitHeight(long height, long timeoutMillis) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
    synchronized (progress) {
      while (indexedHeight < height && failure.isEmpty()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        try {
          progress.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return indexedHeight >= height;
  }

  /** The number of entries indexed so far: every seq is below it. */
  long seqLimit() {
    return nextSeq;
  }

  // ---- writing ----

  private void index(Block block) {
    List<Receipt> receipts = ledger.receipts(block.height(), block.transactions().size());
    long seq = nextSeq;
    Map<String, Integer> declarations = new HashMap<>();
    TreeMap<String, Long> counts = new TreeMap<>();
    try (DerivedStore.Batch b = new DerivedStore.Batch()) {
      for (int i = 0; i < block.transactions().size(); i++) {
        SignedTransaction tx = block.transactions().get(i);
        if (!TraceContract.NAME.equals(tx.body().contract()) || !"capture".equals(tx.body().method()) || !(receipts.get(i) instanceof Receipt.Applied applied)) {
          continue;
        }
        JsonNode args = tx.body().argsJson();
        List<Event> announced = applied.events().stream()
            .filter(e -> TraceContract.NAME.equals(e.contract()) && (e.name().equals("EventCaptured") || e.name().equals("ErrorDeclared")))
            .toList();
        // The contract announced each event's hash ID when it captured it: no need to hash again.
        List<String> hashIds = announced.stream().map(e -> e.dataJson().path("hashId").asText()).toList();
        List<EpcisEvent> events = EpcisDocument.parse(CaptureArgs.document(args, block.header().timestampMillis()), hashIds).events();
        Optional<String> context = Optional.ofNullable(args.get("context")).filter(c -> !c.isTextual() || !c.textValue().equals(TraceContract.DEFAULT_CONTEXT))
            .map(CanonicalJson::encodeToString);
        for (int j = 0; j < events.size(); j++) {
          EpcisEvent ev = events.get(j);
          int declaration = -1;
          if (announced.get(j).name().equals("ErrorDeclared")) {
            declaration = declarations.computeIfAbsent(ev.hashId(), this::declarationsIndexed);
            declarations.put(ev.hashId(), declaration + 1);
          } else if (ev.errorDeclaration().isPresent()) {
            declarations.put(ev.hashId(), 1); // the record's first declaration is this event itself
          }
          IndexedEvent entry = IndexedEvent.of(seq++, ev, declaration, block.header().timestampMillis(), block.height(), context);
          write(b, entry, counts);
        }
      }
      for (Map.Entry<String, Long> c : counts.entrySet()) {
        byte[] key = c.getKey().getBytes(StandardCharsets.ISO_8859_1);
        b.put(key, u64(db.get(key).map(TraceIndex::u64).orElse(0L) + c.getValue()));
      }
      declarations.forEach((hash, n) -> b.put(declarationsKey(hash), u64(n)));
      b.put(HEIGHT, u64(block.height())).put(HASH, block.hash().toBytes()).put(NEXT_SEQ, u64(seq));
      db.write(b, false);
    }
    nextSeq = seq;
  }

  private int declarationsIndexed(String hashId) {
    return db.get(declarationsKey(hashId)).map(v -> (int) u64(v)).orElse(0);
  }

  private void write(DerivedStore.Batch b, IndexedEvent e, Map<String, Long> counts) {
    byte[] seq = u64(e.seq());
    b.put(key(ENTRY, seq), e.encode());
    b.put(key(EVENT_TIME, time(e.eventTime()), seq), new byte[0]);
    b.put(key(RECORD_TIME, time(e.recordTime()), seq), new byte[0]);
    for (Map.Entry<Field, List<String>> f : e.values().entrySet()) {
      for (String v : f.getValue()) {
        byte[] value = valueKey(COUNT, f.getKey(), v);
        b.put(key(valueKey(POSTING, f.getKey(), v), seq), new byte[0]);
        // ISO-8859-1 maps each byte to one char, so the count key survives the round trip.
        counts.merge(new String(value, StandardCharsets.ISO_8859_1), 1L, Long::sum);
      }
    }
  }

  // ---- reading ----

  Optional<IndexedEvent> entry(long seq) {
    return db.get(key(ENTRY, u64(seq))).map(IndexedEvent::decode);
  }

  /** How many entries have {@code value} in {@code field}. */
  long count(Field field, String value) {
    return db.get(valueKey(COUNT, field, value)).map(TraceIndex::u64).orElse(0L);
  }

  /**
   * How many entries have a value starting with {@code prefix} in {@code field}, or empty when
   * more than {@code valuesMax} distinct values would have to be summed.
   */
  Optional<Long> countPrefix(Field field, String prefix, int valuesMax) {
    byte[] from = prefixKey(COUNT, field, prefix);
    long[] sum = {0, 0};
    db.scan(from, DerivedStore.prefixEnd(from), false, (k, v) -> {
      sum[0] += u64(v);
      return ++sum[1] <= valuesMax;
    });
    return sum[1] > valuesMax ? Optional.empty() : Optional.of(sum[0]);
  }

  /** Visits the postings of values starting with {@code prefix} (the whole value when {@code exact}). */
  void postings(Field field, String prefix, boolean exact, PostingVisitor visitor) {
    byte[] from = exact ? valueKey(POSTING, field, prefix) : prefixKey(POSTING, field, prefix);
    int valueStart = 2;
    db.scan(from, DerivedStore.prefixEnd(from), false, (k, v) -> {
      String value = new String(k, valueStart, k.length - valueStart - 9, StandardCharsets.UTF_8);
      return visitor.visit(value, ByteBuffer.wrap(k, k.length - 8, 8).getLong());
    });
  }

  /** Receives postings: the value and the entry's seq; returns false to stop. */
  @FunctionalInterface
  interface PostingVisitor {
    boolean visit(String value, long seq);
  }

  /** Receives seqs in order; returns false to stop. */
  @FunctionalInterface
  interface SeqVisitor {
    boolean visit(long seq);
  }

  /**
   * Visits entries in event-time order within [from, to), starting after (afterTime, afterSeq)
   * when given, backwards when {@code reverse}.
   */
  void byEventTime(long from, long to, Optional<long[]> after, boolean reverse, SeqVisitor visitor) {
    byTime(EVENT_TIME, from, to, after, reverse, visitor);
  }

  /** As {@link #byEventTime}, in record-time order, which is also seq order. */
  void byRecordTime(long from, long to, Optional<long[]> after, boolean reverse, SeqVisitor visitor) {
    byTime(RECORD_TIME, from, to, after, reverse, visitor);
  }

  private void byTime(byte tag, long from, long to, Optional<long[]> after, boolean reverse, SeqVisitor visitor) {
    byte[] low = key(tag, time(from));
    byte[] high = to == Long.MAX_VALUE ? new byte[] {(byte) (tag + 1)} : key(tag, time(to));
    if (after.isPresent()) {
      byte[] at = key(tag, time(after.get()[0]), u64(after.get()[1]));
      if (reverse) {
        high = Arrays.compareUnsigned(at, high) < 0 ? at : high;
      } else {
        byte[] next = Arrays.copyOf(at, at.length + 1); // just above the last one returned
        low = Arrays.compareUnsigned(next, low) > 0 ? next : low;
      }
    }
    if (Arrays.compareUnsigned(low, high) >= 0) {
      return;
    }
    db.scan(low, high, reverse, (k, v) -> visitor.visit(ByteBuffer.wrap(k, 9, 8).getLong()));
  }

  // ---- keys ----

  static byte[] key(byte tag, byte[]... parts) {
    int n = 1;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n).put(tag);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }

  private static byte[] key(byte[] head, byte[] tail) {
    return ByteBuffer.allocate(head.length + tail.length).put(head).put(tail).array();
  }

  /** {@code tag field value 0}: the key of one value, or the start of its postings. */
  private static byte[] valueKey(byte tag, Field f, String value) {
    byte[] v = value.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(v.length + 3).put(tag).put(f.code).put(v).put((byte) 0).array();
  }

  /** {@code tag field prefix}: where the values starting with {@code prefix} begin. */
  private static byte[] prefixKey(byte tag, Field f, String prefix) {
    byte[] v = prefix.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(v.length + 2).put(tag).put(f.code).put(v).array();
  }

  private static byte[] declarationsKey(String hashId) {
    return key(DECLARATIONS, hashId.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] meta(String name) {
    return key(META, name.getBytes(StandardCharsets.US_ASCII));
  }

  static byte[] u64(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  static long u64(byte[] b) {
    Invariants.check(b.length == 8, "an index number of %d bytes", b.length);
    return ByteBuffer.wrap(b).getLong();
  }

  /** A time as 8 bytes whose unsigned order is the time order, before 1970 included. */
  private static byte[] time(long millis) {
    return u64(millis ^ Long.MIN_VALUE);
  }

  @Override
  public void close() {
    indexer.shutdownNow();
    try {
      if (!indexer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the trace indexer did not stop within 30 s; closing its store anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    db.close();
  }

  /** For tests and the benchmark: the entries currently indexed, in seq order, at most {@code max}. */
  List<IndexedEvent> entries(int max) {
    List<IndexedEvent> out = new ArrayList<>();
    db.scan(new byte[] {ENTRY}, new byte[] {ENTRY + 1}, false, (k, v) -> {
      out.add(IndexedEvent.decode(v));
      return out.size() < max;
    });
    return out;
  }
}
