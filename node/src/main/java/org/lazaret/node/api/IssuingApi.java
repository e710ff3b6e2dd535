package org.lazaret.node.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.dcc.Failure;
import org.lazaret.dcc.Revocations;
import org.lazaret.dcc.TrustList;
import org.lazaret.dcc.Verdict;
import org.lazaret.dcc.Verifier;
import org.lazaret.dcc.VerifyRequest;
import org.lazaret.dcc.issue.DccIssuer;
import org.lazaret.dcc.issue.IssueRequest;
import org.lazaret.dcc.qr.QrCodes;
import org.lazaret.storage.LedgerStore;

/**
 * Issuing EU DCCs over HTTP, on the node of the issuer itself (a lab or vaccination centre runs
 * its own node with its document-signing key configured); a node without a key answers that it
 * does not issue. Every certificate is verified against its own signer before it is returned. The
 * node holds no ledger key for the issuer, so the answer includes the {@code recordIssued} call
 * (the certificate's hash only) for the issuer's client to sign and submit.
 */
public final class IssuingApi implements ApiModule {
  /** The signing key and certificate of one document signer, and the issuing country. */
  public record IssuingKey(PrivateKey privateKey, X509Certificate certificate, String country) {
    public IssuingKey {
      if (!country.matches("[A-Z]{2}")) {
        throw new IllegalArgumentException("issuer country: must be an ISO 3166 alpha-2 code such as DE");
      }
    }
  }

  private static final long VALID_DAYS_MAX = 3 * 365;
  private final Optional<IssuingKey> key;
  private final InstantSource clock;

  public IssuingApi(Optional<IssuingKey> key, InstantSource clock) {
    this.key = key;
    this.clock = clock;
  }

  public static Function<LedgerStore, ApiModule> factory(Optional<IssuingKey> key, InstantSource clock) {
    return store -> new IssuingApi(key, clock);
  }

  @Override
  public void routes(Javalin app) {
    app.post("/v1/credentials/issue", this::issue);
  }

  private void issue(Context ctx) {
    IssuingKey k =
        key.orElseThrow(() -> new Problem(404, "NOT_AN_ISSUER", "", "this node holds no document-signing key; an issuer runs its own node with --issuer-key and --issuer-cert", false, 0));
    JsonNode body = HttpApi.body(ctx, 64 * 1024);
    JsonNode payload = body.path("payload");
    if (!payload.isObject()) {
      throw Problem.badRequest("payload", "required: the DCC JSON payload (ver, nam, dob, and one of v, t, r)");
    }
    Instant issuedAt = clock.instant();
    Instant expiresAt;
    if (body.hasNonNull("expiresAt")) {
      try {
        expiresAt = Instant.parse(body.path("expiresAt").asText());
      } catch (DateTimeParseException e) {
        throw Problem.badRequest("expiresAt", "not an ISO-8601 instant such as 2027-06-01T00:00:00Z");
      }
    } else {
      long days = body.path("validDays").asLong(365);
      if (days < 1 || days > VALID_DAYS_MAX) {
        throw Problem.badRequest("validDays", "must be 1.." + VALID_DAYS_MAX);
      }
      expiresAt = issuedAt.plus(Duration.ofDays(days));
    }
    if (!expiresAt.isAfter(issuedAt)) {
      throw Problem.badRequest("expiresAt", "must be in the future");
    }
    String text;
    try {
      text = DccIssuer.issue(new IssueRequest(payload, k.country(), issuedAt, expiresAt, k.privateKey(), k.certificate()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw Problem.badRequest("payload", "cannot be issued: " + e.getMessage());
    }
    Verdict check = Verifier.verify(VerifyRequest.ofText(text, TrustList.of(k.certificate()), issuedAt));
    if (!check.valid()) {
      throw new Problem(400, "NOT_ISSUABLE", "payload", "the certificate would not verify: " + String.join(", ", check.failures().stream().map(Failure::wireName).toList()) + detail(check), false, 0);
    }
    Optional<String> hash = uciHash(payload);
    ObjectNode out = CanonicalJson.object();
    out.put("text", text);
    out.put("qrPng", Base64.getEncoder().encodeToString(QrCodes.render(text, 600)));
    out.put("issuedAt", issuedAt.toString()).put("expiresAt", expiresAt.toString());
    hash.ifPresent(h -> {
      out.put("hash", h);
      ObjectNode record = out.putObject("record").put("contract", "credentials").put("method", "recordIssued");
      record.putObject("args").put("hash", h);
    });
    ctx.status(201);
    HttpApi.json(ctx, out);
  }

  private static String detail(Verdict v) {
    JsonNode d = v.toDetailedJson().path("details");
    return d.isArray() && !d.isEmpty() ? " (" + d.get(0).path("detail").asText() + ")" : "";
  }

  private static Optional<String> uciHash(JsonNode payload) {
    for (String kind : new String[] {"v", "t", "r"}) {
      JsonNode entries = payload.path(kind);
      if (entries.isArray() && !entries.isEmpty() && entries.get(0).path("ci").isTextual()) {
        return Optional.of(Revocations.uciHash(entries.get(0).path("ci").textValue()));
      }
    }
    return Optional.empty();
  }
}
