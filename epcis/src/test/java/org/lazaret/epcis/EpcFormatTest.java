package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Goal: converting a returned event's identifiers to GS1 Digital Links or to EPC URNs (the
 * GS1-EPC-Format header) changes their spelling only, never the item they name. Method: every GS1
 * example document is converted both ways; the event hash IDs, which name each identifier in one
 * canonical form, must not change, and every GS1 identifier must be in the asked form.
 */
class EpcFormatTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String converted(JsonNode document, EpcFormat format) {
    ObjectNode copy = document.deepCopy();
    JsonNode list = copy.path("epcisBody").path("eventList");
    if (list instanceof ArrayNode events) {
      events.forEach(e -> format.applyTo((ObjectNode) e));
    }
    return copy.toString();
  }

  @Test
  void convertingEitherWayKeepsEveryEventHashId() throws Exception {
    List<Path> examples = TestResources.files("epcis-examples/JSON", ".jsonld");
    assertThat(examples).hasSizeGreaterThan(20);
    for (Path example : examples) {
      JsonNode document = JSON.readTree(TestResources.read(example));
      if (!document.path("epcisBody").has("eventList")) {
        continue;
      }
      List<String> hashes = EventHash.hashIds(document.toString());
      for (EpcFormat format : EpcFormat.values()) {
        assertThat(EventHash.hashIds(converted(document, format))).as(example + " " + format).isEqualTo(hashes);
      }
    }
  }

  @Test
  void identifiersComeInTheAskedForm() throws Exception {
    JsonNode document = JSON.readTree(TestResources.read(TestResources.directory("epcis-examples/JSON").resolve("WithFullCombinationOfFields/object_event_all_possible_fields.jsonld")));
    JsonNode links = JSON.readTree(converted(document, EpcFormat.ALWAYS_GS1_DIGITAL_LINK)).path("epcisBody").path("eventList").get(0);
    assertThat(links.path("epcList").get(0).asText()).isEqualTo("https://id.gs1.org/01/10614141073464/21/2018");
    assertThat(links.path("readPoint").path("id").asText()).startsWith("https://id.gs1.org/414/");
    assertThat(links.path("quantityList").get(0).path("epcClass").asText()).isEqualTo("https://id.gs1.org/01/04012345123456/10/998877");
    assertThat(links.path("sourceList").findValuesAsText("source")).allSatisfy(s -> assertThat(s).startsWith("https://id.gs1.org/"));
    JsonNode urns = JSON.readTree(converted(JSON.readTree(links.toString().isEmpty() ? "{}" : converted(document, EpcFormat.ALWAYS_GS1_DIGITAL_LINK)), EpcFormat.ALWAYS_EPC_URN))
        .path("epcisBody").path("eventList").get(0);
    assertThat(urns.path("epcList").get(0).asText()).isEqualTo("urn:epc:id:sgtin:0614141.107346.2018");
    assertThat(urns.path("destinationList").findValuesAsText("destination")).containsExactly("urn:epc:id:sgln:0614141.00777.0", "urn:epc:id:pgln:0614141.00777", "urn:epc:id:pgln:0614141.00777");
    assertThat(EpcFormat.fromHeader("Always_EPC_URN")).contains(EpcFormat.ALWAYS_EPC_URN);
    assertThat(EpcFormat.fromHeader("always_epc_urn")).isEmpty();
    assertThat(EpcFormat.NEVER_TRANSLATES.convert("https://id.gs1.org/00/106141412345678908")).isEqualTo("https://id.gs1.org/00/106141412345678908");
    assertThat(EpcFormat.ALWAYS_EPC_URN.convert("urn:uuid:1234")).isEqualTo("urn:uuid:1234");
  }
}
