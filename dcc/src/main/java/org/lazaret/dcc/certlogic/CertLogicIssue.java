package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** One reason a CertLogic expression is invalid, with the sub-expression it concerns. */
public record CertLogicIssue(JsonNode expression, String message) {
    public CertLogicIssue {
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(message, "message");
    }
}
