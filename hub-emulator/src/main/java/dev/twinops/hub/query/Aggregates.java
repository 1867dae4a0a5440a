package dev.twinops.hub.query;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * COUNT(), SUM, AVG, MIN and MAX. SUM and AVG take the numeric values of their argument and skip the rest
 * (AVG of no numbers is undefined, so the column is left out); MIN and MAX order primitive values as IoT Hub's
 * engine does: null &lt; false &lt; true &lt; numbers &lt; strings.
 */
final class Aggregates {
    private Aggregates() {
    }

    /** Folds the rows of one group into one value. */
    interface Accumulator {
        void add(JsonNode document);

        /** The aggregate's value; null (undefined) leaves the column out of the row. */
        JsonNode result();
    }

    static Supplier<Accumulator> of(String name, Evaluator argument) {
        switch (name.toUpperCase(Locale.ROOT)) {
            case "COUNT":
                return Count::new;
            case "SUM":
                return () -> new Sum(argument, false);
            case "AVG":
                return () -> new Sum(argument, true);
            case "MIN":
                return () -> new Extreme(argument, -1);
            case "MAX":
                return () -> new Extreme(argument, 1);
            default:
                throw new IllegalArgumentException("not an aggregate: " + name);
        }
    }

    private static final class Count implements Accumulator {
        private long count;

        @Override
        public void add(JsonNode document) {
            count++;
        }

        @Override
        public JsonNode result() {
            return JsonValues.number(count);
        }
    }

    private static final class Sum implements Accumulator {
        private final Evaluator argument;
        private final boolean average;
        private long count;
        private long exactSum;
        private boolean exact = true;
        private BigDecimal decimalSum = BigDecimal.ZERO;

        Sum(Evaluator argument, boolean average) {
            this.argument = argument;
            this.average = average;
        }

        @Override
        public void add(JsonNode document) {
            JsonNode value = argument.evaluate(document);
            if (value == null || !value.isNumber()) {
                return;
            }
            count++;
            if (exact && (value.isInt() || value.isLong() || value.isShort())) {
                try {
                    exactSum = Math.addExact(exactSum, value.longValue());
                    return;
                } catch (ArithmeticException overflow) {
                    // continue in BigDecimal below
                }
            }
            if (exact) {
                decimalSum = BigDecimal.valueOf(exactSum);
                exact = false;
            }
            decimalSum = decimalSum.add(JsonValues.decimal(value));
        }

        @Override
        public JsonNode result() {
            BigDecimal sum = exact ? BigDecimal.valueOf(exactSum) : decimalSum;
            if (!average) {
                return JsonValues.number(sum);
            }
            if (count == 0) {
                return null;
            }
            return JsonValues.number(sum.doubleValue() / count);
        }
    }

    private static final class Extreme implements Accumulator {
        private final Evaluator argument;
        private final int direction;
        private JsonNode best;

        Extreme(Evaluator argument, int direction) {
            this.argument = argument;
            this.direction = direction;
        }

        @Override
        public void add(JsonNode document) {
            JsonNode value = argument.evaluate(document);
            if (value == null || !(value.isNull() || value.isBoolean() || value.isNumber() || value.isTextual())) {
                return;
            }
            if (best == null || Integer.signum(order(value, best)) == direction) {
                best = value;
            }
        }

        @Override
        public JsonNode result() {
            return best;
        }

        private static int order(JsonNode a, JsonNode b) {
            int rankA = rank(a);
            int rankB = rank(b);
            if (rankA != rankB) {
                return Integer.compare(rankA, rankB);
            }
            int order = JsonValues.compare(a, b);
            return order == JsonValues.INCOMPARABLE ? 0 : order;
        }

        private static int rank(JsonNode value) {
            if (value.isNull()) {
                return 0;
            }
            if (value.isBoolean()) {
                return 1;
            }
            return value.isNumber() ? 2 : 3;
        }
    }
}
