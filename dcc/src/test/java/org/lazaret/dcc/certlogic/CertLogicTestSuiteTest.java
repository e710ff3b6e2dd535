package org.lazaret.dcc.certlogic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.lazaret.dcc.DccJson;

/**
 * Runs the CertLogic specification's own test suites (evaluation and validation, copied from
 * ehn-dcc-development/dgc-business-rules) against this evaluator and validator. Each assertion
 * of each case is one dynamic test; suites, cases and assertions marked "skip" are skipped
 * as the reference runners skip them (the patched-reduce suite describes a future extension).
 */
class CertLogicTestSuiteTest {

    @TestFactory
    Stream<DynamicTest> evaluationSuite() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode suite : suites("testSuite")) {
            if ("skip".equals(suite.path("directive").asText())) {
                continue;
            }
            for (JsonNode testCase : suite.path("cases")) {
                if ("skip".equals(testCase.path("directive").asText())) {
                    continue;
                }
                int index = 0;
                for (JsonNode assertion : testCase.path("assertions")) {
                    index++;
                    if ("skip".equals(assertion.path("directive").asText())) {
                        continue;
                    }
                    JsonNode expression = assertion.has("certLogicExpression")
                            ? assertion.get("certLogicExpression")
                            : testCase.get("certLogicExpression");
                    String name = suite.path("name").asText() + " / " + testCase.path("name").asText() + " #" + index
                            + " " + assertion.path("message").asText("");
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        assertThat(CertLogic.validate(expression)).as("validation issues of " + expression).isEmpty();
                        JsonNode actual = CertLogic.evaluate(expression, assertion.get("data"));
                        assertThat(sameValue(actual, assertion.get("expected")))
                                .as(expression + " on " + assertion.get("data") + " gave " + actual
                                        + ", expected " + assertion.get("expected"))
                                .isTrue();
                    }));
                }
            }
        }
        assertThat(tests).hasSizeGreaterThan(100);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> validationSuite() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode suite : suites("validation-testSuite")) {
            int index = 0;
            for (JsonNode testCase : suite.path("cases")) {
                index++;
                JsonNode expression = testCase.get("certLogicExpression");
                List<String> expected = new ArrayList<>();
                testCase.path("issues").forEach(issue -> expected.add(issue.path("message").asText()));
                tests.add(DynamicTest.dynamicTest(suite.path("name").asText() + " #" + index + " " + expression, () ->
                        assertThat(CertLogic.validate(expression)).extracting(CertLogicIssue::message)
                                .containsExactlyElementsOf(expected)));
            }
        }
        assertThat(tests).hasSizeGreaterThan(20);
        return tests.stream();
    }

    private static boolean sameValue(JsonNode actual, JsonNode expected) {
        return actual.equals((a, b) -> a.isNumber() && b.isNumber()
                ? a.decimalValue().compareTo(b.decimalValue())
                : a.equals(b) ? 0 : 1, expected);
    }

    private static List<JsonNode> suites(String folder) throws IOException, URISyntaxException {
        Path dir = Path.of(CertLogicTestSuiteTest.class.getClassLoader()
                .getResource("certlogic-testsuite/" + folder).toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<JsonNode> suites = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                suites.add(DccJson.mapper().readTree(Files.readString(file)));
            }
            return suites;
        }
    }
}
