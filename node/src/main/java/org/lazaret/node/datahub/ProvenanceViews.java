package org.lazaret.node.datahub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.lazaret.contracts.datasets.DatasetContract;
import org.lazaret.core.block.Block;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.node.api.Problem;
import org.lazaret.node.datahub.DataState.StoredPoint;
import org.lazaret.storage.ChainHead;
import org.lazaret.storage.HistoryEntry;
import org.lazaret.storage.TxLocation;

/**
 * Where a number came from, checkably: the release that published it (file hash, licence,
 * publisher), the source row, the signed transaction that wrote it into the ledger (with the link
 * to its Merkle inclusion proof) and a state proof of the series value against a block's state
 * root. Also what a release changed against the state before it.
 */
final class ProvenanceViews {
  /** Versions of a series key read back when looking for the write of a point. */
  static final int HISTORY_VERSIONS_MAX = 2_000;
  static final int CHANGES_LISTED_MAX = 1_000;

  private ProvenanceViews() {}

  static ObjectNode release(DataState state, String id) {
    JsonNode r = state.release(id).orElseThrow(() -> Problem.notFound("no data release " + id));
    ObjectNode o = (ObjectNode) r.deepCopy();
    o.set("transaction", transaction(state, id));
    if (r.hasNonNull("closedBy")) {
      o.set("closedTransaction", transaction(state, r.get("closedBy").asText()));
    }
    return o;
  }

  /** Where a committed transaction is, with the link a client fetches its inclusion proof from. */
  static ObjectNode transaction(DataState state, String id) {
    ObjectNode o = CanonicalJson.object().put("id", id).put("proof", "/v1/transactions/" + id + "/proof");
    Optional<TxLocation> at = state.store().locate(Hash32.fromHex("id", id));
    if (at.isEmpty()) {
      return o.put("status", "unknown");
    }
    Block b = state.store().block(at.get().height()).orElseThrow();
    SignedTransaction tx = b.transactions().get(at.get().index());
    o.put("status", "committed").put("height", at.get().height()).put("index", at.get().index()).put("blockHash", b.hash().hex());
    o.put("sender", tx.body().sender().hex()).put("signature", tx.signature().hex()).put("method", tx.body().method());
    return o;
  }

  static ObjectNode provenance(DataState state, String place, String metric, String source, LocalDate date) {
    ChainHead head = state.store().head().orElseThrow(() -> new Problem(503, "NOT_READY", "", "the node has no genesis block yet", true, 1));
    long height = head.height();
    String key = DatasetContract.seriesKey(source, place, metric);
    JsonNode value = state.readAt(key, height).orElseThrow(() -> Problem.notFound("source '" + source + "' has no series " + place + "/" + metric));
    StoredPoint point = Optional.ofNullable(DataState.points(value).get(date))
        .orElseThrow(() -> Problem.notFound("source '" + source + "' has no " + metric + " for " + place + " on " + date));
    ObjectNode o = CanonicalJson.object();
    o.put("place", place).put("metric", metric).put("source", source).put("date", date.toString());
    o.put("value", point.value()).put("row", point.row());
    state.release(point.release()).ifPresentOrElse(
        r -> o.set("release", summary(r, state)),
        () -> o.set("release", CanonicalJson.object().put("id", point.release())));
    writtenAt(state, key, date, point, height).ifPresentOrElse(
        h -> o.set("transaction", writer(state, h, place, metric, date, point)),
        () -> o.putNull("transaction"));
    Block b = state.store().block(height).orElseThrow();
    var proof = SparseMerkleTree.prove(state.store().nodesAt(height), b.header().stateRoot(), Hash32.sha256(key.getBytes(StandardCharsets.UTF_8)));
    byte[] file = ProofFile.stateProof(b.header(), key, Optional.of(CanonicalJson.encode(value)), proof);
    ObjectNode s = o.putObject("state");
    s.put("key", key).put("height", height).put("blockHash", b.hash().hex()).put("stateRoot", b.header().stateRoot().hex());
    s.put("proofUrl", "/v1/proofs/state/" + key + "?height=" + height);
    s.set("proof", CanonicalJson.parse("proof", new String(file, StandardCharsets.UTF_8).strip()));
    return o;
  }

  private static ObjectNode summary(JsonNode r, DataState state) {
    ObjectNode o = CanonicalJson.object();
    for (String f : List.of("id", "source", "version", "fileName", "fileHash", "licence", "format", "publisher", "publisherKey", "time", "status")) {
      if (r.has(f)) {
        o.set(f, r.get(f));
      }
    }
    o.set("transaction", transaction(state, r.path("id").asText()));
    return o;
  }

  /**
   * The height of the block whose write gave the point its current value: the oldest of the
   * newest run of versions that hold it unchanged.
   */
  private static Optional<Long> writtenAt(DataState state, String key, LocalDate date, StoredPoint point, long height) {
    long before = height + 1;
    Optional<Long> found = Optional.empty();
    int read = 0;
    while (read < HISTORY_VERSIONS_MAX) {
      List<HistoryEntry> page = state.store().history(key, before, 100);
      if (page.isEmpty()) {
        return found;
      }
      for (HistoryEntry e : page) {
        read++;
        StoredPoint p = e.value().map(v -> DataState.points(CanonicalJson.parse(key, v.unsafeArray())).get(date)).orElse(null);
        if (!point.equals(p)) {
          return found;
        }
        found = Optional.of(e.height());
      }
      before = page.get(page.size() - 1).height();
    }
    return found;
  }

  /** The applied addSeries transaction in block {@code height} that wrote this point. */
  private static JsonNode writer(DataState state, long height, String place, String metric, LocalDate date, StoredPoint point) {
    Block b = state.store().block(height).orElseThrow();
    List<Receipt> receipts = state.store().receipts(height, b.transactions().size());
    for (int i = 0; i < b.transactions().size(); i++) {
      SignedTransaction tx = b.transactions().get(i);
      if (!tx.body().contract().equals(DatasetContract.NAME) || !tx.body().method().equals("addSeries") || !(receipts.get(i) instanceof Receipt.Applied)) {
        continue;
      }
      JsonNode args = tx.body().argsJson();
      if (!args.path("release").asText().equals(point.release())) {
        continue;
      }
      for (JsonNode s : args.path("series")) {
        if (s.path("place").asText().equals(place) && s.path("metric").asText().equals(metric)) {
          for (JsonNode p : s.path("points")) {
            if (p.get(0).asText().equals(date.toString())) {
              return transaction(state, tx.id().hex());
            }
          }
        }
      }
    }
    return com.fasterxml.jackson.databind.node.NullNode.instance;
  }

  /** What release {@code id} changed: every series of its source, before it opened and after it closed. */
  static ObjectNode changes(DataState state, String id, int limit) {
    JsonNode r = state.release(id).orElseThrow(() -> Problem.notFound("no data release " + id));
    String source = r.path("source").asText();
    long head = state.store().head().orElseThrow().height();
    long before = r.path("height").asLong() - 1;
    long after = r.has("closedHeight") ? r.get("closedHeight").asLong() : head;
    ObjectNode o = CanonicalJson.object();
    o.put("release", id).put("source", source).put("version", r.path("version").asLong()).put("status", r.path("status").asText());
    if (r.has("previous")) {
      o.put("previous", r.get("previous").asText());
    }
    o.put("beforeHeight", before).put("afterHeight", after);
    long added = 0;
    long changed = 0;
    long unchanged = 0;
    int seriesCount = 0;
    ArrayNode list = CanonicalJson.object().arrayNode();
    for (Map.Entry<String, TreeSet<String>> e : state.catalog(source).entrySet()) {
      for (String metric : e.getValue()) {
        String key = DatasetContract.seriesKey(source, e.getKey(), metric);
        TreeMap<LocalDate, StoredPoint> was = state.readAt(key, before).map(DataState::points).orElse(new TreeMap<>());
        TreeMap<LocalDate, StoredPoint> now = state.readAt(key, after).map(DataState::points).orElse(new TreeMap<>());
        boolean touched = false;
        for (Map.Entry<LocalDate, StoredPoint> p : now.entrySet()) {
          if (!p.getValue().release().equals(id)) {
            continue;
          }
          touched = true;
          StoredPoint old = was.get(p.getKey());
          if (old == null) {
            added++;
          } else if (old.value() == p.getValue().value()) {
            unchanged++;
          } else {
            changed++;
            if (list.size() < limit) {
              ObjectNode c = list.addObject().put("place", e.getKey()).put("metric", metric).put("date", p.getKey().toString());
              c.putObject("before").put("value", old.value()).put("release", old.release()).put("row", old.row());
              c.putObject("after").put("value", p.getValue().value()).put("release", id).put("row", p.getValue().row());
            }
          }
        }
        if (touched) {
          seriesCount++;
        }
      }
    }
    o.put("series", seriesCount).put("added", added).put("changed", changed).put("unchanged", unchanged);
    o.put("truncated", changed > list.size());
    o.set("changes", list);
    return o;
  }
}
