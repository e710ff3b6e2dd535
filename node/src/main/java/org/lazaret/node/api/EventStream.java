package org.lazaret.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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
 * from the store for a client that is behind.
 */
final class EventStream implements AutoCloseable {
  private static final int CLIENTS_MAX = 256;
  private final LedgerStore store;
  private final BlockFeed feed;
  private final AtomicInteger clients = new AtomicInteger();
  /** The messages of the last few blocks, by height modulo the ring's size. */
  private final Message[] messages = new Message[8];
  private volatile boolean open = true;

  EventStream(LedgerStore store, BlockFeed feed) {
    this.store = store;
    this.feed = feed;
  }

  void serve(SseClient client) {
    long next = start(client);
    if (clients.incrementAndGet() > CLIENTS_MAX) {
      clients.decrementAndGet();
      client.sendEvent("error", "{\"code\":\"TOO_MANY_CLIENTS\"}", "");
      client.close();
      return;
    }
    client.keepAlive();
    client.onClose(clients::decrementAndGet);
    Thread.ofVirtual().name("sse-client").start(() -> pump(client, next));
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

  private void pump(SseClient client, long next) {
    try {
      while (open && !client.terminated()) {
        long head = store.head().map(h -> h.height()).orElse(-1L);
        while (next <= head && !client.terminated()) {
          client.sendEvent("block", encoded(next), Long.toString(next));
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

  /** Block {@code height}'s message, encoded by the first client to send it. */
  private String encoded(long height) {
    int slot = (int) (height % messages.length);
    synchronized (messages) {
      Message m = messages[slot];
      if (m != null && m.height() == height) {
        return m.json();
      }
    }
    String json = feed.recent(height)
        .map(c -> CanonicalJson.encodeToString(message(c.block(), c.receipts())))
        .orElseGet(() -> {
          Block b = store.block(height).orElseThrow();
          return CanonicalJson.encodeToString(message(b, store.receipts(height, b.transactions().size())));
        });
    synchronized (messages) {
      messages[slot] = new Message(height, json);
    }
    return json;
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
