package org.lazaret.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.lazaret.contracts.Executor;
import org.lazaret.core.Limits;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.DecodeException;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.crypto.PublicKey;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.merkle.MerkleProof;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.node.admission.Admission;
import org.lazaret.node.admission.Admitter;
import org.lazaret.node.admission.RejectReason;
import org.lazaret.node.admission.TransactionJson;
import org.lazaret.node.events.BlockFeed;
import org.lazaret.node.mempool.Mempool;
import org.lazaret.storage.ChainHead;
import org.lazaret.storage.HistoryEntry;
import org.lazaret.storage.LedgerStore;
import org.lazaret.storage.TxLocation;

/**
 * The node's HTTP surface: transactions in, blocks, receipts, state and proofs out, the block
 * stream, health and metrics, the OpenAPI document and the dashboard. Handlers only translate;
 * every decision is made by admission, the store or the proof code.
 */
public final class HttpApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SINGLE_BODY_BYTES_MAX = Limits.TX_SIZE_BYTES_MAX * 3;

  private final LedgerStore store;
  private final Admitter admitter;
  private final Mempool mempool;
  private final PrometheusMeterRegistry metrics;
  private final BlockFeed feed;
  private final List<ApiModule> modules;
  private final RecentRejections rejections = new RecentRejections();
  private final EventStream events;
  private final ServingGate gate;
  private Javalin app;

  /** @param refusal why this node must not answer from its chain now, if it must not (see {@link ServingGate}) */
  public HttpApi(LedgerStore store, Admitter admitter, Mempool mempool, PrometheusMeterRegistry metrics, BlockFeed feed, List<ApiModule> modules, Supplier<Optional<Problem>> refusal) {
    this.gate = new ServingGate(refusal);
    this.store = store;
    this.admitter = admitter;
    this.mempool = mempool;
    this.metrics = metrics;
    this.feed = feed;
    this.modules = List.copyOf(modules);
    this.events = new EventStream(store, feed);
  }

  /** Starts serving; returns the bound port (useful when {@code port} is 0). */
  public int start(String host, int port) {
    app =
        Javalin.create(
            cfg -> {
              cfg.showJavalinBanner = false;
              cfg.useVirtualThreads = true;
              cfg.http.maxRequestSize = Limits.HTTP_BODY_BYTES_MAX;
              cfg.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/dashboard";
                sf.location = Location.CLASSPATH;
              });
              cfg.staticFiles.enableWebjars();
            });
    app.exception(Problem.class, (e, ctx) -> e.send(ctx));
    app.exception(HttpResponseException.class, (e, ctx) -> new Problem(e.getStatus(), codeOf(e.getStatus()), "", e.getMessage() + ": " + ctx.method() + " " + ctx.path(), false, 0).send(ctx));
    app.exception(Exception.class, (e, ctx) -> {
      org.slf4j.LoggerFactory.getLogger(HttpApi.class).error("unexpected error serving {}", ctx.path(), e);
      new Problem(500, "INTERNAL", "", "the node failed to answer: " + e.getClass().getSimpleName(), true, 1).send(ctx);
    });
    app.error(404, ctx -> {
      String type = ctx.res().getContentType();
      if (type == null || !type.startsWith("application/problem+json")) {
        Problem.notFound("no such resource: " + ctx.method() + " " + ctx.path()).send(ctx);
      }
    });
    app.error(405, ctx -> new Problem(405, "METHOD_NOT_ALLOWED", "", ctx.method() + " is not allowed on " + ctx.path(), false, 0).send(ctx));
    gate.install(app);
    routes(app);
    for (ApiModule m : modules) {
      m.routes(app);
    }
    app.start(host, port);
    return app.port();
  }

  private void routes(Javalin app) {
    app.get("/health", this::health);
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.get("/openapi.json", ctx -> ctx.contentType("application/json").result(resource("/api/openapi.json")));
    app.get("/api-docs", ctx -> ctx.contentType("text/html").result(resource("/api/swagger.html")));
    app.post("/v1/transactions", this::submit);
    app.post("/v1/transactions/batch", this::submitBatch);
    app.get("/v1/transactions/{id}", this::status);
    app.get("/v1/transactions/{id}/proof", this::txProof);
    app.get("/v1/blocks", this::blocks);
    app.get("/v1/blocks/latest", ctx -> json(ctx, Views.block(block(head().height()))));
    app.get("/v1/blocks/{height}", ctx -> json(ctx, Views.block(block(height(ctx.pathParam("height"))))));
    app.get("/v1/blocks/{height}/transactions", this::blockTransactions);
    app.get("/v1/state/<key>", this::state);
    app.get("/v1/proofs/state/<key>", this::stateProof);
    app.get("/v1/history/<key>", this::history);
    app.get("/v1/accounts/{key}", this::account);
    // Checked before the stream's headers go out, so that a bad view gets a problem answer.
    app.before("/v1/events", ctx -> EventStream.View.of(ctx.queryParam("view")));
    app.sse("/v1/events", events::serve);
  }

  private static String codeOf(int status) {
    return switch (status) {
      case 404 -> "NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 413 -> RejectReason.TOO_LARGE.name();
      default -> "HTTP_" + status;
    };
  }

  static byte[] resource(String path) {
    try (var in = HttpApi.class.getResourceAsStream(path)) {
      if (in == null) {
        throw Problem.notFound("resource " + path + " is not packaged");
      }
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private ChainHead head() {
    return store.head().orElseThrow(() -> new Problem(503, "NOT_READY", "", "the node has no genesis block yet", true, 1));
  }

  private Block block(long height) {
    return store.block(height).orElseThrow(() -> Problem.notFound("no block at height " + height + "; the head is " + head().height()));
  }

  static long height(String s) {
    try {
      long h = Long.parseLong(s);
      if (h < 0) {
        throw Problem.badRequest("height", "must not be negative");
      }
      return h;
    } catch (NumberFormatException e) {
      throw Problem.badRequest("height", "'" + s + "' is not a block height");
    }
  }

  static void json(Context ctx, JsonNode node) {
    ctx.contentType("application/json").result(CanonicalJson.encodeToString(node));
  }

  /**
   * The body, refused with 413 over {@code maxBytes}: read straight into an array of its declared
   * length, checked before anything is read. The framework's own read grows a buffer by doubling
   * and copies it once more at the end, which for batch bodies of a quarter of a megabyte was an
   * eighth of the node's allocation; it serves only a body without a declared length.
   */
  static byte[] bodyBytes(Context ctx, int maxBytes) {
    long declared = ctx.req().getContentLengthLong();
    long length = declared;
    byte[] b = null;
    if (declared < 0) {
      b = ctx.bodyAsBytes();
      length = b.length;
    }
    if (length > maxBytes) {
      throw new Problem(413, RejectReason.TOO_LARGE.name(), "", "body of " + length + " bytes is over the limit of " + maxBytes, false, 0);
    }
    if (b != null) {
      return b;
    }
    try {
      b = ctx.req().getInputStream().readNBytes((int) declared);
      if (b.length != declared) {
        throw Problem.badRequest("", "the body ended after " + b.length + " of its declared " + declared + " bytes");
      }
      return b;
    } catch (java.io.IOException e) {
      throw Problem.badRequest("", "the body could not be read to its declared " + declared + " bytes: " + e.getMessage());
    }
  }

  static JsonNode body(Context ctx, int maxBytes) {
    byte[] b = bodyBytes(ctx, maxBytes);
    try {
      JsonNode n = JSON.readTree(b);
      if (n == null || n.isMissingNode()) {
        throw Problem.badRequest("body", "empty; expected JSON");
      }
      return n;
    } catch (java.io.IOException e) {
      throw new Problem(400, RejectReason.MALFORMED.name(), "body", "not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), false, 0);
    }
  }

  private void health(Context ctx) {
    ObjectNode o = CanonicalJson.object();
    Optional<ChainHead> h = store.head();
    o.put("status", h.isPresent() ? "ok" : "starting");
    o.put("chainId", h.map(x -> x.header().chainId()).orElse(""));
    o.put("height", h.map(ChainHead::height).orElse(-1L));
    o.put("blockHash", h.map(x -> x.hash().hex()).orElse(""));
    o.put("stateRoot", h.map(x -> x.header().stateRoot().hex()).orElse(""));
    o.put("pid", ProcessHandle.current().pid());
    o.put("mempool", mempool.size());
    gate.mark(o, ctx);
    json(ctx, o);
  }

  private SignedTransaction decodeOne(JsonNode body) {
    try {
      return TransactionJson.decode(body);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      int colon = msg.indexOf(':');
      throw Problem.of(admitter.malformed(RejectReason.MALFORMED, colon > 0 ? msg.substring(0, colon) : "body", msg));
    }
  }

  private SignedTransaction decodeRequest(Context ctx) {
    if (ctx.contentType() != null && ctx.contentType().startsWith("application/octet-stream")) {
      byte[] raw = ctx.bodyAsBytes();
      if (raw.length > Limits.TX_SIZE_BYTES_MAX) {
        throw Problem.of(admitter.malformed(RejectReason.TOO_LARGE, "body", raw.length + " bytes is over the transaction limit of " + Limits.TX_SIZE_BYTES_MAX));
      }
      try {
        return SignedTransaction.decode(raw);
      } catch (DecodeException e) {
        throw Problem.of(admitter.malformed(RejectReason.MALFORMED, e.field(), e.getMessage()));
      }
    }
    return decodeOne(body(ctx, SINGLE_BODY_BYTES_MAX));
  }

  private void submit(Context ctx) {
    SignedTransaction tx = decodeRequest(ctx);
    Admission a = admitter.admit(tx);
    if (a instanceof Admission.Admitted ok) {
      ctx.status(202);
      json(ctx, CanonicalJson.object().put("id", ok.id().hex()).put("status", "pending"));
    } else {
      if (a instanceof Admission.Rejected) {
        rejections.put(tx.id(), a);
      }
      throw Problem.of(a);
    }
  }

  /** A binary batch ({@link org.lazaret.node.admission.BinaryBatch}); a broken frame is a 400. */
  private List<SignedTransaction> decodeBinaryBatch(byte[] raw, List<Optional<Problem>> errors) {
    List<org.lazaret.node.admission.BinaryBatch.Entry> entries;
    try {
      entries = org.lazaret.node.admission.BinaryBatch.decode(raw);
    } catch (DecodeException e) {
      int status = e.field().equals("count") && e.getMessage().contains("limit") ? 413 : 400;
      throw new Problem(status, status == 413 ? RejectReason.TOO_LARGE.name() : RejectReason.MALFORMED.name(), e.field(), e.getMessage(), false, 0);
    }
    List<SignedTransaction> txs = new ArrayList<>(entries.size());
    for (var entry : entries) {
      switch (entry) {
        case org.lazaret.node.admission.BinaryBatch.Entry.Decoded d -> {
          txs.add(d.tx());
          errors.add(Optional.empty());
        }
        case org.lazaret.node.admission.BinaryBatch.Entry.Malformed m -> {
          txs.add(null);
          errors.add(Optional.of(Problem.of(admitter.malformed(RejectReason.MALFORMED, m.field(), m.detail()))));
        }
      }
    }
    return txs;
  }

  private void submitBatch(Context ctx) {
    List<SignedTransaction> txs;
    List<Optional<Problem>> decodeErrors = new ArrayList<>();
    if (ctx.contentType() != null && ctx.contentType().startsWith("application/octet-stream")) {
      txs = decodeBinaryBatch(bodyBytes(ctx, Limits.HTTP_BODY_BYTES_MAX), decodeErrors);
    } else {
      txs = decodeJsonBatch(body(ctx, Limits.HTTP_BODY_BYTES_MAX), decodeErrors);
    }
    answerBatch(ctx, txs, decodeErrors);
  }

  private List<SignedTransaction> decodeJsonBatch(JsonNode body, List<Optional<Problem>> decodeErrors) {
    JsonNode list = body.path("transactions");
    if (!list.isArray()) {
      throw Problem.badRequest("transactions", "required, an array of transactions");
    }
    if (list.size() > Limits.BATCH_TX_COUNT_MAX) {
      throw new Problem(413, RejectReason.TOO_LARGE.name(), "transactions", list.size() + " transactions is over the batch limit of " + Limits.BATCH_TX_COUNT_MAX, false, 0);
    }
    List<SignedTransaction> txs = new ArrayList<>(list.size());
    for (JsonNode item : list) {
      try {
        txs.add(decodeOne(item));
        decodeErrors.add(Optional.empty());
      } catch (Problem p) {
        txs.add(null);
        decodeErrors.add(Optional.of(p));
      }
    }
    return txs;
  }

  /**
   * One result per transaction, in order; or, with {@code ?results=refused}, the count accepted and
   * a result only for each transaction that was not (with its index in the batch): a client
   * sending thousands of transactions knows their ids already, and the node need not spell out
   * every acceptance for it to read back.
   */
  private void answerBatch(Context ctx, List<SignedTransaction> txs, List<Optional<Problem>> decodeErrors) {
    String mode = ctx.queryParam("results");
    if (mode != null && !mode.equals("all") && !mode.equals("refused")) {
      throw Problem.badRequest("results", "must be 'all' (the default) or 'refused', not '" + mode + "'");
    }
    boolean refusedOnly = "refused".equals(mode);
    List<SignedTransaction> good = txs.stream().filter(java.util.Objects::nonNull).toList();
    List<Admission> admitted = admitter.admitAll(good);
    ArrayNode results = CanonicalJson.object().arrayNode();
    int accepted = 0;
    int g = 0;
    for (int i = 0; i < txs.size(); i++) {
      if (decodeErrors.get(i).isPresent()) {
        refusal(results, refusedOnly, i).put("status", "rejected").set("error", decodeErrors.get(i).get().body());
        continue;
      }
      SignedTransaction tx = txs.get(i);
      Admission a = admitted.get(g++);
      if (a instanceof Admission.Admitted) {
        accepted++;
        if (!refusedOnly) {
          results.addObject().put("id", tx.id().hex()).put("status", "pending");
        }
        continue;
      }
      if (a instanceof Admission.Rejected) {
        rejections.put(tx.id(), a);
      }
      refusal(results, refusedOnly, i).put("id", tx.id().hex()).put("status", a instanceof Admission.Busy ? "busy" : "rejected").set("error", Problem.of(a).body());
    }
    ctx.status(202);
    json(ctx, refusedOnly ? CanonicalJson.object().put("accepted", accepted).set("refused", results) : CanonicalJson.object().set("results", results));
  }

  /** A refused transaction's result; in the refused-only answer it names its place in the batch. */
  private static ObjectNode refusal(ArrayNode results, boolean refusedOnly, int index) {
    ObjectNode r = results.addObject();
    return refusedOnly ? r.put("index", index) : r;
  }

  private Hash32 txId(Context ctx) {
    try {
      return Hash32.fromHex("id", ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("id", e.getMessage());
    }
  }

  private void status(Context ctx) {
    Hash32 id = txId(ctx);
    ObjectNode o = CanonicalJson.object().put("id", id.hex());
    Optional<TxLocation> at = store.locate(id);
    if (at.isPresent()) {
      Receipt r = store.receipt(at.get()).orElseThrow();
      Block b = block(at.get().height());
      o.put("status", "committed").put("height", at.get().height()).put("index", at.get().index()).put("blockHash", b.hash().hex());
      o.set("receipt", Views.receipt(r));
      o.set("transaction", TransactionJson.toJson(b.transactions().get(at.get().index())));
      json(ctx, o);
      return;
    }
    Optional<SignedTransaction> pending = mempool.pending(id);
    if (pending.isPresent()) {
      o.put("status", "pending").putNull("height").putNull("receipt");
      o.set("transaction", TransactionJson.toJson(pending.get()));
      json(ctx, o);
      return;
    }
    Optional<Admission> rejected = rejections.get(id);
    if (rejected.isPresent()) {
      Problem p = Problem.of(rejected.get());
      o.put("status", "rejected").putNull("height");
      o.putObject("receipt").put("success", false).put("reason", p.code + ": " + p.getMessage()).put("code", p.code).putArray("events");
      o.set("error", p.body());
      json(ctx, o);
      return;
    }
    throw Problem.notFound("no transaction " + id.hex() + " is known to this node");
  }

  private void txProof(Context ctx) {
    Hash32 id = txId(ctx);
    TxLocation at = store.locate(id).orElseThrow(() -> Problem.notFound("transaction " + id.hex() + " is not committed"));
    Block b = block(at.height());
    MerkleProof path = Block.txTree(b.transactions()).prove(at.index());
    ctx.contentType("application/json").result(ProofFile.txProof(b.header(), b.transactions().get(at.index()), path));
  }

  private void blocks(Context ctx) {
    long top = head().height();
    long before = ctx.queryParam("before") == null ? top + 1 : height(ctx.queryParam("before"));
    int limit = limit(ctx, 20);
    ArrayNode arr = CanonicalJson.object().arrayNode();
    for (long h = Math.min(before, top + 1) - 1; h >= 0 && arr.size() < limit; h--) {
      BlockHeader b = store.header(h).orElseThrow(() -> Problem.notFound("no block at this height"));
      arr.addObject().put("height", h).put("hash", b.hash().hex()).put("timestamp", b.timestampMillis()).put("txCount", b.txCount());
    }
    json(ctx, CanonicalJson.object().put("head", top).set("blocks", arr));
  }

  static int limit(Context ctx, int dflt) {
    String l = ctx.queryParam("limit");
    if (l == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(l);
      if (n < 1 || n > Limits.PAGE_SIZE_MAX) {
        throw Problem.badRequest("limit", "must be between 1 and " + Limits.PAGE_SIZE_MAX);
      }
      return n;
    } catch (NumberFormatException e) {
      throw Problem.badRequest("limit", "'" + l + "' is not a number");
    }
  }

  private void blockTransactions(Context ctx) {
    Block b = block(height(ctx.pathParam("height")));
    List<Receipt> receipts = store.receipts(b.height(), b.transactions().size());
    ArrayNode arr = CanonicalJson.object().arrayNode();
    for (int i = 0; i < b.transactions().size(); i++) {
      ObjectNode t = TransactionJson.toJson(b.transactions().get(i));
      t.set("receipt", Views.receipt(receipts.get(i)));
      arr.add(t);
    }
    json(ctx, CanonicalJson.object().put("height", b.height()).set("transactions", arr));
  }

  private static String key(Context ctx) {
    String k = ctx.pathParam("key");
    if (k.isEmpty() || k.getBytes(StandardCharsets.UTF_8).length > Limits.STATE_KEY_BYTES_MAX) {
      throw Problem.badRequest("key", "must be 1 to " + Limits.STATE_KEY_BYTES_MAX + " bytes");
    }
    return k;
  }

  private void state(Context ctx) {
    String k = key(ctx);
    ChainHead h = head();
    byte[] v = store.stateValue(k).orElseThrow(() -> Problem.notFound("state key '" + k + "' has no value at height " + h.height()));
    ObjectNode o = CanonicalJson.object().put("key", k).put("height", h.height()).put("stateRoot", h.header().stateRoot().hex());
    o.set("value", CanonicalJson.parse("value", v));
    json(ctx, o);
  }

  private void stateProof(Context ctx) {
    String k = key(ctx);
    long top = head().height();
    long at = ctx.queryParam("height") == null ? top : height(ctx.queryParam("height"));
    Block b = block(at);
    Optional<byte[]> value;
    if (at == top) {
      value = store.stateValue(k);
    } else {
      List<HistoryEntry> e = store.history(k, at + 1, 1);
      value = e.isEmpty() ? Optional.empty() : e.get(0).value().map(x -> x.toArray());
    }
    var proof = SparseMerkleTree.prove(store.nodesAt(at), b.header().stateRoot(), Hash32.sha256(k.getBytes(StandardCharsets.UTF_8)));
    ctx.contentType("application/json").result(ProofFile.stateProof(b.header(), k, value, proof));
  }

  private void history(Context ctx) {
    String k = key(ctx);
    long before = ctx.queryParam("before") == null ? Long.MAX_VALUE : height(ctx.queryParam("before"));
    int limit = limit(ctx, 50);
    List<HistoryEntry> entries = store.history(k, before, limit);
    ObjectNode o = CanonicalJson.object().put("key", k);
    ArrayNode arr = o.putArray("entries");
    for (HistoryEntry e : entries) {
      ObjectNode n = arr.addObject().put("height", e.height());
      if (e.value().isPresent()) {
        n.set("value", CanonicalJson.parse("value", e.value().get().unsafeArray()));
      } else {
        n.putNull("value").put("deleted", true);
      }
    }
    if (entries.size() == limit) {
      o.put("next", entries.get(entries.size() - 1).height());
    } else {
      o.putNull("next");
    }
    json(ctx, o);
  }

  private void account(Context ctx) {
    PublicKey k;
    try {
      k = PublicKey.fromHex("key", ctx.pathParam("key"));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("key", e.getMessage());
    }
    long committed = Executor.nextNonce(store.stateView(), k);
    ObjectNode o = CanonicalJson.object().put("key", k.hex()).put("nonce", committed).put("nextNonce", mempool.nextNonce(k, committed));
    o.put("balance", store.stateValue("token/balance/" + k.hex()).map(v -> CanonicalJson.parse("balance", v).longValue()).orElse(0L));
    store.stateValue("identity/member/" + k.hex()).ifPresent(v -> o.set("member", CanonicalJson.parse("member", v)));
    json(ctx, o);
  }

  public void stop() {
    events.close();
    if (app != null) {
      app.stop();
    }
  }
}
