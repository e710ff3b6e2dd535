package org.lazaret.dcc.certlogic;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.lazaret.dcc.DccJson;

/**
 * CertLogic on arbitrary JSON expressions and data (rules and value sets come from outside):
 * validation never throws, and evaluation returns a value or a {@link CertLogicException}.
 */
class CertLogicFuzzTest {

    @FuzzTest
    void validateAndEvaluate(FuzzedDataProvider data) {
        JsonNode expression;
        JsonNode context;
        try {
            expression = DccJson.parse(data.consumeString(400));
            context = DccJson.parse(data.consumeRemainingAsString());
        } catch (JsonProcessingException notJson) {
            return;
        }
        assertThat(CertLogic.validate(expression)).isNotNull();
        try {
            assertThat(CertLogic.evaluate(expression, context)).isNotNull();
        } catch (CertLogicException rejected) {
            assertThat(rejected.getMessage()).isNotBlank();
        }
    }
}
