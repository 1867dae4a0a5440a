package dev.twinops.hub.query;

import java.math.BigDecimal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

/**
 * The value semantics of the query language (those of IoT Hub's Cosmos-DB-style engine). Java {@code null}
 * stands for <em>undefined</em> (a missing property); JSON null is {@code NullNode}. Comparisons are defined
 * only between two values of the same primitive type; anything else is undefined, and a row is kept only when
 * its condition is exactly {@code true}.
 */
final class JsonValues {
    /** Result of {@link #compare} when the two values cannot be compared. */
    static final int INCOMPARABLE = Integer.MIN_VALUE;

    private static final double MAX_EXACT_DOUBLE_INTEGER = 9_007_199_254_740_992d; // 2^53

    private JsonValues() {
    }

    static boolean isTrue(JsonNode value) {
        return value != null && value.isBoolean() && value.booleanValue();
    }

    static boolean isFalse(JsonNode value) {
        return value != null && value.isBoolean() && !value.booleanValue();
    }

    static JsonNode bool(boolean value) {
        return value ? BooleanNode.TRUE : BooleanNode.FALSE;
    }

    /**
     * Orders two values of the same primitive type (string: ordinal, number: numeric, boolean: false &lt; true,
     * null: equal); {@link #INCOMPARABLE} for undefined, mixed types, objects and arrays.
     */
    static int compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return INCOMPARABLE;
        }
        if (a.isTextual()) {
            return b.isTextual() ? Integer.signum(a.textValue().compareTo(b.textValue())) : INCOMPARABLE;
        }
        if (a.isNumber()) {
            return b.isNumber() ? compareNumbers(a, b) : INCOMPARABLE;
        }
        if (a.isBoolean()) {
            return b.isBoolean() ? Boolean.compare(a.booleanValue(), b.booleanValue()) : INCOMPARABLE;
        }
        if (a.isNull()) {
            return b.isNull() ? 0 : INCOMPARABLE;
        }
        return INCOMPARABLE;
    }

    /** Equality for IN lists and grouping: same type and value (1 equals 1.0); never equal across types. */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.isTextual() && b.isTextual()) {
            return a.textValue().equals(b.textValue());
        }
        int order = compare(a, b);
        if (order != INCOMPARABLE) {
            return order == 0;
        }
        return (a.isObject() || a.isArray()) && a.equals(b);
    }

    static int compareNumbers(JsonNode a, JsonNode b) {
        boolean aExact = a.isInt() || a.isLong() || a.isShort();
        boolean bExact = b.isInt() || b.isLong() || b.isShort();
        if (aExact && bExact) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if (a.isBigInteger() || a.isBigDecimal() || b.isBigInteger() || b.isBigDecimal()) {
            return decimal(a).compareTo(decimal(b));
        }
        double x = a.doubleValue();
        double y = b.doubleValue();
        return x < y ? -1 : x > y ? 1 : 0;
    }

    static BigDecimal decimal(JsonNode number) {
        return number.isFloatingPointNumber() && !number.isBigDecimal()
                ? BigDecimal.valueOf(number.doubleValue()) : number.decimalValue();
    }

    /** True for JSON numbers that hold a whole value exactly (int, long, or a double such as 3.0). */
    static boolean isWhole(JsonNode number) {
        if (number.isInt() || number.isLong() || number.isShort()) {
            return true;
        }
        double d = number.doubleValue();
        return number.isFloatingPointNumber() && !number.isBigDecimal() && d == Math.rint(d)
                && Math.abs(d) < MAX_EXACT_DOUBLE_INTEGER;
    }

    /** A number node that prints as an integer when the value is whole (3 rather than 3.0). */
    static JsonNode number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return null;
        }
        if (value == Math.rint(value) && Math.abs(value) < MAX_EXACT_DOUBLE_INTEGER) {
            return number((long) value);
        }
        return DoubleNode.valueOf(value);
    }

    static JsonNode number(long value) {
        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    static JsonNode number(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= 18) {
            return number(stripped.longValueExact());
        }
        double asDouble = value.doubleValue();
        if (!Double.isInfinite(asDouble) && BigDecimal.valueOf(asDouble).compareTo(value) == 0) {
            return DoubleNode.valueOf(asDouble);
        }
        return DecimalNode.valueOf(value);
    }

    /** A hashable key with {@link #sameValue} semantics for numbers, used to group rows. */
    static Object groupKey(JsonNode value) {
        if (value == null) {
            return UndefinedKey.INSTANCE;
        }
        if (value.isNumber()) {
            return decimal(value).stripTrailingZeros();
        }
        return value;
    }

    private enum UndefinedKey { INSTANCE }
}
