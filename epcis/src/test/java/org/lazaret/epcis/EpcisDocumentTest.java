package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lazaret.epcis.EpcisEvent.BizTransaction;
import org.lazaret.epcis.EpcisEvent.EventTime;
import org.lazaret.epcis.EpcisEvent.QuantityElement;
import org.lazaret.epcis.EpcisEvent.SourceDestination;

/**
 * Goal: the typed accessors the trace contract relies on return normalised values (canonical EPC
 * URNs, short CBV words, epoch milliseconds, exact decimals), and a document the model cannot use
 * is refused with the path of the offending field. Method: GS1 example documents with known
 * content, and small edited documents for the failure paths.
 */
class EpcisDocumentTest {
  private static String example(String path) {
    return TestResources.read(TestResources.directory("epcis-examples/JSON").resolve(path));
  }

  @Test
  void readsEveryFieldOfTheAllFieldsObjectEvent() {
    String json = example("WithFullCombinationOfFields/object_event_all_possible_fields.jsonld");
    EpcisDocument document = EpcisDocument.parse(json);
    EpcisEvent event = document.events().getFirst();

    assertThat(document.documentType()).contains("EPCISDocument");
    assertThat(event.type()).isEqualTo("ObjectEvent");
    assertThat(event.eventTime())
        .isEqualTo(
            new EventTime(
                Instant.parse("2005-04-05T02:33:31.116Z").toEpochMilli(), ZoneOffset.ofHours(-6)));
    assertThat(event.eventId()).contains("urn:uuid:374d95fc-9457-4a51-bd6a-0bba133845a8");
    assertThat(event.hashId()).isEqualTo(EventHash.hashIds(json).getFirst());
    assertThat(event.action()).contains("ADD");
    assertThat(event.bizStep()).contains("receiving");
    assertThat(event.disposition()).contains("in_progress");
    assertThat(event.readPoint()).contains("urn:epc:id:sgln:0012345.11111.400");
    assertThat(event.bizLocation()).contains("urn:epc:id:sgln:0012345.11111.0");
    assertThat(event.allEpcs()).containsExactly("urn:epc:id:sgtin:0614141.107346.2018");
    assertThat(event.quantityList())
        .containsExactly(
            new QuantityElement(
                "urn:epc:class:lgtin:4012345.012345.998877",
                Optional.of(new BigDecimal("200")),
                Optional.of("KGM")));
    assertThat(event.bizTransactions())
        .containsExactly(
            new BizTransaction(Optional.of("po"), "urn:epc:id:gdti:0614141.00001.1618034"),
            new BizTransaction(Optional.of("pedigree"), "urn:epc:id:gsrn:0614141.0000010253"));
    assertThat(event.sources())
        .contains(new SourceDestination("owning_party", "urn:epc:id:pgln:4012345.00225"));
    assertThat(event.destinations())
        .contains(new SourceDestination("location", "urn:epc:id:sgln:0614141.00777.0"));

    EpcisEvent.SensorReport report = event.sensorReports().getFirst();
    assertThat(report.type()).isEqualTo("Temperature");
    assertThat(report.value()).contains(new BigDecimal("26"));
    assertThat(report.maxValue()).contains(new BigDecimal("26.2"));
    assertThat(report.meanValue()).contains(new BigDecimal("13.2"));
    assertThat(report.uom()).contains("CEL");
    assertThat(report.time().map(EventTime::epochMillis))
        .contains(Instant.parse("2019-07-19T13:00:00Z").toEpochMilli());
    assertThat(report.deviceId()).contains("urn:epc:id:giai:4000001.111");

    EpcisEvent.ErrorDeclaration declaration = event.errorDeclaration().orElseThrow();
    assertThat(declaration.declarationTime().epochMillis())
        .isEqualTo(Instant.parse("2006-11-07T13:00:00Z").toEpochMilli());
    assertThat(declaration.reason()).contains("incorrect_data");
    assertThat(declaration.correctiveEventIds())
        .containsExactly(
            "ni:///sha-256;fec9667280c4710a3fa9558b7bc8ddc2ced0dc442d87f82becae24bb6ca6a46f?ver=CBV2.0");
    assertThat(event.json().path("certificationInfo").textValue())
        .startsWith("https://accreditation");
  }

  @Test
  void digitalLinksInEventsBecomeTheSameUrnsAsEpcUrns() {
    EpcisEvent event =
        EpcisDocument.parse(
                example("WithDigitalLinkID/Example_9.6.3-AggregationEventWithDigitalLink.jsonld"))
            .events()
            .getFirst();
    assertThat(event.parentId()).contains("urn:epc:id:sscc:0614141.1234567890");
    assertThat(event.childEpcs())
        .containsExactly(
            "urn:epc:id:sgtin:0614141.712345.2017", "urn:epc:id:sgtin:0614141.712345.2018");
    assertThat(event.allEpcs())
        .containsExactly(
            "urn:epc:id:sscc:0614141.1234567890",
            "urn:epc:id:sgtin:0614141.712345.2017",
            "urn:epc:id:sgtin:0614141.712345.2018");
    assertThat(event.childQuantityList())
        .containsExactly(
            new QuantityElement(
                "urn:epc:idpat:sgtin:4012345.098765.*",
                Optional.of(new BigDecimal("10")),
                Optional.empty()),
            new QuantityElement(
                "urn:epc:class:lgtin:4012345.012345.998877",
                Optional.of(new BigDecimal("200.5")),
                Optional.of("KGM")));
  }

  @Test
  void everyExampleAndVectorParsesWithOneHashPerEvent() {
    List<java.nio.file.Path> files =
        new java.util.ArrayList<>(TestResources.files("epcis-examples/JSON", ".jsonld"));
    files.addAll(TestResources.files("epcis-event-hash-vectors", ".jsonld"));
    for (java.nio.file.Path file : files) {
      String json = TestResources.read(file);
      EpcisDocument document = EpcisDocument.parse(json);
      assertThat(document.events()).as(file.toString()).isNotEmpty();
      assertThat(document.events().stream().map(EpcisEvent::hashId).toList())
          .isEqualTo(EventHash.hashIds(json));
    }
  }

  @Test
  void vocabularyInAnyFormBecomesTheShortWordAndQuantitiesStayExact() {
    String event =
        """
        {"type": "ObjectEvent", "eventTime": "2024-05-01T10:00:00.1235+02:00", "eventTimeZoneOffset": "+02:00",
         "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"], "action": "OBSERVE",
         "bizStep": "urn:epcglobal:cbv:bizstep:shipping",
         "disposition": "https://ref.gs1.org/cbv/Disp-in_transit",
         "quantityList": [{"epcClass": "urn:epc:class:lgtin:4012345.012345.998877", "quantity": 0.10}],
         "sourceList": [{"type": "urn:epcglobal:cbv:sdt:owning_party", "source": "urn:epc:id:pgln:0614141.00000"}]}\
        """;
    EpcisEvent parsed = EpcisDocument.parse(EpcisValidatorTest.document(event)).events().getFirst();
    assertThat(parsed.bizStep()).contains("shipping");
    assertThat(parsed.disposition()).contains("in_transit");
    assertThat(parsed.sources())
        .containsExactly(new SourceDestination("owning_party", "urn:epc:id:pgln:0614141.00000"));
    assertThat(parsed.quantityList().getFirst().quantity())
        .hasValueSatisfying(
            q -> {
              assertThat(q.toPlainString()).isEqualTo("0.10");
            });
    // .1235 s: cut to microseconds then half-to-even, as the hash: .124
    assertThat(parsed.eventTime().epochMillis())
        .isEqualTo(Instant.parse("2024-05-01T08:00:00.124Z").toEpochMilli());
  }

  @Test
  void aQueryDocumentsEventsAreRead() {
    EpcisDocument document = EpcisDocument.parse(example("EPCISQueryDocument.jsonld"));
    assertThat(document.documentType()).contains("EPCISQueryDocument");
    assertThat(document.events()).isNotEmpty();
    assertThat(document.eventObjects()).hasSameSizeAs(document.events());
  }

  @Test
  void unusableFieldsAreRefusedWithTheirPath() {
    String event =
        EpcisValidatorTest.document(
            """
            {"type": "ObjectEvent", "eventTime": "2024-05-01T10:00:00Z", "eventTimeZoneOffset": "+02:00",
             "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"], "action": "OBSERVE"}\
            """);
    assertRefused(
        event.replace("2024-05-01T10:00:00Z", "soon"),
        "$.epcisBody.eventList[0].eventTime",
        "date-time");
    assertRefused(
        event.replace("\"+02:00\"", "\"later\""),
        "$.epcisBody.eventList[0].eventTimeZoneOffset",
        "offset");
    assertRefused(
        event.replace("107346", "10734"),
        "$.epcisBody.eventList[0].epcList[0]",
        "malformed GS1 identifier");
    assertRefused(
        event.replace("[\"urn", "[7, \"urn"),
        "$.epcisBody.eventList[0].epcList[0]",
        "expected a string");
    assertRefused(
        event.replace(
            "\"action\"",
            "\"quantityList\": [{\"epcClass\": \"urn:epc:class:lgtin:4012345.012345.1\","
                + " \"quantity\": \"ten\"}], \"action\""),
        "$.epcisBody.eventList[0].quantityList[0].quantity",
        "number");
    assertRefused(
        event.replace("\"type\": \"ObjectEvent\",", ""),
        "$.epcisBody.eventList[0].type",
        "missing");
    assertRefused("{\"type\": \"EPCISDocument\"}", "$.epcisBody", "missing");
    assertRefused(
        "{\"type\": \"EPCISDocument\",\n\"epcisBody\": {\"eventList\": [\n{]}}",
        "line 3, column 2",
        "malformed JSON");
  }

  private static void assertRefused(String json, String position, String reason) {
    assertThatThrownBy(() -> EpcisDocument.parse(json))
        .isInstanceOfSatisfying(
            EpcisFormatException.class,
            e -> {
              assertThat(e.position()).isEqualTo(position);
              assertThat(e.reason()).contains(reason);
            });
  }
}
