package org.lazaret.dcc.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.List;
import java.util.Set;

/**
 * Validates DCC JSON against the EU DCC JSON schema 1.3.3 ({@code DCC.combined-schema.json},
 * draft 2020-12), bundled as a resource so that no schema is ever fetched over the network:
 * the schema's {@code https://id.uvci.eu/} identifiers are mapped onto the classpath. The schema
 * is compiled once; validation is thread-safe.
 */
public final class DccSchema {
    public static final String SCHEMA_ID = "https://id.uvci.eu/DCC.combined-schema.json";
    private static final String RESOURCE_PREFIX = "classpath:org/lazaret/dcc/schema/";
    private static final JsonSchema SCHEMA = load();

    private DccSchema() {}

    private static JsonSchema load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(mappers -> mappers.mapPrefix("https://id.uvci.eu/", RESOURCE_PREFIX)));
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(FORMAT_ASSERTIONS)
                .build();
        JsonSchema schema = factory.getSchema(SchemaLocation.of(SCHEMA_ID), config);
        schema.initializeValidators();
        return schema;
    }

    /**
     * Whether "format": "date" / "date-time" are asserted (draft 2020-12 makes format an
     * annotation unless asked). They are: a DCC with a malformed date is not schema-valid, and
     * every valid payload of the EU test vectors passes this stricter check.
     */
    static final boolean FORMAT_ASSERTIONS = true;

    /** The violations, each naming the JSON path and the rule; empty when the DCC conforms. */
    public static List<String> validate(JsonNode dcc) {
        Set<ValidationMessage> messages = SCHEMA.validate(dcc);
        return messages.stream()
                .map(ValidationMessage::getMessage)
                .map(message -> message.startsWith(": ") ? "(root)" + message : message)
                .distinct()
                .sorted()
                .toList();
    }
}
