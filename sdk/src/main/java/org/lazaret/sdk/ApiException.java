package org.lazaret.sdk;

import com.fasterxml.jackson.databind.JsonNode;

/** A node answered with an RFC 9457 problem; carries its status, code and detail. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient JsonNode problem;

  public ApiException(int status, JsonNode problem) {
    super(problem.path("code").asText("HTTP_" + status) + ": " + problem.path("detail").asText(problem.toString()));
    this.status = status;
    this.problem = problem;
  }

  public int status() {
    return status;
  }

  public String code() {
    return problem.path("code").asText("HTTP_" + status);
  }

  public boolean retryable() {
    return problem.path("retryable").asBoolean(status == 429 || status == 503);
  }

  public JsonNode problem() {
    return problem;
  }
}
