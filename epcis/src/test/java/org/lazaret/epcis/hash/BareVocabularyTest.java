package org.lazaret.epcis.hash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Goal: the vocabulary tables built into {@link BareVocabulary} are exactly those of the EPCIS 2.0
 * JSON-LD context (a copy is a test resource), and the replacement rule behaves as the reference's
 * (unique last-segment match anywhere in the document). Method: every word of every
 * vocabulary-typed property of the context is put in a document and must come out as the URI the
 * context maps it to.
 */
class BareVocabularyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void everyContextWordExpandsAsTheContextSays() throws IOException {
    JsonNode context = context().path("@context");
    assertExpands(context.path("bizStep").path("@context"), "bizStep", null);
    assertExpands(context.path("disposition").path("@context"), "disposition", null);
    assertExpands(
        context.path("bizTransactionList").path("@context").path("type").path("@context"),
        "type",
        "bizTransactionList");
    assertExpands(
        context.path("sourceList").path("@context").path("type").path("@context"),
        "type",
        "sourceList");
    JsonNode report =
        context.path("sensorElementList").path("@context").path("sensorReport").path("@context");
    assertExpands(report.path("type").path("@context"), "type", "sensorReport");
    assertExpands(report.path("exception").path("@context"), "exception", "sensorReport");
    assertExpands(report.path("component").path("@context"), "component", "sensorReport");
  }

  @Test
  void aWordMatchingTwoCollectedUrisIsNotReplaced() throws IOException {
    // "x" is both Comp-x (component) and .../voc/x (a literal URI elsewhere): ambiguous, kept.
    ObjectNode doc =
        (ObjectNode)
            MAPPER.readTree(
                """
                {"@context": [], "epcisBody": {"eventList": [{"type": "ObjectEvent",
                  "sensorElementList": [{"sensorReport": [{"type": "Length", "component": "x"}]}],
                  "ilmd": {"ex:a": "https://gs1.org/voc/x", "ex:b": "x", "ex:c": "Length"}}]}}\
                """);
    JsonNode expanded = BareVocabulary.expand(doc);
    JsonNode event = expanded.path("epcisBody").path("eventList").path(0);
    assertThat(event.path("ilmd").path("ex:b").textValue()).isEqualTo("x");
    assertThat(event.path("ilmd").path("ex:c").textValue()).isEqualTo("https://gs1.org/voc/Length");
    assertThat(
            event
                .path("sensorElementList")
                .path(0)
                .path("sensorReport")
                .path(0)
                .path("component")
                .textValue())
        .isEqualTo("x");
  }

  @Test
  void wordsUnderKeysJsonLdDropsAreNotCollected() throws IOException {
    ObjectNode doc =
        (ObjectNode)
            MAPPER.readTree(
                """
                {"@context": [], "epcisBody": {"eventList": [{"type": "ObjectEvent",
                  "undefinedKey": {"bizStep": "shipping"}, "ex:note": "shipping"}]}}\
                """);
    JsonNode event = BareVocabulary.expand(doc).path("epcisBody").path("eventList").path(0);
    assertThat(event.path("ex:note").textValue()).isEqualTo("shipping");
  }

  private static void assertExpands(JsonNode words, String key, String scope) throws IOException {
    assertThat(words.size()).as("words of %s in %s", key, scope).isPositive();
    List<String> names = new ArrayList<>();
    words.fieldNames().forEachRemaining(names::add);
    for (String word : names) {
      String expected =
          words
              .get(word)
              .textValue()
              .replace("cbv:", "https://ref.gs1.org/cbv/")
              .replace("gs1:", "https://gs1.org/voc/");
      ObjectNode event = MAPPER.createObjectNode().put("type", "ObjectEvent");
      ObjectNode holder = event;
      if ("sensorReport".equals(scope)) {
        holder =
            event.putArray("sensorElementList").addObject().putArray("sensorReport").addObject();
      } else if (scope != null) {
        holder = event.putArray(scope).addObject();
      }
      holder.put(key, word);
      holder.put("probe", "unused");
      ObjectNode doc = MAPPER.createObjectNode();
      doc.putArray("@context");
      doc.putObject("epcisBody").putArray("eventList").add(event);
      JsonNode expanded = BareVocabulary.expand(doc);
      assertThat(find(expanded, key, word, expected)).as("%s: %s", key, word).isTrue();
    }
  }

  private static boolean find(JsonNode node, String key, String word, String expected) {
    if (node.isObject() && expected.equals(node.path(key).textValue())) {
      return true;
    }
    for (JsonNode child : node) {
      if (find(child, key, word, expected)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode context() throws IOException {
    try (InputStream in =
        BareVocabularyTest.class.getResourceAsStream("/epcis-examples/epcis-context.jsonld")) {
      return MAPPER.readTree(in);
    }
  }
}
