package org.lazaret.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.lazaret.core.block.Block;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Receipt;
import org.lazaret.node.events.BlockFeed;
import org.lazaret.storage.LedgerStore;

/**
 * Committed blocks, with each transaction's outcome and contract events, as server-sent events.
 * The event id is the block height, so a client resumes with {@code ?from=H} or the standard
 * {@code Last-Event-ID} header and gets every block after it exactly once. Each client has its own
 * virtual thread; the number of clients is bounded. A block's message is encoded once and shared by
 * every client that sends it, from the blocks the feed keeps in hand while clients keep up, and
 * from the store for a client that is behind. A client that only follows which transactions
 * committed asks for {@code ?view=ids}: each block as {@code GET /v1/blocks/{height}} gives it,
 * without the receipts and events that make up most of a full message's encoding.
 */
final class EventStream implements AutoCloseable {
  private static final int CLIENTS_MAX = 256;
  private final LedgerStore store;
  private final BlockFeed feed;
  private final AtomicInteger clients = new AtomicInteger();
  /** The messages of the last few blocks in each view, by height modulo the ring's size. */
  private final java.util.Map<View, Message[]> messages = new java.util.EnumMap<>(View.class);
  private volatile boolean open = true;

  /** What each block's message holds. */
  enum View {
    /** Header, and each transaction's id, contract, method, outcome and events. */
    FULL,
    /** Header and transaction ids. */
    IDS;

    /** The view a request names in {@code ?view=}; full when it names none. */
    static View of(String param) {
      if (param == null || param.equals("full")) {
        return FULL;
      }
      if (param.equals("ids")) {
        return IDS;
      }
      throw Problem.badRequest("view", "must be 'full' (the default) or 'ids', not '" + param + "'");
    }
  }

  EventStream(LedgerStore store, BlockFeed feed) {
    this.store = store;
    this.feed = feed;
    for (View v : View.values()) {
      messages.put(v, new Message[8]);
    }
  }

  void serve(SseClient client) {
    View view = View.of(client.ctx().queryParam("view"));
    long next = start(client);
    if (clients.incrementAndGet() > CLIENTS_MAX) {
      clients.decrementAndGet();
      client.sendEvent("error", "{\"code\":\"TOO_MANY_CLIENTS\"}", "");
      client.close();
      return;
    }
    client.keepAlive();
    client.onClose(clients::decrementAndGet);
    Thread.ofVirtual().name("sse-client").start(() -> pump(client, view, next));
  }

  private long start(SseClient client) {
    String last = client.ctx().header("Last-Event-ID");
    String from = client.ctx().queryParam("from");
    long head = store.head().map(h -> h.height()).orElse(-1L);
    try {
      if (last != null && !last.isBlank()) {
        return Long.parseLong(last.strip()) + 1;
      }
      if (from != null) {
        return Math.max(0, Long.parseLong(from));
      }
    } catch (NumberFormatException e) {
      return head + 1;
    }
    return head + 1;
  }

  private void pump(SseClient client, View view, long next) {
    try {
      while (open && !client.terminated()) {
        long head = store.head().map(h -> h.height()).orElse(-1L);
        while (next <= head && !client.terminated()) {
          client.sendEvent("block", encoded(view, next), Long.toString(next));
          next++;
        }
        if (feed.awaitAbove(next - 1, 15_000) < next) {
          client.sendComment("keep-alive");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      client.close();
    }
  }

  private record Message(long height, String json) {}

  /** Block {@code height}'s message in {@code view}, encoded by the first client to send it. */
  private String encoded(View view, long height) {
    Message[] ring = messages.get(view);
    int slot = (int) (height % ring.length);
    synchronized (ring) {
      Message m = ring[slot];
      if (m != null && m.height() == height) {
        return m.json();
      }
    }
    String json = feed.recent(height)
        .map(c -> render(view, c.block(), () -> c.receipts()))
        .orElseGet(() -> {
          Block b = store.block(height).orElseThrow();
          return render(view, b, () -> store.receipts(height, b.transactions().size()));
        });
    synchronized (ring) {
      ring[slot] = new Message(height, json);
    }
    return json;
  }

  /** A block's message in {@code view}; the receipts are read only for the full view. */
  private static String render(View view, Block b, Supplier<List<Receipt>> receipts) {
    return CanonicalJson.encodeToString(view == View.IDS ? Views.block(b) : message(b, receipts.get()));
  }

  static ObjectNode message(Block b, List<Receipt> receipts) {
    ObjectNode o = Views.block(b);
    o.remove("transactions");
    ArrayNode txs = o.putArray("transactions");
    for (int i = 0; i < receipts.size(); i++) {
      ObjectNode r = Views.receipt(receipts.get(i));
      r.put("id", b.transactions().get(i).id().hex());
      r.put("contract", b.transactions().get(i).body().contract());
      r.put("method", b.transactions().get(i).body().method());
      txs.add(r);
    }
    return o;
  }

  @Override
  public void close() {
    open = false;
  }
}
