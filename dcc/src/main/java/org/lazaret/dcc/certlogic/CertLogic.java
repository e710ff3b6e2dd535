package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluator of CertLogic 1.3.3, the JsonLogic dialect of the EU DCC business rules
 * (ehn-dcc-development/dgc-business-rules, certlogic/specification). It follows the reference
 * implementation (certlogic-js) operation by operation, including which operands are evaluated
 * lazily ({@code if}, {@code and}) and which must be literals ({@code plusTime} amount and unit,
 * {@code extractFromUVCI} index). Arithmetic is exact: integers are {@link BigInteger}s and
 * date-times instants at millisecond precision; no value ever passes through floating point.
 *
 * <p>Extension: {@code !==} (strict inequality of JsonLogic, two operands) is accepted although
 * CertLogic 1.3.3 lacks it; rules meant for other EU verifiers must not use it.
 *
 * <p>Deterministic and thread-safe; nesting is bounded by {@link #DEPTH_MAX}.
 */
public final class CertLogic {
    /** Deepest expression nesting evaluated; real rules stay under 20. */
    public static final int DEPTH_MAX = 64;
    /** Most sub-expressions one evaluation may visit; a DCC rule needs a few hundred. */
    public static final long STEPS_MAX = 1_000_000;

    private CertLogic() {}

    /** The result of the expression on the data; date-times are returned as ISO-8601 UTC text. */
    public static JsonNode evaluate(JsonNode expression, JsonNode data) throws CertLogicException {
        return Values.toJson(evaluate(expression, data, new Run(), 0));
    }

    /** Whether the expression evaluates to a truthy value; neither truthy nor falsy is an error. */
    public static boolean test(JsonNode expression, JsonNode data) throws CertLogicException {
        Object result = evaluate(expression, data, new Run(), 0);
        return Values.boolsiness(result).orElseThrow(() -> new CertLogicException(
                "result " + Values.describe(result) + " is neither truthy nor falsy"));
    }

    /** Everything wrong with the form of the expression; empty when it is valid. */
    public static List<CertLogicIssue> validate(JsonNode expression) {
        return CertLogicValidator.validate(expression);
    }

    static boolean isLiteral(JsonNode expr) {
        return expr.isTextual() || expr.isBoolean() || isIntegerLiteral(expr);
    }

    static boolean isIntegerLiteral(JsonNode expr) {
        return Values.integer(expr).isPresent();
    }

    /** Counts the steps of one evaluation: nested reduces over large arrays must not run for hours. */
    static final class Run {
        private long steps;

        void step() throws CertLogicException {
            if (++steps > STEPS_MAX) {
                throw new CertLogicException("evaluation takes more than " + STEPS_MAX + " steps");
            }
        }
    }

    static Object evaluate(JsonNode expr, Object data, Run run, int depth) throws CertLogicException {
        if (depth > DEPTH_MAX) {
            throw new CertLogicException("expression nests deeper than " + DEPTH_MAX + " levels");
        }
        run.step();
        if (isLiteral(expr)) {
            return expr;
        }
        if (expr.isArray()) {
            List<Object> items = new ArrayList<>(expr.size());
            for (JsonNode item : expr) {
                items.add(evaluate(item, data, run, depth + 1));
            }
            return items;
        }
        if (!expr.isObject()) {
            throw new CertLogicException("invalid CertLogic expression: " + expr);
        }
        if (expr.size() != 1) {
            throw new CertLogicException("unrecognised expression object encountered");
        }
        Map.Entry<String, JsonNode> operation = expr.properties().iterator().next();
        String operator = operation.getKey();
        JsonNode values = operation.getValue();
        if (operator.equals("var")) {
            return variable(values, data);
        }
        if (!values.isArray() || values.isEmpty()) {
            throw new CertLogicException("operation not of the form { \"<operator>\": [ <values...> ] }");
        }
        return switch (operator) {
            case "if" -> conditional(values, data, run, depth);
            case "!" -> negation(values.get(0), data, run, depth);
            case "plusTime" -> plusTime(values, data, run, depth);
            case "reduce" -> reduce(values, data, run, depth);
            case "extractFromUVCI" -> extractFromUvci(values, data, run, depth);
            case "dccDateOfBirth" -> dateOfBirth(values, data, run, depth);
            default -> {
                if (!CertLogicValidator.INFIX.contains(operator)) {
                    throw new CertLogicException("unrecognised operator: \"" + operator + "\"");
                }
                yield Infix.evaluate(operator, values, data, run, depth);
            }
        };
    }

    private static Object variable(JsonNode path, Object data) throws CertLogicException {
        if (!path.isTextual()) {
            throw new CertLogicException("not of the form { \"var\": \"<path>\" }");
        }
        String text = path.textValue();
        if (text.isEmpty()) {
            return data;
        }
        Object current = data;
        for (String fragment : text.split("\\.", -1)) {
            if (Values.isNull(current)) {
                return current;
            }
            current = Values.property(current, fragment);
        }
        return current;
    }

    private static Object conditional(JsonNode values, Object data, Run run, int depth) throws CertLogicException {
        if (values.size() < 3) {
            throw new CertLogicException("an if-operation must have a guard, a then and an else (3 operands), "
                    + "but it has " + values.size());
        }
        Object guard = evaluate(values.get(0), data, run, depth + 1);
        boolean truthy = Values.boolsiness(guard).orElseThrow(() -> new CertLogicException(
                "if-guard evaluates to something neither truthy, nor falsy: " + Values.describe(guard)));
        return evaluate(values.get(truthy ? 1 : 2), data, run, depth + 1);
    }

    private static Object negation(JsonNode operand, Object data, Run run, int depth) throws CertLogicException {
        Object value = evaluate(operand, data, run, depth + 1);
        boolean truthy = Values.boolsiness(value).orElseThrow(() -> new CertLogicException(
                "operand of ! evaluates to something neither truthy, nor falsy: " + Values.describe(value)));
        return Infix.bool(!truthy);
    }

    private static Object plusTime(JsonNode values, Object data, Run run, int depth) throws CertLogicException {
        if (values.size() != 3) {
            throw new CertLogicException("a \"plusTime\"-operation must have exactly 3 operands");
        }
        Optional<BigInteger> amount = Values.integer(values.get(1));
        if (amount.isEmpty() || amount.get().bitLength() > 31) {
            throw new CertLogicException("\"amount\" argument (#2) of \"plusTime\" must be an integer");
        }
        DateTimes.Unit unit = DateTimes.unit(values.get(2)).orElseThrow(() -> new CertLogicException(
                "\"unit\" argument (#3) of \"plusTime\" must be a string with one of the time units: "
                        + "year, month, day, hour"));
        Object date = evaluate(values.get(0), data, run, depth + 1);
        String text = Values.string(date).orElseThrow(() -> new CertLogicException(
                "date argument (#1) of \"plusTime\" must be a string, but it is " + Values.describe(date)));
        return DateTimes.plusTime(text, amount.get().longValueExact(), unit);
    }

    private static Object reduce(JsonNode values, Object data, Run run, int depth) throws CertLogicException {
        if (values.size() != 3) {
            throw new CertLogicException("a \"reduce\"-operation must have exactly 3 operands");
        }
        Object operand = evaluate(values.get(0), data, run, depth + 1);
        Object accumulator = evaluate(values.get(2), data, run, depth + 1);
        if (Values.isNull(operand)) {
            return accumulator;
        }
        List<Object> items = Values.elements(operand).orElseThrow(() -> new CertLogicException(
                "operand of reduce evaluated to a non-null non-array: " + Values.describe(operand)));
        for (Object current : items) {
            Map<String, Object> context = new LinkedHashMap<>();
            context.put("accumulator", accumulator);
            context.put("current", current);
            accumulator = evaluate(values.get(1), context, run, depth + 1);
        }
        return accumulator;
    }

    private static Object extractFromUvci(JsonNode values, Object data, Run run, int depth) throws CertLogicException {
        if (values.size() != 2) {
            throw new CertLogicException("an \"extractFromUVCI\"-operation must have exactly 2 operands");
        }
        Object operand = evaluate(values.get(0), data, run, depth + 1);
        if (!Values.isNull(operand) && Values.string(operand).isEmpty()) {
            throw new CertLogicException("\"UVCI\" argument (#1) of \"extractFromUVCI\" must be either a string or null");
        }
        Optional<BigInteger> index = Values.integer(values.get(1));
        if (index.isEmpty()) {
            throw new CertLogicException("\"index\" argument (#2) of \"extractFromUVCI\" must be an integer");
        }
        if (Values.isNull(operand) || index.get().signum() < 0 || index.get().bitLength() > 31) {
            return org.lazaret.dcc.DccJson.nodes().nullNode();
        }
        String uvci = Values.string(operand).orElseThrow();
        String prefixless = uvci.startsWith("URN:UVCI:") ? uvci.substring("URN:UVCI:".length()) : uvci;
        String[] fragments = prefixless.split("[/#:]", -1);
        int i = index.get().intValue();
        return i < fragments.length
                ? org.lazaret.dcc.DccJson.nodes().textNode(fragments[i])
                : org.lazaret.dcc.DccJson.nodes().nullNode();
    }

    private static Object dateOfBirth(JsonNode values, Object data, Run run, int depth) throws CertLogicException {
        Object operand = evaluate(values.get(0), data, run, depth + 1);
        String text = Values.string(operand).orElseThrow(() -> new CertLogicException(
                "operand of \"dccDateOfBirth\" must be a string, but it is " + Values.describe(operand)));
        return DateTimes.dateOfBirth(text);
    }
}
