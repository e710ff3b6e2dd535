package org.lazaret.dcc.certlogic;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lazaret.dcc.DccJson;

/**
 * CertLogic's infix operations: {@code and} (lazy, returns the deciding operand), equality,
 * membership, integer addition and the integer and date-time comparisons, which also take a
 * ternary form {@code a op b op c}. Operand types are checked after evaluation, as the
 * specification requires; a mismatch is an error, never a coercion.
 */
final class Infix {
    private Infix() {}

    static Object evaluate(String operator, JsonNode values, Object data, CertLogic.Run run, int depth)
            throws CertLogicException {
        int n = values.size();
        if (operator.equals("and")) {
            if (n < 2) {
                throw new CertLogicException("an \"and\" operation must have at least 2 operands");
            }
            Object result = bool(true);
            for (JsonNode operand : values) {
                Object value = CertLogic.evaluate(operand, data, run, depth + 1);
                Optional<Boolean> truthy = Values.boolsiness(value);
                if (truthy.isEmpty()) {
                    throw new CertLogicException("all operands of an \"and\" operation must be either truthy or falsy, "
                            + "but one is " + Values.describe(value));
                }
                result = value;
                if (!truthy.get()) {
                    break;
                }
            }
            return result;
        }
        boolean comparison = CertLogicValidator.COMPARISONS.contains(operator);
        if (comparison ? n < 2 || n > 3 : n != 2) {
            throw new CertLogicException("an operation with operator \"" + operator + "\" must have "
                    + (comparison ? "2 or 3" : "2") + " operands");
        }
        List<Object> args = new ArrayList<>(n);
        for (JsonNode operand : values) {
            args.add(CertLogic.evaluate(operand, data, run, depth + 1));
        }
        return switch (operator) {
            case "===" -> bool(Values.strictEquals(args.get(0), args.get(1)));
            case "!==" -> bool(!Values.strictEquals(args.get(0), args.get(1)));
            case "in" -> {
                List<Object> haystack = Values.elements(args.get(1)).orElseThrow(() -> new CertLogicException(
                        "right-hand side of an \"in\" operation must be an array"));
                boolean found = false;
                for (Object candidate : haystack) {
                    found |= Values.strictEquals(args.get(0), candidate);
                }
                yield bool(found);
            }
            case "+" -> {
                Optional<BigInteger> left = Values.integer(args.get(0));
                Optional<BigInteger> right = Values.integer(args.get(1));
                if (left.isEmpty() || right.isEmpty()) {
                    throw new CertLogicException("operands of this operation must both be integers");
                }
                yield Values.number(left.get().add(right.get()));
            }
            case "<", ">", "<=", ">=" -> bool(compare(operator, integers(args)));
            case "after" -> bool(compare(">", dateTimes(args)));
            case "before" -> bool(compare("<", dateTimes(args)));
            case "not-after" -> bool(compare("<=", dateTimes(args)));
            case "not-before" -> bool(compare(">=", dateTimes(args)));
            default -> throw new CertLogicException("unhandled infix operator \"" + operator + "\"");
        };
    }

    static JsonNode bool(boolean value) {
        return DccJson.nodes().booleanNode(value);
    }

    private static List<BigInteger> integers(List<Object> args) throws CertLogicException {
        List<BigInteger> integers = new ArrayList<>(args.size());
        for (Object arg : args) {
            integers.add(Values.integer(arg).orElseThrow(() -> new CertLogicException(
                    "all operands of a comparison operation must be of integer type, but one is " + Values.describe(arg))));
        }
        return integers;
    }

    private static List<DateTime> dateTimes(List<Object> args) throws CertLogicException {
        List<DateTime> dateTimes = new ArrayList<>(args.size());
        for (Object arg : args) {
            if (!(arg instanceof DateTime dateTime)) {
                throw new CertLogicException("all operands of a date-time comparison must be date-times, but one is "
                        + Values.describe(arg));
            }
            dateTimes.add(dateTime);
        }
        return dateTimes;
    }

    private static <T extends Comparable<T>> boolean compare(String operator, List<T> args) {
        boolean result = holds(operator, args.get(0).compareTo(args.get(1)));
        if (args.size() == 3) {
            result = result && holds(operator, args.get(1).compareTo(args.get(2)));
        }
        return result;
    }

    private static boolean holds(String operator, int order) {
        return switch (operator) {
            case "<" -> order < 0;
            case ">" -> order > 0;
            case "<=" -> order <= 0;
            case ">=" -> order >= 0;
            default -> throw new IllegalArgumentException("not a comparison: " + operator);
        };
    }
}
