package org.lazaret.epcis;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.AllowSchemaLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Checks that a text is an EPCIS 2.0 JSON/JSON-LD document: parseable JSON, an EPCISDocument or
 * EPCISQueryDocument with an epcisBody, and conforming to the GS1 EPCIS 2.0 JSON schema (copied
 * into this module's resources; its $id is mapped to the class path and every other schema location
 * is refused, so validation never touches the network, and the JSON-LD @context is not
 * dereferenced). When several fields are wrong, the one reported is the first in document order, so
 * every node reports the same reason. The compiled schema is shared; thread-safe.
 */
public final class EpcisValidator {
  private static final String SCHEMA_ID = "https://gs1.github.io/EPCIS/EPCIS-JSON-Schema.json";
  private static final JsonSchema SCHEMA = load();

  private EpcisValidator() {}

  /** Valid, or Invalid with the path of the first offending field and the reason. */
  public static Validation validate(String json) {
    JsonNode document;
    try {
      document = Json.read(json);
    } catch (EpcisFormatException e) {
      return new Validation.Invalid(e.position(), e.reason());
    }
    return validate(document);
  }

  static Validation validate(JsonNode document) {
    if (!document.isObject()) {
      return new Validation.Invalid("$", "not an EPCIS document: expected a JSON object");
    }
    JsonNode type = document.get("type");
    if (type == null) {
      return new Validation.Invalid("$.type", "missing: not an EPCIS document");
    }
    if (!type.isTextual()
        || !(type.textValue().equals("EPCISDocument")
            || type.textValue().equals("EPCISQueryDocument"))) {
      return new Validation.Invalid(
          "$.type",
          "not an EPCIS document: expected EPCISDocument or EPCISQueryDocument, found " + type);
    }
    if (!document.path("epcisBody").isObject()) {
      return new Validation.Invalid(
          "$.epcisBody", "missing: an EPCIS document needs an epcisBody object");
    }
    Set<ValidationMessage> messages;
    try {
      messages = SCHEMA.validate(document);
    } catch (RuntimeException e) {
      // The validator's own failure on hostile input (e.g. a pattern too costly); report, not
      // throw.
      return new Validation.Invalid("$", "cannot be validated: " + e.getClass().getSimpleName());
    }
    if (messages.isEmpty()) {
      return new Validation.Valid();
    }
    List<ValidationMessage> sorted = new ArrayList<>(messages);
    sorted.sort(
        Comparator.<ValidationMessage, List<Integer>>comparing(
                m -> documentOrder(document, fieldPath(m)), EpcisValidator::compareIndexes)
            .thenComparing(ValidationMessage::getMessage));
    ValidationMessage first = sorted.getFirst();
    return new Validation.Invalid(pathText(fieldPath(first)), reason(first));
  }

  /** The location of the offending field: for a missing or extra property, the property itself. */
  private static List<Object> fieldPath(ValidationMessage message) {
    JsonNodePath location = message.getInstanceLocation();
    List<Object> path = new ArrayList<>();
    for (int i = 0; i < location.getNameCount(); i++) {
      path.add(location.getElement(i));
    }
    String type = message.getType();
    if (message.getProperty() != null
        && ("required".equals(type)
            || "additionalProperties".equals(type)
            || "propertyNames".equals(type))) {
      path.add(message.getProperty());
    }
    return path;
  }

  private static String reason(ValidationMessage message) {
    String text = message.getMessage();
    String location = message.getInstanceLocation().toString();
    if (text.startsWith(location + ": ")) {
      text = text.substring(location.length() + 2);
    }
    return text + " (schema " + message.getType() + ")";
  }

  private static String pathText(List<Object> path) {
    StringBuilder out = new StringBuilder("$");
    for (Object element : path) {
      if (element instanceof Integer index) {
        out.append('[').append(index).append(']');
      } else if (element.toString().matches("[A-Za-z_@][A-Za-z0-9_@:-]*")) {
        out.append('.').append(element);
      } else {
        out.append("['").append(element.toString().replace("'", "\\'")).append("']");
      }
    }
    return out.toString();
  }

  /** Positions along the path: array indexes, and each key's position among its siblings. */
  private static List<Integer> documentOrder(JsonNode document, List<Object> path) {
    List<Integer> order = new ArrayList<>();
    JsonNode node = document;
    for (Object element : path) {
      if (element instanceof Integer index) {
        order.add(index);
        node = node.path(index);
      } else {
        int position = 0;
        int found = Integer.MAX_VALUE;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); position++) {
          if (names.next().equals(element)) {
            found = position;
            break;
          }
        }
        order.add(found);
        node = node.path(element.toString());
      }
    }
    return order;
  }

  private static int compareIndexes(List<Integer> a, List<Integer> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int byIndex = Integer.compare(a.get(i), b.get(i));
      if (byIndex != 0) {
        return byIndex;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static JsonSchema load() {
    JsonSchemaFactory factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V7,
            builder ->
                builder
                    .schemaMappers(
                        mappers ->
                            mappers.mapPrefix(
                                "https://gs1.github.io/EPCIS/", "classpath:org/lazaret/epcis/"))
                    .schemaLoaders(
                        loaders ->
                            loaders.add(
                                new AllowSchemaLoader(
                                    iri -> iri.toString().startsWith("classpath:")))));
    SchemaValidatorsConfig config =
        SchemaValidatorsConfig.builder()
            .pathType(PathType.JSON_PATH)
            .formatAssertionsEnabled(true)
            .build();
    return factory.getSchema(SchemaLocation.of(SCHEMA_ID), config);
  }
}
