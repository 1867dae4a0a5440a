package dev.twinops.hub.query;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The scalar functions of IoT Hub's query language (type checks, string and math functions). Names are
 * case-insensitive. Except for the IS_* type checks, a function returns undefined when an argument is
 * undefined or of the wrong type, so the row is simply not matched.
 */
final class QueryFunctions {

    @FunctionalInterface
    interface Fn1 {
        JsonNode apply(JsonNode argument);
    }

    @FunctionalInterface
    interface Fn2 {
        JsonNode apply(JsonNode first, JsonNode second);
    }

    @FunctionalInterface
    interface FnN {
        JsonNode apply(JsonNode[] arguments);
    }

    /** A function's name, arity and implementation (exactly one of fn1/fn2/fnN is set). */
    record Function(String name, int minArguments, int maxArguments, String usage, Fn1 fn1, Fn2 fn2, FnN fnN) {
        String arityDescription() {
            if (minArguments == maxArguments) {
                return minArguments + (minArguments == 1 ? " argument" : " arguments");
            }
            return maxArguments == Integer.MAX_VALUE ? minArguments + " or more arguments"
                    : minArguments + " to " + maxArguments + " arguments";
        }
    }

    private static final Map<String, Function> FUNCTIONS = new LinkedHashMap<>();

    static {
        one("IS_DEFINED", "IS_DEFINED(path)", v -> JsonValues.bool(v != null));
        one("IS_NULL", "IS_NULL(value)", v -> JsonValues.bool(v != null && v.isNull()));
        one("IS_BOOL", "IS_BOOL(value)", v -> JsonValues.bool(v != null && v.isBoolean()));
        one("IS_NUMBER", "IS_NUMBER(value)", v -> JsonValues.bool(v != null && v.isNumber()));
        one("IS_STRING", "IS_STRING(value)", v -> JsonValues.bool(v != null && v.isTextual()));
        one("IS_OBJECT", "IS_OBJECT(value)", v -> JsonValues.bool(v != null && v.isObject()));
        one("IS_ARRAY", "IS_ARRAY(value)", v -> JsonValues.bool(v != null && v.isArray()));
        one("IS_PRIMITIVE", "IS_PRIMITIVE(value)",
                v -> JsonValues.bool(v != null && (v.isNull() || v.isBoolean() || v.isNumber() || v.isTextual())));

        Fn2 startsWith = strings((s, prefix) -> JsonValues.bool(s.startsWith(prefix)));
        two("STARTSWITH", "STARTSWITH(text, prefix)", startsWith);
        two("STARTS_WITH", "STARTS_WITH(text, prefix)", startsWith);
        Fn2 endsWith = strings((s, suffix) -> JsonValues.bool(s.endsWith(suffix)));
        two("ENDSWITH", "ENDSWITH(text, suffix)", endsWith);
        two("ENDS_WITH", "ENDS_WITH(text, suffix)", endsWith);
        two("CONTAINS", "CONTAINS(text, fragment)", strings((s, fragment) -> JsonValues.bool(s.contains(fragment))));
        two("INDEX_OF", "INDEX_OF(text, fragment)", strings((s, fragment) -> JsonValues.number(indexOfCodePoints(s, fragment))));
        one("LOWER", "LOWER(text)", string(s -> TextNode.valueOf(s.toLowerCase(Locale.ROOT))));
        one("UPPER", "UPPER(text)", string(s -> TextNode.valueOf(s.toUpperCase(Locale.ROOT))));
        one("LENGTH", "LENGTH(text)", string(s -> JsonValues.number(s.codePointCount(0, s.length()))));
        many("CONCAT", 2, Integer.MAX_VALUE, "CONCAT(text, text, ...)", QueryFunctions::concat);
        many("SUBSTRING", 2, 3, "SUBSTRING(text, start [, length])", QueryFunctions::substring);
        one("AS_NUMBER", "AS_NUMBER(value)", QueryFunctions::asNumber);

        one("ABS", "ABS(number)", number(Math::abs));
        one("CEILING", "CEILING(number)", number(Math::ceil));
        one("FLOOR", "FLOOR(number)", number(Math::floor));
        // Rounds half away from zero (ROUND(-2.5) = -3), as IoT Hub's engine does.
        one("ROUND", "ROUND(number)", number(x -> Math.signum(x) * Math.floor(Math.abs(x) + 0.5)));
        one("SIGN", "SIGN(number)", number(Math::signum));
        one("SQRT", "SQRT(number)", number(Math::sqrt));
        one("SQUARE", "SQUARE(number)", number(x -> x * x));
        one("EXP", "EXP(number)", number(Math::exp));
        two("POWER", "POWER(base, exponent)", (base, exponent) -> base != null && base.isNumber()
                && exponent != null && exponent.isNumber()
                ? JsonValues.number(Math.pow(base.doubleValue(), exponent.doubleValue())) : null);
    }

    /** Aggregates are only valid as whole SELECT items; listed here so they are recognised and explained. */
    static final Map<String, Integer> AGGREGATES = Map.of("COUNT", 0, "SUM", 1, "AVG", 1, "MIN", 1, "MAX", 1);

    private QueryFunctions() {
    }

    static Function lookup(String name) {
        return FUNCTIONS.get(name.toUpperCase(Locale.ROOT));
    }

    static boolean isAggregate(String name) {
        return AGGREGATES.containsKey(name.toUpperCase(Locale.ROOT));
    }

    static Collection<Function> all() {
        return Collections.unmodifiableCollection(FUNCTIONS.values());
    }

    /** The known function or aggregate name closest to a misspelt one, or null when none is close. */
    static String closestName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : FUNCTIONS.keySet()) {
            int distance = editDistance(upper, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        for (String candidate : AGGREGATES.keySet()) {
            int distance = editDistance(upper, candidate);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(1, upper.length() / 4) ? best : null;
    }

    // ---- implementations -----------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface StringFn1 {
        JsonNode apply(String s);
    }

    @FunctionalInterface
    private interface StringFn2 {
        JsonNode apply(String a, String b);
    }

    @FunctionalInterface
    private interface DoubleFn {
        double apply(double x);
    }

    private static Fn1 string(StringFn1 body) {
        return v -> v != null && v.isTextual() ? body.apply(v.textValue()) : null;
    }

    private static Fn2 strings(StringFn2 body) {
        return (a, b) -> a != null && a.isTextual() && b != null && b.isTextual() ? body.apply(a.textValue(), b.textValue()) : null;
    }

    private static Fn1 number(DoubleFn body) {
        return v -> {
            if (v == null || !v.isNumber()) {
                return null;
            }
            if ((v.isInt() || v.isLong() || v.isShort()) && v.longValue() != Long.MIN_VALUE) {
                // Whole numbers stay whole and exact (ABS(-3) is 3, not 3.0).
                double result = body.apply(v.longValue());
                return result == Math.rint(result) && Math.abs(result) <= Long.MAX_VALUE / 2.0
                        ? JsonValues.number((long) result) : JsonValues.number(result);
            }
            return JsonValues.number(body.apply(v.doubleValue()));
        };
    }

    private static int indexOfCodePoints(String s, String fragment) {
        int index = s.indexOf(fragment);
        return index < 0 ? -1 : s.codePointCount(0, index);
    }

    private static JsonNode concat(JsonNode[] arguments) {
        StringBuilder result = new StringBuilder();
        for (JsonNode argument : arguments) {
            if (argument == null || !argument.isTextual()) {
                return null;
            }
            result.append(argument.textValue());
        }
        return TextNode.valueOf(result.toString());
    }

    private static JsonNode substring(JsonNode[] arguments) {
        JsonNode text = arguments[0];
        JsonNode start = arguments[1];
        JsonNode length = arguments.length > 2 ? arguments[2] : null;
        if (text == null || !text.isTextual() || start == null || !start.isNumber()
                || (arguments.length > 2 && (length == null || !length.isNumber()))) {
            return null;
        }
        String s = text.textValue();
        int codePoints = s.codePointCount(0, s.length());
        long from = Math.max(0, Math.min(codePoints, (long) Math.floor(start.doubleValue())));
        long count = length == null ? codePoints - from : Math.max(0, (long) Math.floor(length.doubleValue()));
        long to = Math.min(codePoints, from + count);
        int begin = s.offsetByCodePoints(0, (int) from);
        int end = s.offsetByCodePoints(0, (int) to);
        return TextNode.valueOf(s.substring(begin, end));
    }

    private static JsonNode asNumber(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isNumber()) {
            return value;
        }
        if (!value.isTextual()) {
            return null;
        }
        String s = value.textValue();
        if (s.isEmpty() || Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1))) {
            return null;
        }
        try {
            return JsonValues.number(new BigDecimal(s));
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }

    private static void one(String name, String usage, Fn1 fn) {
        FUNCTIONS.put(name, new Function(name, 1, 1, usage, fn, null, null));
    }

    private static void two(String name, String usage, Fn2 fn) {
        FUNCTIONS.put(name, new Function(name, 2, 2, usage, null, fn, null));
    }

    private static void many(String name, int min, int max, String usage, FnN fn) {
        FUNCTIONS.put(name, new Function(name, min, max, usage, null, null, fn));
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
