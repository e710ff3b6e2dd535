package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Goal: the hash ID identifies the event, not its serialisation (README "Requirements"). Method:
 * for each vector document and a random seed, rewrite every event the way another capturing system
 * might — shuffled keys, EPC URNs as Digital Links, eventTime in UTC, added eventID, recordTime,
 * errorDeclaration and comment — and require the same pre-hash strings. Keys inside business
 * transactions, sources and destinations keep their order: the reference hashes their two fields in
 * document order, so that order is part of the hashed content.
 */
class EventHashInvariancePropertiesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> ORDERED_PAIRS =
      Set.of("bizTransactionList", "sourceList", "destinationList");

  @Provide
  Arbitrary<String> vectorDocuments() {
    return Arbitraries.of(
        TestResources.files("epcis-event-hash-vectors", ".jsonld").stream()
            .map(TestResources::read)
            .toList());
  }

  @Property(tries = 60)
  void reserialisedEventsKeepTheirHash(
      @ForAll("vectorDocuments") String document, @ForAll long seed) throws Exception {
    Random random = new Random(seed);
    ObjectNode rewritten = (ObjectNode) MAPPER.readTree(document);
    ArrayNode events = eventList(rewritten);
    for (int i = 0; i < events.size(); i++) {
      ObjectNode event = (ObjectNode) events.get(i);
      event.put("eventID", "urn:uuid:00000000-0000-4000-8000-00000000000" + i);
      event.put("recordTime", "2030-01-01T00:00:00Z");
      event.put("rdfs:comment", "captured again");
      event.putObject("errorDeclaration").put("declarationTime", "2030-01-01T00:00:00Z");
      JsonNode time = event.get("eventTime");
      event.put(
          "eventTime",
          OffsetDateTime.parse(time.textValue()).withOffsetSameInstant(ZoneOffset.UTC).toString());
      events.set(i, rewrite(event, random, false));
    }
    assertThat(EventHash.preHashes(MAPPER.writeValueAsString(rewritten)))
        .containsExactlyElementsOf(EventHash.preHashes(document));
  }

  private static JsonNode rewrite(JsonNode node, Random random, boolean keepOrder) {
    if (node.isTextual() && node.textValue().startsWith("urn:epc:")) {
      return TextNode.valueOf(Identifiers.toDigitalLink(node.textValue()));
    }
    if (node.isArray()) {
      ArrayNode copy = MAPPER.createArrayNode();
      node.forEach(element -> copy.add(rewrite(element, random, keepOrder)));
      return copy;
    }
    if (!node.isObject()) {
      return node;
    }
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    if (!keepOrder) {
      Collections.shuffle(names, random);
    }
    ObjectNode copy = MAPPER.createObjectNode();
    for (String name : names) {
      copy.set(name, rewrite(node.get(name), random, ORDERED_PAIRS.contains(name)));
    }
    return copy;
  }

  private static ArrayNode eventList(ObjectNode document) {
    JsonNode body = document.path("epcisBody");
    JsonNode list =
        body.has("eventList")
            ? body.get("eventList")
            : body.path("queryResults").path("resultsBody").path("eventList");
    return (ArrayNode) list;
  }
}
