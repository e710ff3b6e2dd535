package org.lazaret.epcis.hash;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.lazaret.epcis.EpcisFormatException;

/**
 * Where the events of a document are: {@code epcisBody.eventList} of an EPCISDocument, {@code
 * epcisBody.queryResults.resultsBody.eventList} of an EPCISQueryDocument, or a single {@code
 * epcisBody.event}. Also names the object that may carry the repository's ignoreFields list (the
 * document, or queryResults for query documents). Public so that {@code EpcisDocument} numbers
 * events exactly as the hash does.
 */
public record Events(List<JsonNode> list, String path, JsonNode ignoreFieldsHolder) {
  public static Events locate(JsonNode document) {
    JsonNode body = document.path("epcisBody");
    if (!body.isObject()) {
      throw new EpcisFormatException(
          "$.epcisBody",
          body.isMissingNode()
              ? "missing: not an EPCIS document"
              : "expected an object, found " + PreHashes.kind(body));
    }
    if (body.has("eventList")) {
      return new Events(
          elements(body.get("eventList"), "$.epcisBody.eventList"),
          "$.epcisBody.eventList",
          document);
    }
    if (body.has("queryResults")) {
      JsonNode results = body.get("queryResults");
      String path = "$.epcisBody.queryResults.resultsBody.eventList";
      JsonNode list = results.path("resultsBody").path("eventList");
      if (list.isMissingNode()) {
        throw new EpcisFormatException(path, "missing");
      }
      return new Events(elements(list, path), path, results);
    }
    if (body.has("event")) {
      return new Events(List.of(body.get("event")), "$.epcisBody.event", document);
    }
    throw new EpcisFormatException("$.epcisBody", "has no eventList, queryResults or event");
  }

  private static List<JsonNode> elements(JsonNode list, String path) {
    if (!list.isArray()) {
      throw new EpcisFormatException(path, "expected an array, found " + PreHashes.kind(list));
    }
    List<JsonNode> elements = new ArrayList<>();
    list.forEach(elements::add);
    return List.copyOf(elements);
  }
}
