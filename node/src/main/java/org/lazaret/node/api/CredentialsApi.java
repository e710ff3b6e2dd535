package org.lazaret.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.lazaret.contracts.credentials.CredentialCheck;
import org.lazaret.contracts.credentials.CredentialsContract;
import org.lazaret.contracts.credentials.CredentialsState;
import org.lazaret.contracts.credentials.LedgerPolicy;
import org.lazaret.contracts.credentials.Signer;
import org.lazaret.contracts.credentials.TrustData;
import org.lazaret.contracts.credentials.TrustSnapshot;
import org.lazaret.core.Limits;
import org.lazaret.core.block.Block;
import org.lazaret.core.block.BlockHeader;
import org.lazaret.core.codec.Bytes;
import org.lazaret.core.crypto.Hash32;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.core.proof.ProofFile;
import org.lazaret.core.state.SparseMerkleTree;
import org.lazaret.dcc.DccJson;
import org.lazaret.dcc.Policy;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.certlogic.BuiltInPolicies;
import org.lazaret.dcc.qr.QrCodes;
import org.lazaret.storage.ChainHead;
import org.lazaret.storage.HistoryEntry;
import org.lazaret.storage.LedgerStore;

/**
 * The health-certificate endpoints: the trust list, policies and revocations the credentials
 * contract keeps, a snapshot of them with state proofs for offline verifiers, and verification
 * against the ledger's current state (full verdict, or the accept/deny answer of a venue's gate).
 * Issuing is deliberately absent: it needs the issuer's private signing key, which a node must
 * never hold; the CLI signs locally and records only the certificate's hash here.
 *
 * <p>All state is read at one block height, so a signer list and its index always agree; the
 * trust data is parsed once per block and shared by concurrent requests.
 */
public final class CredentialsApi implements ApiModule {
  private static final String PREFIX = "/v1/credentials";
  private final LedgerStore store;
  private final InstantSource clock;
  private final AtomicReference<TrustData> cached = new AtomicReference<>();

  public CredentialsApi(LedgerStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The module as {@link org.lazaret.node.Node#start} takes it: built once the store is open. */
  public static java.util.function.Function<LedgerStore, ApiModule> factory(InstantSource clock) {
    return store -> new CredentialsApi(store, clock);
  }

  @Override
  public void routes(Javalin app) {
    app.get(PREFIX + "/signers", this::signers);
    app.get(PREFIX + "/signers/{kid}", this::signer);
    app.get(PREFIX + "/policies", this::policies);
    app.get(PREFIX + "/revoked/{hash}", this::revoked);
    app.get(PREFIX + "/snapshot", this::snapshot);
    app.post(PREFIX + "/verify", this::verify);
    app.post(PREFIX + "/gate", this::gate);
  }

  private ChainHead head() {
    return store.head().orElseThrow(() -> new Problem(503, "NOT_READY", "", "the node has no genesis block yet", true, 1));
  }

  /** The value of {@code key} after block {@code height}, from the store's history. */
  private Optional<byte[]> valueAt(String key, long height) {
    List<HistoryEntry> e = store.history(key, height + 1, 1);
    return e.isEmpty() ? Optional.empty() : e.get(0).value().map(Bytes::toArray);
  }

  private TrustData data() {
    ChainHead head = head();
    TrustData data = cached.get();
    if (data != null && data.asOf().height() == head.height()) {
      return data;
    }
    long h = head.height();
    TrustData.AsOf asOf = new TrustData.AsOf(TrustData.Source.LEDGER, head.header().chainId(), h, head.hash().hex(), head.header().timestampMillis());
    TrustData fresh = CredentialsState.read(key -> valueAt(key, h).map(v -> CanonicalJson.parse(key, v)), asOf);
    cached.set(fresh);
    return fresh;
  }

  private static ObjectNode asOf(TrustData data) {
    return CanonicalJson.object().put("height", data.asOf().height()).put("blockHash", data.asOf().blockHash()).put("blockTime", data.asOf().blockTimeMillis());
  }

  private void signers(Context ctx) {
    TrustData data = data();
    ObjectNode o = asOf(data);
    ArrayNode arr = o.putArray("signers");
    data.signers().forEach(s -> arr.add(s.json()));
    HttpApi.json(ctx, o);
  }

  private void signer(Context ctx) {
    String kid = ctx.pathParam("kid");
    if (!kid.matches("[0-9a-f]{16}")) {
      throw Problem.badRequest("kid", "must be 16 lower-case hex digits (the first 8 bytes of SHA-256 of the certificate)");
    }
    Signer s = data().signer(kid).orElseThrow(() -> Problem.notFound("no signer " + kid + " is registered"));
    HttpApi.json(ctx, s.json());
  }

  private void policies(Context ctx) {
    TrustData data = data();
    ObjectNode o = asOf(data);
    ArrayNode ledger = o.putArray("policies");
    for (LedgerPolicy p : data.policies()) {
      ledger.add(p.summary().set("rules", p.json().path("rules")));
    }
    ArrayNode builtIn = o.putArray("builtIn");
    BuiltInPolicies.names().forEach(builtIn::add);
    o.put("maxAgeMillis", data.maxAgeMillis());
    HttpApi.json(ctx, o);
  }

  private void revoked(Context ctx) {
    String hash = ctx.pathParam("hash");
    if (!hash.matches(CredentialsContract.HASH_PATTERN)) {
      throw Problem.badRequest("hash", "must be 64 lower-case hex digits: SHA-256 of the certificate identifier (UVCI)");
    }
    long h = head().height();
    ObjectNode o = CanonicalJson.object().put("hash", hash).put("height", h);
    Optional<byte[]> revoked = valueAt(CredentialsState.revokedKey(hash), h);
    o.put("revoked", revoked.isPresent());
    revoked.ifPresent(v -> o.set("revocation", CanonicalJson.parse("revocation", v)));
    valueAt(CredentialsState.issuedKey(hash), h).ifPresent(v -> o.set("recorded", CanonicalJson.parse("recorded", v)));
    HttpApi.json(ctx, o);
  }

  private void snapshot(Context ctx) {
    ChainHead head = head();
    Block block = store.block(head.height()).orElseThrow();
    BlockHeader header = block.header();
    long h = header.height();
    var nodes = store.nodesAt(h);
    byte[] snapshot = TrustSnapshot.build(header, key -> {
      Optional<byte[]> value = valueAt(key, h);
      var proof = SparseMerkleTree.prove(nodes, header.stateRoot(), Hash32.sha256(key.getBytes(StandardCharsets.UTF_8)));
      return new TrustSnapshot.Proven(value.map(Bytes::of), CanonicalJson.parse("proof", ProofFile.stateProof(header, key, value, proof)));
    });
    ctx.header("Content-Disposition", "attachment; filename=\"trust-" + h + ".json\"");
    ctx.contentType("application/json").result(snapshot);
  }

  /** What was scanned: {@code qr} (the text) or {@code qrImage} (base64 of a PNG), exactly one. */
  private static VerifyRequest.Input input(JsonNode body) {
    boolean text = body.hasNonNull("qr");
    boolean image = body.hasNonNull("qrImage");
    if (text == image) {
      throw Problem.badRequest(text ? "qrImage" : "qr", "give exactly one of qr (the QR text, HC1:...) and qrImage (base64 of a PNG)");
    }
    if (text) {
      if (!body.get("qr").isTextual()) {
        throw Problem.badRequest("qr", "must be a string");
      }
      return new VerifyRequest.QrText(body.get("qr").textValue());
    }
    String b64 = body.get("qrImage").asText("");
    int comma = b64.startsWith("data:") ? b64.indexOf(',') : -1;
    try {
      byte[] png = Base64.getMimeDecoder().decode(b64.substring(comma + 1));
      if (png.length > QrCodes.PNG_BYTES_MAX) {
        throw new Problem(413, "TOO_LARGE", "qrImage", "picture of " + png.length + " bytes is over the limit of " + QrCodes.PNG_BYTES_MAX, false, 0);
      }
      return new VerifyRequest.QrPicture(org.lazaret.dcc.Bytes.of(png));
    } catch (IllegalArgumentException e) {
      throw Problem.badRequest("qrImage", "not base64 (optionally a data: URL): " + e.getMessage());
    }
  }

  private Instant at(JsonNode body) {
    if (!body.hasNonNull("at")) {
      return clock.instant();
    }
    String s = body.get("at").asText("");
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw Problem.badRequest("at", "'" + s + "' is not an ISO-8601 time with offset, such as 2024-05-01T12:00:00Z");
    }
  }

  private static Policy policy(TrustData data, String field, String name) {
    return data.policy(name).orElseThrow(() -> new Problem(404, "UNKNOWN_POLICY", field, "no policy named '" + name + "'; known: " + String.join(", ", data.policyNames()), false, 0));
  }

  /** Verifies the body's certificate; {@code policyField} names the policy, required for a gate. */
  private CredentialCheck check(JsonNode body, String policyField, boolean policyRequired) {
    if (!body.isObject()) {
      throw Problem.badRequest("body", "must be a JSON object");
    }
    TrustData data = data();
    VerifyRequest request = data.request(input(body), at(body));
    Optional<String> name = Optional.empty();
    if (body.hasNonNull(policyField)) {
      if (!body.get(policyField).isTextual()) {
        throw Problem.badRequest(policyField, "must be the name of a policy, a string");
      }
      name = Optional.of(body.get(policyField).textValue());
      request = request.withPolicy(policy(data, policyField, name.get()));
    } else if (policyRequired) {
      throw Problem.badRequest(policyField, "required: the name of the venue's policy, e.g. workplace");
    }
    return data.check(request, name);
  }

  private void verify(Context ctx) {
    JsonNode body = HttpApi.body(ctx, Limits.HTTP_BODY_BYTES_MAX);
    CredentialCheck check = check(body, "policy", false);
    ctx.contentType("application/json").result(DccJson.write(check.toJson()));
  }

  /** The venue's gate: accept or deny, with every reason, judged by the venue's policy. */
  private void gate(Context ctx) {
    JsonNode body = HttpApi.body(ctx, Limits.HTTP_BODY_BYTES_MAX);
    CredentialCheck check = check(body, "venue", true);
    ObjectNode o = DccJson.nodes().objectNode();
    o.put("decision", check.valid() ? "accept" : "deny");
    ArrayNode reasons = o.putArray("reasons");
    check.verdict().findings().forEach(f -> reasons.add(f.failure().wireName() + ": " + f.detail()));
    check.notes().forEach(reasons::add);
    if (check.stale()) {
      reasons.add("stale: the trust data is older than the maximum age");
    }
    o.put("venue", check.policy().orElse(""));
    check.signer().ifPresentOrElse(s -> o.set("signer", s.summary()), () -> o.putNull("signer"));
    o.put("height", check.asOf().height());
    ctx.contentType("application/json").result(DccJson.write(o));
  }
}
