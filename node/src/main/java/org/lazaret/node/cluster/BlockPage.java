package org.lazaret.node.cluster;

import java.util.ArrayList;
import java.util.List;
import org.lazaret.core.Limits;
import org.lazaret.core.block.Block;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.codec.Reader;
import org.lazaret.core.codec.Writer;

/**
 * Consecutive blocks with the consensus position each came from, as one member hands them to
 * another that is catching up ({@code GET /v1/cluster/blocks}). Canonical bytes, not JSON, so the
 * receiver re-hashes exactly what the sender stored; decoded as strictly as any outside input,
 * since the sender may be wrong or lying (the receiver re-executes every block anyway).
 *
 * <p>Format version 1: {@code u8 1 | u32 count | (u64 position | bytes block)*count}, heights
 * consecutive, positions increasing, at most {@link #BLOCKS_MAX} blocks and
 * {@link #ENCODED_BYTES_MAX} bytes.
 */
public record BlockPage(List<Entry> entries) {
  public static final int FORMAT_VERSION = 1;
  public static final int BLOCKS_MAX = 64;
  /** A page holds at least one block however large, and stops adding blocks past this size. */
  public static final int ENCODED_BYTES_MAX = Limits.HTTP_BODY_BYTES_MAX;
  private static final int BLOCK_BYTES_MAX = Limits.BLOCK_SIZE_BYTES_MAX + Limits.BLOCK_TX_COUNT_MAX * 4 + 1024;

  /** One block and the consensus position (Raft log index) it was ordered at. */
  public record Entry(long position, Block block) {}

  public BlockPage {
    entries = List.copyOf(entries);
    if (entries.size() > BLOCKS_MAX) {
      throw new IllegalArgumentException("entries: more than " + BLOCKS_MAX + " blocks");
    }
    for (int i = 1; i < entries.size(); i++) {
      Entry before = entries.get(i - 1);
      Entry e = entries.get(i);
      if (e.block().height() != before.block().height() + 1) {
        throw new IllegalArgumentException("entries[" + i + "]: height " + e.block().height() + " does not follow " + before.block().height());
      }
      if (e.position() <= before.position()) {
        throw new IllegalArgumentException("entries[" + i + "]: position " + e.position() + " is not after " + before.position());
      }
    }
  }

  public byte[] encode() {
    Writer w = new Writer(1024);
    w.u8(FORMAT_VERSION).u32(entries.size());
    for (Entry e : entries) {
      w.u64(e.position()).bytes(e.block().encode());
    }
    return w.toByteArray();
  }

  public static BlockPage decode(byte[] encoded) throws DecodeException {
    if (encoded.length > ENCODED_BYTES_MAX) {
      throw new DecodeException("page", encoded.length + " bytes exceeds the limit of " + ENCODED_BYTES_MAX);
    }
    Reader r = new Reader(encoded);
    int version = r.u8("version");
    if (version != FORMAT_VERSION) {
      throw new DecodeException("version", "unsupported block page format " + version);
    }
    int count = r.u32("count");
    if (count < 0 || count > BLOCKS_MAX) {
      throw new DecodeException("count", Integer.toUnsignedString(count) + " blocks exceeds the limit of " + BLOCKS_MAX);
    }
    List<Entry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String field = "entries[" + i + "]";
      long position = r.u64(field + ".position");
      Block block;
      try {
        block = Block.decode(r.bytes(field + ".block", BLOCK_BYTES_MAX));
      } catch (DecodeException e) {
        throw new DecodeException(field + "." + e.field(), e.getMessage());
      }
      if (!entries.isEmpty()) {
        Entry before = entries.getLast();
        if (block.height() != before.block().height() + 1) {
          throw new DecodeException(field + ".block.height", block.height() + " does not follow " + before.block().height());
        }
        if (position <= before.position()) {
          throw new DecodeException(field + ".position", position + " is not after " + before.position());
        }
      }
      entries.add(new Entry(position, block));
    }
    r.expectEnd("block page");
    return new BlockPage(entries);
  }
}
