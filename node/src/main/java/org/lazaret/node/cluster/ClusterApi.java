package org.lazaret.node.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.lazaret.consensus.raft.ClusterStatus;
import org.lazaret.consensus.raft.RaftMember;
import org.lazaret.consensus.raft.RaftOrdering;
import org.lazaret.consensus.raft.SnapshotPoint;
import org.lazaret.core.block.Block;
import org.lazaret.node.api.Problem;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.api.ApiModule;
import org.lazaret.storage.ChainHead;
import org.lazaret.storage.LedgerStore;

/**
 * Cluster status: who leads, each member's role, height and state root, and whether the members'
 * chains agree at the highest height they all hold. Peers are asked over their HTTP API with a
 * short timeout; a member that does not answer is reported as unreachable, not left out.
 */
public final class ClusterApi implements ApiModule {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final RaftOrdering raft;
  private final ClusterConfig config;
  private final LedgerStore store;
  private final DivergenceWatch watch;
  private final LongSupplier importedBlocks;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).version(HttpClient.Version.HTTP_1_1).build();

  ClusterApi(RaftOrdering raft, ClusterConfig config, LedgerStore store, DivergenceWatch watch, LongSupplier importedBlocks) {
    this.importedBlocks = importedBlocks;
    this.raft = raft;
    this.config = config;
    this.store = store;
    this.watch = watch;
  }

  @Override
  public void routes(Javalin app) {
    app.get("/v1/cluster/self", ctx -> ctx.contentType("application/json").result(CanonicalJson.encodeToString(self())));
    app.get("/v1/cluster", ctx -> ctx.contentType("application/json").result(CanonicalJson.encodeToString(cluster())));
    app.get("/v1/cluster/snapshot", ctx -> ctx.contentType("application/json").result(CanonicalJson.encodeToString(snapshot())));
    app.get("/v1/cluster/blocks", ctx -> ctx.contentType("application/octet-stream").result(blocks(ctx.queryParam("from"), ctx.queryParam("count"))));
  }

  /**
   * This node's latest Raft snapshot point and the newest block at or below it: a member behind
   * the compacted log imports the blocks up to that height, then Raft resumes after the point.
   */
  private ObjectNode snapshot() {
    SnapshotPoint point = raft.status().latestSnapshot()
        .orElseThrow(() -> new Problem(404, "NO_SNAPSHOT", "", "this node has taken no Raft snapshot yet", true, 1));
    long height = store.heightAtPosition(point.index());
    Block block = store.block(height).orElseThrow();
    ObjectNode o = CanonicalJson.object();
    o.put("term", point.term()).put("index", point.index()).put("height", height).put("blockHash", block.hash().hex()).put("stateRoot", block.header().stateRoot().hex());
    return o;
  }

  /** Up to {@code count} stored blocks from height {@code from}, with their positions, as a {@link BlockPage}. */
  private byte[] blocks(String fromParam, String countParam) {
    long from = number("from", fromParam, 1, Long.MAX_VALUE);
    long count = countParam == null ? BlockPage.BLOCKS_MAX : number("count", countParam, 1, BlockPage.BLOCKS_MAX);
    long head = store.head().map(ChainHead::height).orElse(-1L);
    if (from > head) {
      throw Problem.notFound("no block at height " + from + "; the head is " + head);
    }
    List<BlockPage.Entry> entries = new ArrayList<>();
    long bytes = 0;
    for (long h = from; h <= head && entries.size() < count && bytes < BlockPage.ENCODED_BYTES_MAX / 2; h++) {
      Block b = store.block(h).orElseThrow();
      long position = store.positionOf(h).orElseThrow(() -> new Problem(409, "NO_POSITION", "from", "this node did not record the consensus position of its older blocks", false, 0));
      entries.add(new BlockPage.Entry(position, b));
      bytes += b.encode().length;
    }
    return new BlockPage(entries).encode();
  }

  private static long number(String field, String value, long min, long max) {
    if (value == null) {
      throw Problem.badRequest(field, "required");
    }
    try {
      long n = Long.parseLong(value);
      if (n < min || n > max) {
        throw Problem.badRequest(field, "must be " + min + ".." + max + ", got " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      throw Problem.badRequest(field, "'" + value + "' is not a whole number");
    }
  }

  private ObjectNode self() {
    ClusterStatus s = raft.status();
    Optional<ChainHead> head = store.head();
    ObjectNode o = CanonicalJson.object();
    o.put("id", s.nodeId()).put("api", ClusterNode.apiUrl(config, store, s.nodeId()).orElse("")).put("role", s.role().name().toLowerCase(java.util.Locale.ROOT));
    o.put("leader", s.leaderId().orElse(null)).put("term", s.term()).put("commitIndex", s.commitIndex()).put("appliedIndex", s.appliedIndex());
    o.put("height", head.map(ChainHead::height).orElse(-1L)).put("blockHash", head.map(h -> h.hash().hex()).orElse("")).put("stateRoot", head.map(h -> h.header().stateRoot().hex()).orElse(""));
    o.put("diverged", watch.finding().isPresent());
    watch.finding().ifPresent(f -> o.set("divergence", f.json()));
    o.put("checkpointAgreedHeight", watch.agreedHeight());
    o.put("blocksImported", importedBlocks.getAsLong());
    s.latestSnapshot().ifPresent(p -> o.putObject("snapshot").put("term", p.term()).put("index", p.index()));
    ObjectNode peers = o.putObject("divergedPeers");
    new java.util.TreeMap<>(watch.divergedPeers()).forEach(peers::put);
    return o;
  }

  private Optional<JsonNode> ask(String url) {
    try {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
    } catch (java.io.IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private ObjectNode cluster() {
    ClusterStatus s = raft.status();
    Map<String, JsonNode> views = new LinkedHashMap<>();
    Map<String, String> apis = new LinkedHashMap<>();
    for (RaftMember m : s.members()) {
      String api = ClusterNode.apiUrl(config, store, m.id()).orElse("");
      apis.put(m.id(), api);
      views.put(m.id(), m.id().equals(s.nodeId()) ? self() : api.isEmpty() ? null : ask(api + "/v1/cluster/self").orElse(null));
    }
    ObjectNode o = CanonicalJson.object();
    o.put("leader", s.leaderId().orElse(null)).put("term", s.term());
    ArrayNode nodes = o.putArray("nodes");
    long top = -1;
    long common = Long.MAX_VALUE;
    boolean anyDiverged = false;
    for (Map.Entry<String, JsonNode> e : views.entrySet()) {
      JsonNode v = e.getValue();
      ObjectNode n = nodes.addObject().put("id", e.getKey()).put("api", apis.get(e.getKey()));
      RaftMember m = s.members().stream().filter(x -> x.id().equals(e.getKey())).findFirst().orElseThrow();
      n.put("raft", m.address());
      if (v == null) {
        n.put("role", "unreachable").putNull("height").putNull("stateRoot");
      } else {
        n.put("role", v.path("role").asText()).put("height", v.path("height").asLong()).put("stateRoot", v.path("stateRoot").asText()).put("blockHash", v.path("blockHash").asText());
        n.put("diverged", v.path("diverged").asBoolean(false));
        if (v.has("divergence")) {
          n.set("divergence", v.get("divergence"));
        }
        anyDiverged |= v.path("diverged").asBoolean(false) || watch.divergedPeers().containsKey(e.getKey());
        top = Math.max(top, v.path("height").asLong());
        common = Math.min(common, v.path("height").asLong());
      }
    }
    for (JsonNode n : nodes) {
      if (n.hasNonNull("height")) {
        ((ObjectNode) n).put("lag", top - n.path("height").asLong());
      }
    }
    if (common != Long.MAX_VALUE && common >= 0) {
      String hash = null;
      boolean agree = true;
      for (JsonNode n : nodes) {
        if (!n.hasNonNull("height")) {
          continue;
        }
        Optional<JsonNode> b = ask(n.path("api").asText() + "/v1/blocks/" + common);
        String h = b.map(x -> x.path("hash").asText()).orElse("?");
        // Per node, so that a reader sees which member differs, not only that one does.
        b.ifPresent(x -> ((ObjectNode) n).put("comparedBlockHash", x.path("hash").asText()).put("comparedStateRoot", x.path("header").path("stateRoot").asText()));
        agree &= hash == null || hash.equals(h);
        hash = hash == null ? h : hash;
      }
      o.put("comparedHeight", common).put("chainsAgree", agree);
    }
    o.put("diverged", anyDiverged);
    ObjectNode ledger = o.putObject("membership");
    LedgerMembership.read(store).forEach((id, e) -> ledger.putObject(id).put("raft", e.raft()).put("api", e.api())
        .put("certificate", e.certificate()).put("status", e.active() ? "active" : "removed"));
    return o;
  }
}
