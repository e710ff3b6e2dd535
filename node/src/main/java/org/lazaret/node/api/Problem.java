package org.lazaret.node.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;
import org.lazaret.core.json.CanonicalJson;
import org.lazaret.node.admission.Admission;

/**
 * RFC 9457 problem details: every error the API returns, with a stable machine-readable
 * {@code code}, whether a retry can succeed, and the field at fault when there is one.
 */
public final class Problem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final int status;
  final String code;
  final String field;
  final boolean retryable;
  final int retryAfterSeconds;
  /** RFC 9457 extension members: facts a client acts on, beyond the prose of {@code detail}. */
  private final ObjectNode members;

  public Problem(int status, String code, String field, String detail, boolean retryable, int retryAfterSeconds) {
    this(status, code, field, detail, retryable, retryAfterSeconds, CanonicalJson.object());
  }

  private Problem(int status, String code, String field, String detail, boolean retryable, int retryAfterSeconds, ObjectNode members) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.field = field;
    this.retryable = retryable;
    this.retryAfterSeconds = retryAfterSeconds;
    this.members = members;
  }

  /** This problem with extension members added; the standard members keep their meaning. */
  public Problem withMembers(ObjectNode extra) {
    ObjectNode merged = members.deepCopy();
    extra.fields().forEachRemaining(e -> {
      if (STANDARD_MEMBERS.contains(e.getKey())) {
        throw new IllegalArgumentException("extension member '" + e.getKey() + "' would replace a standard one");
      }
      merged.set(e.getKey(), e.getValue());
    });
    return new Problem(status, code, field, getMessage(), retryable, retryAfterSeconds, merged);
  }

  private static final Set<String> STANDARD_MEMBERS = Set.of("type", "title", "status", "detail", "code", "retryable", "field");

  public String code() {
    return code;
  }

  public static Problem badRequest(String field, String detail) {
    return new Problem(400, "BAD_REQUEST", field, detail, false, 0);
  }

  public static Problem notFound(String detail) {
    return new Problem(404, "NOT_FOUND", "", detail, false, 0);
  }

  /** The one mapping from admission outcomes to HTTP; exhaustive, with no default. */
  public static Problem of(Admission a) {
    return switch (a) {
      case Admission.Rejected r -> new Problem(r.reason().httpStatus(), r.reason().name(), r.field(), r.detail(), r.reason().retryable(), 0);
      case Admission.Busy b -> new Problem(b.reason().httpStatus(), b.reason().name(), "", b.detail(), true, b.retryAfterSeconds());
      case Admission.Admitted ok -> throw new IllegalArgumentException("an admitted transaction is not a problem");
    };
  }

  public ObjectNode body() {
    ObjectNode o = CanonicalJson.object();
    o.put("type", "https://lazaret.org/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
    o.put("title", title());
    o.put("status", status);
    o.put("detail", getMessage());
    o.put("code", code);
    o.put("retryable", retryable);
    if (!field.isEmpty()) {
      o.put("field", field);
    }
    o.setAll(members);
    return o;
  }

  private String title() {
    return switch (status) {
      case 400 -> "Bad request";
      case 403 -> "Forbidden";
      case 404 -> "Not found";
      case 409 -> "Conflict";
      case 413 -> "Request too large";
      case 429 -> "Too many requests";
      case 503 -> "Service unavailable";
      default -> "Error";
    };
  }

  public void send(Context ctx) {
    ctx.status(status);
    if (retryAfterSeconds > 0) {
      ctx.header("Retry-After", Integer.toString(retryAfterSeconds));
    }
    ctx.contentType("application/problem+json");
    ctx.result(CanonicalJson.encodeToString(body()));
  }
}
