package dev.twinops.hub.query;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.twinops.hub.query.QueryAst.BinaryOperator;
import dev.twinops.hub.state.MemberLookup;

/** The evaluator objects a query compiles to. */
final class Evaluators {
    private Evaluators() {
    }

    /** The document itself (e.g. {@code devices.jobs} alone in a jobs query). */
    static final Evaluator DOCUMENT = document -> document;

    /**
     * A property path with its steps split once at compile time; a missing step yields undefined. A name step is a
     * {@link MemberLookup}, which finds the member in a stored twin's object through the object's shape.
     */
    static final class PropertyPath implements Evaluator {
        /** Null at index steps. */
        private final MemberLookup[] members;
        private final int[] indexes;

        PropertyPath(String[] names, int[] indexes) {
            this.members = new MemberLookup[names.length];
            for (int i = 0; i < names.length; i++) {
                members[i] = names[i] == null ? null : new MemberLookup(names[i]);
            }
            this.indexes = indexes;
        }

        @Override
        public JsonNode evaluate(JsonNode document) {
            JsonNode node = document;
            for (int i = 0; i < members.length && node != null; i++) {
                MemberLookup member = members[i];
                if (member != null) {
                    node = member.in(node);
                } else {
                    // a class check rather than isArray(), a virtual call; this runs per twin per step
                    node = node instanceof ArrayNode array ? array.get(indexes[i]) : null;
                }
            }
            return node;
        }

        /** {@link #evaluate} of each of {@code documents[0..count)} into {@code values}, one step at a time. */
        void evaluateEach(JsonNode[] documents, JsonNode[] values, int count) {
            System.arraycopy(documents, 0, values, 0, count);
            for (int i = 0; i < members.length; i++) {
                MemberLookup member = members[i];
                if (member != null) {
                    member.inEach(values, count);
                } else {
                    int index = indexes[i];
                    for (int j = 0; j < count; j++) {
                        values[j] = values[j] instanceof ArrayNode array ? array.get(index) : null;
                    }
                }
            }
        }
    }

    /**
     * {@code path = 'text'} / {@code path != 'text'}: true or false for a string, undefined for anything else
     * (comparisons across types are undefined), as {@link Comparison} gives.
     */
    static final class PathTextEquality implements Evaluator {
        private final PropertyPath path;
        private final String text;
        private final boolean equal;

        PathTextEquality(PropertyPath path, String text, boolean equal) {
            this.path = path;
            this.text = text;
            this.equal = equal;
        }

        @Override
        public JsonNode evaluate(JsonNode document) {
            JsonNode value = path.evaluate(document);
            if (value == null || !value.isTextual()) {
                return null;
            }
            return JsonValues.bool(text.equals(value.textValue()) == equal);
        }

        @Override
        public boolean isTrue(JsonNode document) {
            JsonNode value = path.evaluate(document);
            return value instanceof TextNode string && text.equals(string.textValue()) == equal;
        }

        @Override
        public void filter(Batch batch) {
            JsonNode[] documents = batch.documents;
            JsonNode[] values = batch.values;
            int count = batch.count;
            path.evaluateEach(documents, values, count);
            int kept = 0;
            for (int i = 0; i < count; i++) {
                if (values[i] instanceof TextNode string && text.equals(string.textValue()) == equal) {
                    documents[kept++] = documents[i];
                }
            }
            batch.count = kept;
        }
    }

    /** NOT of a Boolean; undefined for anything else. */
    record Not(Evaluator operand) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            JsonNode value = operand.evaluate(document);
            return value != null && value.isBoolean() ? JsonValues.bool(!value.booleanValue()) : null;
        }
    }

    /** {@code = != < <= > >=} between two values of the same primitive type; undefined otherwise. */
    record Comparison(BinaryOperator operator, Evaluator left, Evaluator right) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            JsonNode l = left.evaluate(document);
            if (l == null) {
                return null;
            }
            JsonNode r = right.evaluate(document);
            if (r == null) {
                return null;
            }
            if (l.isTextual() && r.isTextual() && (operator == BinaryOperator.EQUAL || operator == BinaryOperator.NOT_EQUAL)) {
                return JsonValues.bool(l.textValue().equals(r.textValue()) == (operator == BinaryOperator.EQUAL));
            }
            int order = JsonValues.compare(l, r);
            if (order == JsonValues.INCOMPARABLE) {
                return null;
            }
            switch (operator) {
                case EQUAL: return JsonValues.bool(order == 0);
                case NOT_EQUAL: return JsonValues.bool(order != 0);
                case LESS: return JsonValues.bool(order < 0);
                case LESS_OR_EQUAL: return JsonValues.bool(order <= 0);
                case GREATER: return JsonValues.bool(order > 0);
                case GREATER_OR_EQUAL: return JsonValues.bool(order >= 0);
                default: throw new IllegalStateException("not a comparison: " + operator);
            }
        }
    }

    /** {@code + - * / %} on two numbers; undefined for anything else and for division by zero. */
    record Arithmetic(BinaryOperator operator, Evaluator left, Evaluator right) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            JsonNode l = left.evaluate(document);
            if (l == null || !l.isNumber()) {
                return null;
            }
            JsonNode r = right.evaluate(document);
            if (r == null || !r.isNumber()) {
                return null;
            }
            if (isExactInteger(l) && isExactInteger(r)) {
                return exact(l.longValue(), r.longValue());
            }
            if (l.isBigInteger() || l.isBigDecimal() || r.isBigInteger() || r.isBigDecimal()) {
                return decimal(JsonValues.decimal(l), JsonValues.decimal(r));
            }
            double x = l.doubleValue();
            double y = r.doubleValue();
            switch (operator) {
                case ADD: return JsonValues.number(x + y);
                case SUBTRACT: return JsonValues.number(x - y);
                case MULTIPLY: return JsonValues.number(x * y);
                case DIVIDE: return y == 0 ? null : JsonValues.number(x / y);
                case MODULO: return y == 0 ? null : JsonValues.number(x % y);
                default: throw new IllegalStateException("not arithmetic: " + operator);
            }
        }

        private static boolean isExactInteger(JsonNode n) {
            return n.isInt() || n.isLong() || n.isShort();
        }

        private JsonNode exact(long x, long y) {
            try {
                switch (operator) {
                    case ADD: return JsonValues.number(Math.addExact(x, y));
                    case SUBTRACT: return JsonValues.number(Math.subtractExact(x, y));
                    case MULTIPLY: return JsonValues.number(Math.multiplyExact(x, y));
                    case DIVIDE:
                        if (y == 0) {
                            return null;
                        }
                        return x % y == 0 ? JsonValues.number(x / y) : JsonValues.number((double) x / y);
                    case MODULO: return y == 0 ? null : JsonValues.number(x % y);
                    default: throw new IllegalStateException("not arithmetic: " + operator);
                }
            } catch (ArithmeticException overflow) {
                return decimal(BigDecimal.valueOf(x), BigDecimal.valueOf(y));
            }
        }

        private JsonNode decimal(BigDecimal x, BigDecimal y) {
            switch (operator) {
                case ADD: return JsonValues.number(x.add(y));
                case SUBTRACT: return JsonValues.number(x.subtract(y));
                case MULTIPLY: return JsonValues.number(x.multiply(y));
                case DIVIDE: return y.signum() == 0 ? null : JsonValues.number(x.divide(y, MathContext.DECIMAL64));
                case MODULO: return y.signum() == 0 ? null : JsonValues.number(x.remainder(y));
                default: throw new IllegalStateException("not arithmetic: " + operator);
            }
        }
    }

    /** Unary minus, or unary plus when {@code negate} is false; undefined for non-numbers. */
    record Sign(boolean negate, Evaluator operand) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            JsonNode value = operand.evaluate(document);
            if (value == null || !value.isNumber()) {
                return null;
            }
            if (!negate) {
                return value;
            }
            if (value.isInt() || value.isLong() || value.isShort()) {
                long v = value.longValue();
                return v == Long.MIN_VALUE ? JsonValues.number(JsonValues.decimal(value).negate()) : JsonValues.number(-v);
            }
            if (value.isBigInteger() || value.isBigDecimal()) {
                return JsonValues.number(value.decimalValue().negate());
            }
            return JsonValues.number(-value.doubleValue());
        }
    }

    /** An array built from non-constant elements; undefined elements are left out. */
    record ArrayBuilder(List<Evaluator> elements) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            ArrayNode array = JsonNodeFactory.instance.arrayNode(elements.size());
            for (Evaluator element : elements) {
                JsonNode value = element.evaluate(document);
                if (value != null) {
                    array.add(value);
                }
            }
            return array;
        }
    }

    /**
     * {@code x IN [...]} / {@code x NIN [...]}: undefined when x is undefined, otherwise whether x equals an
     * element (same type and value). Constant string lists are hashed, so a job's
     * {@code deviceId IN [...1,000 ids...]} stays fast.
     */
    static final class Membership implements Evaluator {
        private final Evaluator value;
        private final boolean negated;
        private final Set<String> strings;
        private final List<JsonNode> others;
        private final Evaluator dynamicList;

        Membership(Evaluator value, Evaluator list, boolean negated) {
            this.value = value;
            this.negated = negated;
            Evaluator.Constant constant = list.asConstant();
            if (constant != null && constant.value() != null && constant.value().isArray()) {
                Set<String> stringSet = new HashSet<>();
                List<JsonNode> otherList = new ArrayList<>();
                for (JsonNode element : constant.value()) {
                    if (element.isTextual()) {
                        stringSet.add(element.textValue());
                    } else {
                        otherList.add(element);
                    }
                }
                this.strings = stringSet;
                this.others = List.copyOf(otherList);
                this.dynamicList = null;
            } else {
                this.strings = null;
                this.others = null;
                this.dynamicList = list;
            }
        }

        @Override
        public JsonNode evaluate(JsonNode document) {
            JsonNode candidate = value.evaluate(document);
            if (candidate == null) {
                return null;
            }
            return JsonValues.bool(contains(candidate, document) != negated);
        }

        private boolean contains(JsonNode candidate, JsonNode document) {
            if (dynamicList == null) {
                if (candidate.isTextual()) {
                    return strings.contains(candidate.textValue());
                }
                for (JsonNode element : others) {
                    if (JsonValues.sameValue(candidate, element)) {
                        return true;
                    }
                }
                return false;
            }
            JsonNode list = dynamicList.evaluate(document);
            if (list == null || !list.isArray()) {
                return false;
            }
            for (JsonNode element : list) {
                if (JsonValues.sameValue(candidate, element)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A one-argument function call. */
    record Call1(QueryFunctions.Fn1 function, Evaluator argument) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            return function.apply(argument.evaluate(document));
        }
    }

    /** A two-argument function call. */
    record Call2(QueryFunctions.Fn2 function, Evaluator first, Evaluator second) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            return function.apply(first.evaluate(document), second.evaluate(document));
        }
    }

    /** A call with a variable number of arguments (CONCAT, SUBSTRING). */
    record CallN(QueryFunctions.FnN function, Evaluator[] arguments) implements Evaluator {
        @Override
        public JsonNode evaluate(JsonNode document) {
            JsonNode[] values = new JsonNode[arguments.length];
            for (int i = 0; i < arguments.length; i++) {
                values[i] = arguments[i].evaluate(document);
            }
            return function.apply(values);
        }
    }
}
