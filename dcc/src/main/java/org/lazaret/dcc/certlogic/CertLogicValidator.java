package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the form of a CertLogic expression before it is trusted as a rule: known operators,
 * their arities, literal-only operands where the specification requires them (the amount and
 * unit of {@code plusTime}, the index of {@code extractFromUVCI}) and well-formed data paths.
 * Messages follow the reference validator (certlogic-js) word for word, so they match the
 * specification's validation test suite. {@code !==} is a Lazaret extension (see {@link CertLogic}).
 */
final class CertLogicValidator {
    static final Set<String> INFIX = Set.of("===", "!==", "and", ">", "<", ">=", "<=", "in", "+",
            "after", "before", "not-after", "not-before");
    static final Set<String> COMPARISONS = Set.of("<", ">", "<=", ">=", "after", "before", "not-after", "not-before");
    private static final Pattern PATH = Pattern.compile("^([^.]+?)(\\.[^.]+?)*$");

    private CertLogicValidator() {}

    static List<CertLogicIssue> validate(JsonNode expression) {
        List<CertLogicIssue> issues = new ArrayList<>();
        validate(expression, 0, issues);
        return List.copyOf(issues);
    }

    private static void validate(JsonNode expr, int depth, List<CertLogicIssue> issues) {
        if (depth > CertLogic.DEPTH_MAX) {
            issues.add(new CertLogicIssue(expr, "expression nests deeper than " + CertLogic.DEPTH_MAX + " levels"));
            return;
        }
        if (CertLogic.isLiteral(expr)) {
            return;
        }
        if (expr.isNumber()) {
            java.math.BigDecimal number = expr.decimalValue();
            issues.add(new CertLogicIssue(expr, (Values.bounded(number) ? number.toPlainString() : number.toString())
                    + " is a non-integer number"));
            return;
        }
        if (expr.isArray()) {
            expr.forEach(item -> validate(item, depth + 1, issues));
            return;
        }
        if (!expr.isObject()) {
            issues.add(new CertLogicIssue(expr, "invalid CertLogic expression"));
            return;
        }
        if (expr.size() != 1) {
            issues.add(new CertLogicIssue(expr, "expression object must have exactly one key, but it has " + expr.size()));
            return;
        }
        Map.Entry<String, JsonNode> operation = expr.properties().iterator().next();
        String operator = operation.getKey();
        JsonNode values = operation.getValue();
        if (operator.equals("var")) {
            validateVar(expr, values, issues);
            return;
        }
        if (!values.isArray()) {
            issues.add(new CertLogicIssue(expr, "operation not of the form { \"<operator>\": [ <values...> ] }"));
            return;
        }
        int n = values.size();
        switch (operator) {
            case "if" -> {
                arity(expr, n == 3, "an \"if\"-operation must have exactly 3 values/operands, but it has " + n, issues);
                operands(values, 3, depth, issues);
            }
            case "!" -> {
                if (n == 1) {
                    validate(values.get(0), depth + 1, issues);
                } else {
                    issues.add(new CertLogicIssue(expr, "a !-operation (logical not/negation) must have exactly 1 "
                            + "operand, but it has " + n));
                }
            }
            case "plusTime" -> {
                arity(expr, n == 3, "a \"plusTime\"-operation must have exactly 3 values/operands, but it has " + n,
                        issues);
                operands(values, 1, depth, issues);
                if (n > 1 && !CertLogic.isIntegerLiteral(values.get(1))) {
                    issues.add(new CertLogicIssue(expr, "\"amount\" argument (#2) of \"plusTime\" must be an integer, "
                            + "but it is: " + values.get(1)));
                }
                if (n > 2 && DateTimes.unit(values.get(2)).isEmpty()) {
                    issues.add(new CertLogicIssue(expr, "\"unit\" argument (#3) of \"plusTime\" must be a string equal "
                            + "to one of year, month, day, hour, but it is: " + values.get(2)));
                }
            }
            case "reduce" -> {
                arity(expr, n == 3, "a \"reduce\"-operation must have exactly 3 values/operands, but it has " + n,
                        issues);
                operands(values, 3, depth, issues);
            }
            case "extractFromUVCI" -> {
                arity(expr, n == 2, "an \"extractFromUVCI\"-operation must have exactly 2 values/operands, but it has "
                        + n, issues);
                operands(values, 1, depth, issues);
                if (n > 1 && !CertLogic.isIntegerLiteral(values.get(1))) {
                    issues.add(new CertLogicIssue(expr, "\"index\" argument (#2) of \"extractFromUVCI\" must be an "
                            + "integer, but it is: " + values.get(1)));
                }
            }
            case "dccDateOfBirth" -> {
                arity(expr, n == 1, "a \"dccDateOfBirth\"-operation must have exactly 1 value/operand, but it has " + n,
                        issues);
                operands(values, 1, depth, issues);
            }
            default -> {
                if (!INFIX.contains(operator)) {
                    issues.add(new CertLogicIssue(expr, "unrecognised operator: \"" + operator + "\""));
                    return;
                }
                validateInfix(expr, operator, values, depth, issues);
            }
        }
    }

    private static void validateInfix(JsonNode expr, String operator, JsonNode values, int depth,
            List<CertLogicIssue> issues) {
        int n = values.size();
        int operandsMax = n;
        if (operator.equals("and")) {
            arity(expr, n >= 2, "an \"and\" operation must have at least 2 operands, but it has " + n, issues);
        } else if (COMPARISONS.contains(operator)) {
            operandsMax = 3;
            arity(expr, n >= 2 && n <= 3,
                    "an operation with operator \"" + operator + "\" must have 2 or 3 operands, but it has " + n, issues);
        } else {
            operandsMax = 2;
            arity(expr, n == 2, "an operation with operator \"" + operator + "\" must have 2 operands, but it has " + n,
                    issues);
        }
        operands(values, operandsMax, depth, issues);
    }

    private static void validateVar(JsonNode expr, JsonNode path, List<CertLogicIssue> issues) {
        if (!path.isTextual()) {
            issues.add(new CertLogicIssue(expr, "not of the form { \"var\": \"<path>\" }"));
            return;
        }
        String text = path.textValue();
        if (!text.isEmpty() && !PATH.matcher(text).matches()) {
            issues.add(new CertLogicIssue(expr, "data access path doesn't have a valid format: " + text));
        }
    }

    private static void arity(JsonNode expr, boolean ok, String message, List<CertLogicIssue> issues) {
        if (!ok) {
            issues.add(new CertLogicIssue(expr, message));
        }
    }

    private static void operands(JsonNode values, int count, int depth, List<CertLogicIssue> issues) {
        for (int i = 0; i < Math.min(count, values.size()); i++) {
            validate(values.get(i), depth + 1, issues);
        }
    }
}
