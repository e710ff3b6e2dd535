package org.lazaret.node.trace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.storage.DerivedStore;

/**
 * The capture jobs of this node's {@code POST /epcis/capture}, kept in the node-local store beside
 * the trace index so that they outlive a restart. A job is its capture transaction: the capture ID
 * is the transaction id, and whether it succeeded is read from the ledger (its receipt), so the
 * record holds only what the ledger does not — when the job was created — and, once known, the
 * outcome, so that it is not recomputed. Written before the transaction is admitted and removed if
 * admission refuses it, so no committed capture lacks its job.
 *
 * <p>Layout: {@code J createdAt txId} → the record; {@code K txId} → createdAt.
 */
final class CaptureJobs {
  private static final byte JOB = 'J';
  private static final byte BY_ID = 'K';

  /**
   * One job.
   *
   * @param outcome {@code {finishedAt, success, errors}} once the job has finished
   */
  record Job(Hash32 txId, long createdAt, long expiresAt, int events, Optional<JsonNode> outcome) {
    Job {
      Objects.requireNonNull(txId, "txId");
      if (expiresAt <= createdAt) {
        throw new IllegalArgumentException("expiresAt: must be after createdAt");
      }
    }

    byte[] encode() {
      ObjectNode o = CanonicalJson.object().put("txId", txId.hex()).put("createdAt", createdAt).put("expiresAt", expiresAt).put("events", events);
      outcome.ifPresent(x -> o.set("outcome", x));
      return CanonicalJson.encode(o);
    }

    static Job decode(byte[] bytes) {
      JsonNode o = CanonicalJson.parse("capture job", bytes);
      return new Job(Hash32.fromHex("txId", o.path("txId").asText()), o.path("createdAt").asLong(), o.path("expiresAt").asLong(), o.path("events").asInt(),
          Optional.ofNullable(o.get("outcome")));
    }
  }

  private final DerivedStore db;

  CaptureJobs(DerivedStore db) {
    this.db = db;
  }

  /** Records a job durably before its transaction is offered to admission. */
  void reserve(Job job) {
    try (DerivedStore.Batch b = new DerivedStore.Batch()) {
      b.put(jobKey(job.createdAt(), job.txId()), job.encode()).put(idKey(job.txId()), TraceIndex.u64(job.createdAt()));
      db.write(b, true);
    }
  }

  /** Keeps a finished job's outcome. */
  void finish(Job job, JsonNode outcome) {
    try (DerivedStore.Batch b = new DerivedStore.Batch()) {
      b.put(jobKey(job.createdAt(), job.txId()), new Job(job.txId(), job.createdAt(), job.expiresAt(), job.events(), Optional.of(outcome)).encode());
      db.write(b, false);
    }
  }

  /** Forgets a job whose transaction admission refused. */
  void release(Job job) {
    try (DerivedStore.Batch b = new DerivedStore.Batch()) {
      b.delete(jobKey(job.createdAt(), job.txId())).delete(idKey(job.txId()));
      db.write(b, true);
    }
  }

  Optional<Job> get(Hash32 txId) {
    return db.get(idKey(txId)).flatMap(created -> db.get(jobKey(TraceIndex.u64(created), txId))).map(Job::decode);
  }

  /** The newest jobs first, at most {@code max}. */
  List<Job> recent(int max) {
    List<Job> out = new ArrayList<>();
    db.scan(new byte[] {JOB}, new byte[] {JOB + 1}, true, (k, v) -> {
      out.add(Job.decode(v));
      return out.size() < max;
    });
    return out;
  }

  private static byte[] jobKey(long createdAt, Hash32 txId) {
    return ByteBuffer.allocate(41).put(JOB).putLong(createdAt).put(txId.toBytes()).array();
  }

  private static byte[] idKey(Hash32 txId) {
    return ByteBuffer.allocate(33).put(BY_ID).put(txId.toBytes()).array();
  }
}
