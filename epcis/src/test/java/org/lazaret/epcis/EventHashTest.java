package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Goal: the hash changes with every relevant change of an event (README "Requirements"), stays for
 * irrelevant ones, and unreadable documents fail with a position instead of a stack trace.
 */
class EventHashTest {
  private static final String EVENT =
      """
      {"type": "ObjectEvent", "eventTime": "2005-04-03T20:33:31.116-06:00",
       "eventTimeZoneOffset": "-06:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"],
       "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
       "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"},
       "bizTransactionList": [{"type": "po", "bizTransaction": "http://transaction.acme.com/po/1"}],
       "example:note": {"example:level": "2"}}\
      """;

  private static String document(String event) {
    return """
    {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld",
                  {"example": "https://ns.example.com/epcis/"}],
     "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2005-07-11T11:30:47.0Z",
     "epcisBody": {"eventList": [%s]}}\
    """
        .formatted(event);
  }

  private static String hash(String event) {
    return EventHash.hashIds(document(event)).getFirst();
  }

  @Test
  void idsHaveTheNamedInformationForm() {
    assertThat(hash(EVENT)).matches("ni:///sha-256;[0-9a-f]{64}\\?ver=CBV2\\.0");
    assertThat(EventHash.preHashes(document(EVENT)).getFirst())
        .isEqualTo(
            "eventType=ObjectEventeventTime=2005-04-04T02:33:31.116ZeventTimeZoneOffset=-06:00"
                + "epcListepc=https://id.gs1.org/01/10614141073464/21/2017action=OBSERVE"
                + "bizStep=https://ref.gs1.org/cbv/BizStep-shippingdisposition=https://ref.gs1.org/cbv/Disp-in_transit"
                + "readPointid=https://id.gs1.org/414/0614141073467/254/1234"
                + "bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=http://transaction.acme.com/po/1"
                + "{https://ns.example.com/epcis/}note{https://ns.example.com/epcis/}level=2");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "20:33:31.116|20:33:31.117", "OBSERVE|ADD", "shipping|receiving", "in_transit|in_progress",
        "107346.2017|107346.2018", "07346.1234|07346.1235", "\"po\"|\"inv\"", "po/1|po/2",
        "\"2\"|\"3\"", "example:level|example:depth", "\"-06:00\"|\"-05:00\""
      })
  void everyRelevantChangeChangesTheHash(String from, String to) {
    assertThat(hash(EVENT.replace(from, to))).isNotEqualTo(hash(EVENT));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2005-04-03T20:33:31.116-06:00|2005-04-04T02:33:31.116Z",
        "2005-04-03T20:33:31.116-06:00|2005-04-03T20:33:31.116000-06:00",
        "urn:epc:id:sgtin:0614141.107346.2017|https://id.gs1.org/01/10614141073464/21/2017",
        "urn:epc:id:sgtin:0614141.107346.2017|https://example.com/01/10614141073464/21/2017?x=1",
        "\"shipping\"|\"urn:epcglobal:cbv:bizstep:shipping\"",
        "\"shipping\"|\"https://ref.gs1.org/cbv/BizStep-shipping\"",
        "\"action\"|\"eventID\": \"urn:uuid:1\", \"recordTime\": \"2020-01-01T00:00:00Z\","
            + " \"action\"",
        "\"action\"|\"rdfs:comment\": \"checked\", \"action\"",
        "\"action\"|\"errorDeclaration\": {\"declarationTime\": \"2020-01-01T00:00:00Z\"},"
            + " \"action\""
      })
  void irrelevantDifferencesKeepTheHash(String from, String to) {
    assertThat(hash(EVENT.replace(from, to))).isEqualTo(hash(EVENT));
  }

  @Test
  void unreadableDocumentsFailWithAPosition() {
    assertFormat("{\"epcisBody\": ", "line 1, column 15", "malformed JSON");
    assertFormat("[]", "$", "expected an EPCIS document object");
    assertFormat("{\"type\": \"EPCISDocument\"}", "$.epcisBody", "missing");
    assertFormat(
        "{\"epcisBody\": {\"eventList\": {}}}", "$.epcisBody.eventList", "expected an array");
    assertFormat(
        "{\"epcisBody\": {\"eventList\": [1]}}",
        "$.epcisBody.eventList[0]",
        "expected an event object");
    assertFormat(
        "{\"epcisBody\": {\"eventList\": [{\"action\": \"ADD\"}]}}",
        "$.epcisBody.eventList[0].type",
        "missing");
    assertFormat(
        "{\"epcisBody\": {\"queryResults\": {}}}",
        "$.epcisBody.queryResults.resultsBody.eventList",
        "missing");
    assertThat(EventHash.hashIds("{\"epcisBody\": {\"eventList\": []}}")).isEmpty();
  }

  private static void assertFormat(String json, String position, String reason) {
    assertThatThrownBy(() -> EventHash.hashIds(json))
        .isInstanceOfSatisfying(
            EpcisFormatException.class,
            e -> {
              assertThat(e.position()).isEqualTo(position);
              assertThat(e.reason()).contains(reason);
              assertThat(e.getMessage()).isEqualTo(position + ": " + e.reason());
            });
  }
}
