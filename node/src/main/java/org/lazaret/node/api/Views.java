package org.lazaret.node.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Event;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;

/** The JSON shapes of blocks, headers and receipts, shared by the API and the event stream. */
public final class Views {
  private Views() {}

  public static ObjectNode header(BlockHeader h) {
    ObjectNode o = CanonicalJson.object();
    o.put("chainId", h.chainId());
    o.put("height", h.height());
    o.put("previousHash", h.previousHash().hex());
    o.put("timestamp", h.timestampMillis());
    o.put("txRoot", h.txRoot().hex());
    o.put("receiptRoot", h.receiptRoot().hex());
    o.put("stateRoot", h.stateRoot().hex());
    o.put("txCount", h.txCount());
    return o;
  }

  public static ObjectNode block(Block b) {
    ObjectNode o = CanonicalJson.object();
    o.put("height", b.height());
    o.put("hash", b.hash().hex());
    o.set("header", header(b.header()));
    ArrayNode ids = o.putArray("transactions");
    for (SignedTransaction tx : b.transactions()) {
      ids.add(tx.id().hex());
    }
    return o;
  }

  public static ObjectNode receipt(Receipt r) {
    ObjectNode o = CanonicalJson.object();
    switch (r) {
      case Receipt.Applied a -> {
        o.put("success", true);
        o.putNull("reason");
        o.set("events", events(a.events()));
      }
      case Receipt.Reverted v -> {
        o.put("success", false);
        o.put("reason", v.code() + ": " + v.reason());
        o.put("code", v.code());
        o.putArray("events");
      }
    }
    return o;
  }

  public static ArrayNode events(List<Event> events) {
    ArrayNode arr = CanonicalJson.object().arrayNode();
    for (Event e : events) {
      arr.addObject().put("contract", e.contract()).put("name", e.name()).set("data", e.dataJson());
    }
    return arr;
  }
}
