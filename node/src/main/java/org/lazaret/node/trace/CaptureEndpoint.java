package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.lazaret.contracts.trace.CaptureArgs;
import org.lazaret.contracts.trace.TraceContract;
import org.lazaret.core.Limits;
import org.lazaret.core.block.Block;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.tx.Receipt;
import org.lazaret.core.tx.SignedTransaction;
import org.lazaret.epcis.EpcisDocument;
import org.lazaret.epcis.EpcisEvent;
import org.lazaret.epcis.EpcisFormatException;
import org.lazaret.epcis.EpcisValidator;
import org.lazaret.epcis.Validation;
import org.lazaret.node.admission.Admission;
import org.lazaret.node.api.NodeServices;
import org.lazaret.node.api.Problem;
import org.lazaret.storage.TxLocation;

/**
 * The capture interface of the EPCIS 2.0 REST binding: {@code POST /epcis/capture} takes an
 * EPCISDocument, checks all of it at once — schema, identifiers, events already on the ledger —
 * and captures it as one {@code trace.capture} transaction signed with the node's capture key, so
 * a document is accepted or rejected whole (the standard's "rollback" behaviour). The answer is a
 * capture job whose ID is the transaction id; {@code GET /epcis/capture/{id}} reports it from the
 * ledger: running until the transaction is committed and its events are in the read index, then
 * its success or the contract's revert code and reason (e.g. a duplicate that another capture
 * committed first).
 */
final class CaptureEndpoint {
  /** A document's text may be larger than the call it becomes (whitespace, repeated context). */
  static final int BODY_BYTES_MAX = 1 << 20;
  static final String NOT_CONFIGURED = "CAPTURE_NOT_CONFIGURED";

  private final NodeServices node;
  private final TraceIndex index;
  private final CaptureJobs jobs;
  private final Optional<CaptureSigner> signer;

  CaptureEndpoint(NodeServices node, TraceIndex index, CaptureJobs jobs, Optional<CaptureSigner> signer) {
    this.node = node;
    this.index = index;
    this.jobs = jobs;
    this.signer = signer;
  }

  void capture(Context ctx) {
    CaptureSigner s = signer.orElseThrow(() -> new Problem(503, NOT_CONFIGURED, "", "this node holds no capture key: start it with "
        + "'lazaret node start --capture-key FILE' (the key of a member holding the role trace.capture), or capture with 'lazaret epcis capture --key FILE'", false, 0));
    requireRole(s);
    String behaviour = Optional.ofNullable(ctx.header("GS1-Capture-Error-Behaviour")).orElse("rollback").strip();
    if (!behaviour.equals("rollback")) {
      throw Problem.badRequest("GS1-Capture-Error-Behaviour", "'" + behaviour + "' is not supported: a document is captured whole or not at all (rollback)");
    }
    String type = Optional.ofNullable(ctx.contentType()).orElse("application/json");
    if (!type.startsWith("application/json") && !type.startsWith("application/ld+json")) {
      throw new Problem(415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type", "captures EPCIS 2.0 JSON or JSON-LD (application/json, application/ld+json), not " + type, false, 0);
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > BODY_BYTES_MAX) {
      throw tooLarge("", "the document has " + body.length + " bytes; this node captures documents of up to " + BODY_BYTES_MAX);
    }
    String text = utf8(body);
    if (EpcisValidator.validate(text) instanceof Validation.Invalid inv) {
      throw invalid(inv.path(), inv.reason());
    }
    EpcisDocument doc;
    try {
      doc = EpcisDocument.parse(text);
    } catch (EpcisFormatException e) {
      throw invalid(e.position(), e.reason());
    }
    if (!doc.documentType().orElse("").equals("EPCISDocument")) {
      throw invalid("$.type", "capture takes an EPCISDocument; a query document is not captured");
    }
    List<EpcisEvent> events = doc.events();
    if (events.isEmpty()) {
      throw invalid("$.epcisBody.eventList", "the document has no events to capture");
    }
    if (events.size() > CaptureArgs.EVENTS_PER_CALL_MAX) {
      throw tooLarge("$.epcisBody.eventList", "the document has " + events.size() + " events; one capture takes at most " + CaptureArgs.EVENTS_PER_CALL_MAX
          + " (GS1-EPCIS-Capture-Limit): split it into several documents");
    }
    ObjectNode args;
    List<EpcisEvent> asCaptured;
    try {
      args = CaptureArgs.of(text);
      // The hash IDs the contract will file the events under: those of the document it rebuilds.
      asCaptured = EpcisDocument.parse(CaptureArgs.document(args, node.clock().millis())).events();
    } catch (IllegalArgumentException | EpcisFormatException e) {
      throw invalid("$", e.getMessage());
    }
    refuseDuplicates(asCaptured);
    int argsBytes = CanonicalJson.encode(args).length;
    if (argsBytes > Limits.TX_ARGS_BYTES_MAX) {
      throw tooLarge("$.epcisBody.eventList", "the events take " + argsBytes + " bytes as a transaction; one capture holds at most "
          + Limits.TX_ARGS_BYTES_MAX + ": split the document");
    }
    long created = node.clock().millis();
    CaptureJobs.Job[] reserved = new CaptureJobs.Job[1];
    Admission a = s.submit(args, new CaptureSigner.Hooks() {
      @Override
      public void before(SignedTransaction tx) {
        reserved[0] = new CaptureJobs.Job(tx.id(), created, tx.body().expiresAtMillis(), events.size(), Optional.empty());
        jobs.reserve(reserved[0]);
      }

      @Override
      public void refused(SignedTransaction tx) {
        jobs.release(reserved[0]);
      }
    });
    if (!(a instanceof Admission.Admitted ok)) {
      throw Problem.of(a);
    }
    String id = ok.id().hex();
    ctx.status(202).header("Location", "/epcis/capture/" + id);
    TraceApi.send(ctx, CanonicalJson.object().put("captureID", id).put("events", events.size()));
  }

  private void requireRole(CaptureSigner s) {
    String member = "identity/member/" + s.key().publicKey().hex();
    Optional<JsonNode> m = node.store().stateValue(member).map(v -> CanonicalJson.parse(member, v));
    boolean holds = m.isPresent() && "active".equals(m.get().path("status").asText())
        && contains(m.get().path("roles"), TraceContract.CAPTURE);
    if (!holds) {
      throw new Problem(503, NOT_CONFIGURED, "", "the capture key " + s.key().publicKey().hex() + " is not an active member holding the role "
          + TraceContract.CAPTURE + " on this chain; enrol it or configure another key", false, 0);
    }
  }

  private static boolean contains(JsonNode list, String value) {
    for (JsonNode x : list) {
      if (value.equals(x.asText())) {
        return true;
      }
    }
    return false;
  }

  /** A document is refused whole if any event is already on the ledger or appears twice in it. */
  private void refuseDuplicates(List<EpcisEvent> events) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < events.size(); i++) {
      EpcisEvent ev = events.get(i);
      boolean declaration = ev.errorDeclaration().isPresent();
      String at = "$.epcisBody.eventList[" + i + "]";
      if (!seen.add(ev.hashId() + (declaration ? "#declaration" : ""))) {
        throw duplicate(at, "event " + i + " (hash ID " + ev.hashId() + ") appears twice in the document");
      }
      if (declaration) {
        continue; // an error declaration shares the hash ID of the event it corrects
      }
      Optional<byte[]> stored = node.store().stateValue(TraceContract.eventKey(ev.hashId()));
      if (stored.isPresent()) {
        JsonNode r = CanonicalJson.parse("record", stored.get());
        throw duplicate(at, "event " + i + " (hash ID " + ev.hashId() + ") is already on the ledger: captured by '" + r.path("capturedBy").asText()
            + "' at height " + r.path("height").asLong() + "; nothing was captured");
      }
    }
  }

  // ---- jobs ----

  void job(Context ctx) {
    Hash32 id;
    try {
      id = Hash32.fromHex("captureID", ctx.pathParam("captureID"));
    } catch (IllegalArgumentException e) {
      throw Problem.notFound("no capture job " + ctx.pathParam("captureID") + ": capture IDs are 64 hexadecimal digits");
    }
    Optional<CaptureJobs.Job> job = jobs.get(id);
    if (job.isPresent()) {
      TraceApi.send(ctx, view(job.get()));
      return;
    }
    TraceApi.send(ctx, fromLedger(id).orElseThrow(() -> Problem.notFound("no capture job " + id.hex() + " on this node or its ledger")));
  }

  /**
   * A capture this node holds no record of (posted to another node of the cluster, or sent as a
   * signed transaction) is still a job once committed: it is read from its transaction, created
   * and finished at its block's time.
   */
  private Optional<ObjectNode> fromLedger(Hash32 id) {
    Optional<TxLocation> at = node.store().locate(id);
    if (at.isEmpty() || index.indexedHeight() < at.get().height()) {
      return Optional.empty();
    }
    Block block = node.store().block(at.get().height()).orElseThrow();
    SignedTransaction tx = block.transactions().get(at.get().index());
    if (!TraceContract.NAME.equals(tx.body().contract()) || !"capture".equals(tx.body().method())) {
      return Optional.empty();
    }
    long time = block.header().timestampMillis();
    CaptureJobs.Job job = new CaptureJobs.Job(id, time, Math.max(time + 1, tx.body().expiresAtMillis()), tx.body().argsJson().path("events").size(), Optional.empty());
    return Optional.of(view(job, outcome(job).orElseThrow()));
  }

  void list(Context ctx) {
    int max = perPage(ctx);
    ArrayNode out = CanonicalJson.object().arrayNode();
    for (CaptureJobs.Job j : jobs.recent(max)) {
      out.add(view(j));
    }
    ctx.contentType("application/json").result(out.toString());
  }

  private static int perPage(Context ctx) {
    String v = ctx.queryParam("perPage");
    if (v == null) {
      return 30;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= Limits.PAGE_SIZE_MAX) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Problem.badRequest("perPage", "must be a whole number from 1 to " + Limits.PAGE_SIZE_MAX);
  }

  /** The standard's capture job, its state read from the ledger until it is known for good. */
  ObjectNode view(CaptureJobs.Job job) {
    return view(job, job.outcome().orElseGet(() -> outcome(job).orElse(null)));
  }

  private static ObjectNode view(CaptureJobs.Job job, JsonNode outcome) {
    ObjectNode o = CanonicalJson.object();
    o.put("captureID", job.txId().hex()).put("createdAt", Instant.ofEpochMilli(job.createdAt()).toString());
    o.put("captureErrorBehaviour", "rollback");
    if (outcome == null) {
      o.put("running", true).put("success", true);
      o.putArray("errors");
      return o;
    }
    o.put("finishedAt", outcome.path("finishedAt").asText()).put("running", false).put("success", outcome.path("success").asBoolean());
    o.set("errors", outcome.path("errors"));
    return o;
  }

  /** The outcome once the ledger has decided it (kept from then on), or empty while running. */
  private Optional<JsonNode> outcome(CaptureJobs.Job job) {
    Optional<TxLocation> at = node.store().locate(job.txId());
    if (at.isPresent()) {
      if (index.indexedHeight() < at.get().height()) {
        return Optional.empty(); // committed, but its events are not queryable yet
      }
      Receipt r = node.store().receipt(at.get()).orElseThrow(() -> new IllegalStateException("no receipt for committed " + job.txId().hex()));
      long time = node.store().block(at.get().height()).orElseThrow().header().timestampMillis();
      ObjectNode o = CanonicalJson.object().put("finishedAt", Instant.ofEpochMilli(time).toString()).put("height", at.get().height());
      ArrayNode errors = o.putArray("errors");
      switch (r) {
        case Receipt.Applied applied -> o.put("success", true);
        case Receipt.Reverted reverted -> {
          o.put("success", false);
          errors.add(error(reverted.code(), reverted.reason()));
        }
      }
      if (jobs.get(job.txId()).isPresent()) {
        jobs.finish(job, o);
      }
      return Optional.of(o);
    }
    if (node.pending(job.txId()) || node.clock().millis() <= job.expiresAt()) {
      return Optional.empty();
    }
    ObjectNode o = CanonicalJson.object().put("finishedAt", Instant.ofEpochMilli(job.expiresAt()).toString()).put("success", false);
    o.putArray("errors").add(error("NOT_COMMITTED", "the capture transaction expired before it was committed (it was lost from the mempool, e.g. by a "
        + "restart of the node); capture the document again"));
    return Optional.of(o);
  }

  /** One error of a job: the contract's revert code and reason, as problem details. */
  private static ObjectNode error(String code, String reason) {
    int status = switch (code) {
      case "DUPLICATE_EVENT" -> 409;
      case "UNAUTHORIZED" -> 403;
      case "EPC_FULL", "DECLARATIONS_FULL", "STATE_LIMIT" -> 413;
      default -> 400;
    };
    ObjectNode o = new Problem(status, code, "", reason, false, 0).body();
    o.put("title", "Capture failed").put("reason", reason);
    return o;
  }

  private static String utf8(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw invalid("$", "the body is not UTF-8 text");
    }
  }

  private static Problem invalid(String path, String reason) {
    return new Problem(400, "INVALID_DOCUMENT", path, path + ": " + reason, false, 0);
  }

  private static Problem duplicate(String path, String detail) {
    return new Problem(409, "DUPLICATE_EVENT", path, detail, false, 0);
  }

  private static Problem tooLarge(String path, String detail) {
    return new Problem(413, "CAPTURE_LIMIT_EXCEEDED", path, detail, false, 0);
  }
}
