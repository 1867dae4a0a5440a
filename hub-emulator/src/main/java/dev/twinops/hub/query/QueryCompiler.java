package dev.twinops.hub.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import dev.twinops.hub.query.QueryAst.ArrayLiteral;
import dev.twinops.hub.query.QueryAst.Binary;
import dev.twinops.hub.query.QueryAst.Call;
import dev.twinops.hub.query.QueryAst.Expr;
import dev.twinops.hub.query.QueryAst.Literal;
import dev.twinops.hub.query.QueryAst.Membership;
import dev.twinops.hub.query.QueryAst.PropertyPath;
import dev.twinops.hub.query.QueryAst.Segment;
import dev.twinops.hub.query.QueryAst.Unary;

/**
 * Turns expressions into {@link Evaluator}s for one FROM collection: resolves paths (the {@code devices.jobs.}
 * prefix, IoT Hub's case-insensitive system property names), functions and their argument counts.
 */
final class QueryCompiler {
    /** Top-level twin fields, matched case-insensitively as IoT Hub does (SELECT DeviceId gives "deviceId"). */
    private static final Map<String, String> TWIN_FIELDS = caseInsensitive("deviceId", "moduleId", "etag", "deviceEtag",
            "version", "status", "statusReason", "statusUpdateTime", "connectionState", "lastActivityTime",
            "cloudToDeviceMessageCount", "authenticationType", "x509Thumbprint", "modelId", "capabilities",
            "deviceScope", "parentScopes", "tags", "properties");
    private static final Map<String, String> TWIN_PROPERTY_SECTIONS = caseInsensitive("desired", "reported");
    private static final Map<String, String> JOB_FIELDS = caseInsensitive("deviceId", "jobId", "jobType", "status",
            "startTimeUtc", "endTimeUtc", "createdDateTimeUtc", "lastUpdatedDateTimeUtc", "outcome", "error");

    private final String text;
    private final QuerySource source;

    QueryCompiler(String text, QuerySource source) {
        this.text = text;
        this.source = source;
    }

    /** A path after the collection prefix is removed and system names are normalised. */
    record ResolvedPath(List<Segment> segments) {
        /** The output name of an un-aliased projection: the last property name, or null for an index/the row. */
        String outputName() {
            if (segments.isEmpty() || segments.get(segments.size() - 1).isIndex()) {
                return null;
            }
            return segments.get(segments.size() - 1).name();
        }

        String key() {
            StringBuilder key = new StringBuilder();
            for (Segment segment : segments) {
                key.append(segment.isIndex() ? "[" + segment.index() + "]" : segment.name()).append('\u0000');
            }
            return key.toString();
        }
    }

    Evaluator compile(Expr expr) {
        if (expr instanceof Literal literal) {
            return new Evaluator.Constant(literal.value());
        }
        if (expr instanceof PropertyPath path) {
            return compilePath(resolve(path));
        }
        if (expr instanceof ArrayLiteral array) {
            return compileArray(array);
        }
        if (expr instanceof Unary unary) {
            Evaluator operand = compile(unary.operand());
            switch (unary.operator()) {
                case NOT:
                    return new Evaluators.Not(operand);
                case NEGATE:
                    return new Evaluators.Sign(true, operand);
                default:
                    return new Evaluators.Sign(false, operand);
            }
        }
        if (expr instanceof Binary binary) {
            Evaluator left = compile(binary.left());
            Evaluator right = compile(binary.right());
            switch (binary.operator()) {
                case AND:
                    return new LogicChains.AllOf(chain(left, right, LogicChains.AllOf.class));
                case OR:
                    return new LogicChains.AnyOf(chain(left, right, LogicChains.AnyOf.class));
                case EQUAL: case NOT_EQUAL: case LESS: case LESS_OR_EQUAL: case GREATER: case GREATER_OR_EQUAL:
                    return comparison(binary.operator(), left, right);
                default:
                    return new Evaluators.Arithmetic(binary.operator(), left, right);
            }
        }
        if (expr instanceof Membership membership) {
            return new Evaluators.Membership(compile(membership.value()), compileArray(membership.candidates()),
                    membership.negated());
        }
        if (expr instanceof Call call) {
            return compileCall(call);
        }
        throw new IllegalStateException("unknown expression " + expr);
    }

    /** The operands of {@code left op right}, a nested chain of the same operator taken apart. */
    private static Evaluator[] chain(Evaluator left, Evaluator right, Class<? extends Evaluator> operator) {
        List<Evaluator> operands = new ArrayList<>();
        for (Evaluator side : new Evaluator[] {left, right}) {
            if (side instanceof LogicChains.AllOf all && operator == LogicChains.AllOf.class) {
                operands.addAll(List.of(all.operands()));
            } else if (side instanceof LogicChains.AnyOf any && operator == LogicChains.AnyOf.class) {
                operands.addAll(List.of(any.operands()));
            } else {
                operands.add(side);
            }
        }
        return operands.toArray(Evaluator[]::new);
    }

    /**
     * {@code path = 'text'} and {@code path != 'text'} (either way round), the commonest filters, compile to one
     * evaluator that walks the path and compares strings directly; same result as {@link Evaluators.Comparison}.
     */
    private static Evaluator comparison(QueryAst.BinaryOperator operator, Evaluator left, Evaluator right) {
        if (operator == QueryAst.BinaryOperator.EQUAL || operator == QueryAst.BinaryOperator.NOT_EQUAL) {
            boolean equal = operator == QueryAst.BinaryOperator.EQUAL;
            if (left instanceof Evaluators.PropertyPath path && isText(right)) {
                return new Evaluators.PathTextEquality(path, right.asConstant().value().textValue(), equal);
            }
            if (right instanceof Evaluators.PropertyPath path && isText(left)) {
                return new Evaluators.PathTextEquality(path, left.asConstant().value().textValue(), equal);
            }
        }
        return new Evaluators.Comparison(operator, left, right);
    }

    private static boolean isText(Evaluator evaluator) {
        Evaluator.Constant constant = evaluator.asConstant();
        return constant != null && constant.value() != null && constant.value().isTextual();
    }

    private Evaluator compileArray(ArrayLiteral array) {
        List<Evaluator> elements = new ArrayList<>();
        boolean constant = true;
        for (Expr element : array.elements()) {
            Evaluator compiled = compile(element);
            constant &= compiled.asConstant() != null;
            elements.add(compiled);
        }
        if (!constant) {
            return new Evaluators.ArrayBuilder(List.copyOf(elements));
        }
        ArrayNode values = JsonNodeFactory.instance.arrayNode(elements.size());
        for (Evaluator element : elements) {
            JsonNode value = element.asConstant().value();
            if (value != null) {
                values.add(value);
            }
        }
        return new Evaluator.Constant(values);
    }

    private Evaluator compileCall(Call call) {
        String upper = call.name().toUpperCase(Locale.ROOT);
        if (QueryFunctions.isAggregate(upper)) {
            throw QuerySyntaxException.semantic(text, call.start(), "Aggregate " + upper + "() in the wrong place",
                    "aggregates can only be whole SELECT items, e.g. SELECT COUNT() AS n FROM devices");
        }
        QueryFunctions.Function function = QueryFunctions.lookup(upper);
        if (function == null) {
            String closest = QueryFunctions.closestName(upper);
            throw QuerySyntaxException.semantic(text, call.start(), "Unknown function '" + call.name() + "'",
                    closest != null ? "did you mean " + closest + "?" : "see docs/query-language.md for the supported functions");
        }
        int count = call.arguments().size();
        if (count < function.minArguments() || count > function.maxArguments()) {
            throw QuerySyntaxException.semantic(text, call.start(), "Wrong number of arguments for " + function.name(),
                    "it takes " + function.arityDescription() + ", " + function.usage() + ", but was given " + count);
        }
        Evaluator[] arguments = new Evaluator[count];
        for (int i = 0; i < count; i++) {
            arguments[i] = compile(call.arguments().get(i));
        }
        if (function.fn1() != null) {
            return new Evaluators.Call1(function.fn1(), arguments[0]);
        }
        if (function.fn2() != null) {
            return new Evaluators.Call2(function.fn2(), arguments[0], arguments[1]);
        }
        return new Evaluators.CallN(function.fnN(), arguments);
    }

    Evaluator compilePath(ResolvedPath path) {
        List<Segment> segments = path.segments();
        if (segments.isEmpty()) {
            return Evaluators.DOCUMENT;
        }
        String[] names = new String[segments.size()];
        int[] indexes = new int[segments.size()];
        for (int i = 0; i < segments.size(); i++) {
            String name = segments.get(i).name();
            names[i] = name;
            indexes[i] = segments.get(i).index();
        }
        return new Evaluators.PropertyPath(names, indexes);
    }

    ResolvedPath resolve(PropertyPath path) {
        List<Segment> segments = new ArrayList<>(path.segments());
        boolean prefixed = segments.size() >= 2 && !segments.get(0).isIndex() && !segments.get(1).isIndex()
                && segments.get(0).name().equalsIgnoreCase("devices");
        switch (source) {
            case DEVICES_JOBS:
                if (!prefixed || !segments.get(1).name().equalsIgnoreCase("jobs")) {
                    throw QuerySyntaxException.semantic(text, path.start(), "'" + path.text() + "' is not a job field",
                            "in FROM devices.jobs write job fields as devices.jobs.<field>, e.g. devices.jobs.status;"
                                    + " IoT Hub does not filter job rows on device twin properties");
                }
                segments = segments.subList(2, segments.size());
                normalise(segments, 0, JOB_FIELDS);
                break;
            case DEVICES_MODULES:
                if (prefixed && segments.get(1).name().equalsIgnoreCase("modules")) {
                    segments = segments.subList(2, segments.size());
                }
                normaliseTwin(segments);
                break;
            default:
                normaliseTwin(segments);
                break;
        }
        return new ResolvedPath(List.copyOf(segments));
    }

    private static void normaliseTwin(List<Segment> segments) {
        normalise(segments, 0, TWIN_FIELDS);
        if (segments.size() > 1 && "properties".equals(segments.get(0).name())) {
            normalise(segments, 1, TWIN_PROPERTY_SECTIONS);
        }
    }

    private static void normalise(List<Segment> segments, int position, Map<String, String> canonical) {
        if (segments.size() <= position || segments.get(position).isIndex()) {
            return;
        }
        Segment segment = segments.get(position);
        String name = canonical.get(segment.name().toLowerCase(Locale.ROOT));
        if (name != null && !name.equals(segment.name())) {
            segments.set(position, new Segment(name, -1, segment.start()));
        }
    }

    private static Map<String, String> caseInsensitive(String... names) {
        Map<String, String> map = new HashMap<>();
        for (String name : names) {
            map.put(name.toLowerCase(Locale.ROOT), name);
        }
        return Map.copyOf(map);
    }
}
