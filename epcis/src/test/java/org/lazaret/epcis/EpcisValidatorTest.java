package org.lazaret.epcis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Goal: an invalid document is reported with the JSON path of the first offending field and a
 * reason; text that is not JSON with its line and column; JSON that is not EPCIS as such. Method:
 * one valid event, broken one field at a time.
 */
class EpcisValidatorTest {
  private static final String EVENT =
      """
      {"type": "ObjectEvent", "eventTime": "2005-04-03T20:33:31.116-06:00",
       "eventTimeZoneOffset": "-06:00", "epcList": ["urn:epc:id:sgtin:0614141.107346.2017"],
       "action": "OBSERVE", "bizStep": "shipping", "disposition": "in_transit",
       "readPoint": {"id": "urn:epc:id:sgln:0614141.07346.1234"}}\
      """;

  static String document(String event) {
    return """
    {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
     "type": "EPCISDocument", "schemaVersion": "2.0", "creationDate": "2005-07-11T11:30:47.0Z",
     "epcisBody": {"eventList": [%s]}}\
    """
        .formatted(event);
  }

  @Test
  void theUnbrokenEventIsValid() {
    assertThat(EpcisValidator.validate(document(EVENT))).isEqualTo(new Validation.Valid());
    assertThat(EpcisValidator.validate(document(EVENT)).isValid()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"2005-04-03T20:33:31.116-06:00\"|\"yesterday\"|$.epcisBody.eventList[0].eventTime|date-time",
        "\"eventTime\": \"2005-04-03T20:33:31.116-06:00\",|\"recordTime\":"
            + " \"2005-04-03T20:33:31.116-06:00\",|$.epcisBody.eventList[0].eventTime|required",
        "OBSERVE|JUMP|$.epcisBody.eventList[0].action|enumeration",
        "urn:epc:id:sgtin:0614141.107346.2017|not a uri|$.epcisBody.eventList[0].epcList[0]|uri",
        "\"in_transit\"|\"nowhere\"|$.epcisBody.eventList[0].disposition|enumeration",
        "\"action\"|\"unknownField\": 1, \"action\"|$.epcisBody.eventList[0].unknownField|property",
        "\"-06:00\"|\"six hours behind\"|$.epcisBody.eventList[0].eventTimeZoneOffset|pattern"
      })
  void namesThePathOfTheOffendingField(String from, String to, String path, String reason) {
    Validation result = EpcisValidator.validate(document(EVENT.replace(from, to)));
    assertThat(result).isInstanceOf(Validation.Invalid.class);
    Validation.Invalid invalid = (Validation.Invalid) result;
    assertThat(invalid.path()).isEqualTo(path);
    assertThat(invalid.reason()).containsIgnoringCase(reason);
  }

  @Test
  void reportsTheFirstOffendingFieldInDocumentOrder() {
    String twoErrors = EVENT.replace("OBSERVE", "JUMP").replace("in_transit", "nowhere");
    String both =
        document(twoErrors + "," + EVENT.replace("2005-04-03T20:33:31.116-06:00", "later"));
    assertThat(EpcisValidator.validate(both))
        .isEqualTo(
            new Validation.Invalid(
                "$.epcisBody.eventList[0].action",
                ((Validation.Invalid) EpcisValidator.validate(both)).reason()));
  }

  @Test
  void malformedJsonIsInvalidWithLineAndColumn() {
    Validation result =
        EpcisValidator.validate("{\"type\": \"EPCISDocument\",\n \"epcisBody\": {,}}");
    assertThat(result).isInstanceOf(Validation.Invalid.class);
    assertThat(((Validation.Invalid) result).path()).isEqualTo("line 2, column 16");
    assertThat(((Validation.Invalid) result).reason()).startsWith("malformed JSON");
    assertThat(((Validation.Invalid) EpcisValidator.validate("")).path()).startsWith("line 1");
    assertThat(((Validation.Invalid) EpcisValidator.validate("{} {}")).reason())
        .contains("malformed JSON");
  }

  @Test
  void jsonThatIsNotEpcisIsInvalid() {
    assertThat(EpcisValidator.validate("[1, 2]"))
        .isEqualTo(new Validation.Invalid("$", "not an EPCIS document: expected a JSON object"));
    assertThat(((Validation.Invalid) EpcisValidator.validate("{\"epcisBody\": {}}")).path())
        .isEqualTo("$.type");
    assertThat(((Validation.Invalid) EpcisValidator.validate("{\"type\": \"Invoice\"}")).path())
        .isEqualTo("$.type");
    assertThat(
            ((Validation.Invalid) EpcisValidator.validate("{\"type\": \"EPCISDocument\"}")).path())
        .isEqualTo("$.epcisBody");
    assertThat(EpcisValidator.validate(document(EVENT).replace("\"schemaVersion\": \"2.0\",", "")))
        .isInstanceOf(Validation.Invalid.class);
  }

  @Test
  void aQueryDocumentIsValidated() {
    String query =
        """
        {"@context": ["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],
         "type": "EPCISQueryDocument", "schemaVersion": "2.0", "creationDate": "2005-07-11T11:30:47.0Z",
         "epcisBody": {"queryResults": {"queryName": "SimpleEventQuery",
           "resultsBody": {"eventList": [%s]}}}}\
        """;
    assertThat(EpcisValidator.validate(query.formatted(EVENT))).isEqualTo(new Validation.Valid());
    assertThat(
            ((Validation.Invalid)
                    EpcisValidator.validate(query.formatted(EVENT.replace("OBSERVE", "X"))))
                .path())
        .isEqualTo("$.epcisBody.queryResults.resultsBody.eventList[0].action");
  }
}
