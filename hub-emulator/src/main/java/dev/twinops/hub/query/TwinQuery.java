package dev.twinops.hub.query;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.twinops.hub.query.QueryAst.Call;
import dev.twinops.hub.query.QueryAst.Expr;
import dev.twinops.hub.query.QueryAst.PropertyPath;
import dev.twinops.hub.query.QueryAst.Query;
import dev.twinops.hub.query.QueryAst.SelectItem;

/**
 * A parsed and compiled IoT Hub query ({@code SELECT ... FROM devices [WHERE ...] [GROUP BY ...]}). Parse once,
 * execute many times; instances are immutable and thread-safe. See docs/query-language.md for the language.
 */
public final class TwinQuery {
    /** IoT Hub's documented maximum length of a query expression. */
    public static final int MAX_QUERY_LENGTH = 8192;

    private final String text;
    private final QuerySource source;
    private final Integer top;
    private final QueryCondition condition;
    private final Evaluator where;
    /** Null for SELECT *. */
    private final List<Column> columns;
    /** Non-null for aggregate queries. */
    private final Aggregation aggregation;

    private record Column(String name, Evaluator value) {
    }

    /** A column of an aggregate row: a GROUP BY value ({@code groupIndex >= 0}) or an aggregate. */
    private record AggregateColumn(String name, int groupIndex, Supplier<Aggregates.Accumulator> accumulator) {
    }

    private record Aggregation(List<Evaluator> groupKeys, List<AggregateColumn> columns) {
    }

    private TwinQuery(String text, Query ast) {
        this.text = text;
        this.source = ast.source();
        this.top = ast.top();
        QueryCompiler compiler = new QueryCompiler(text, source);
        this.where = ast.where() == null ? null : compiler.compile(ast.where());
        this.condition = where == null ? null : new QueryCondition(text.substring(ast.whereStart(), ast.whereEnd()), where);

        boolean hasAggregate = ast.items().stream().anyMatch(item -> isAggregateCall(item.expression()));
        if (source == QuerySource.DEVICES_JOBS && !ast.selectAll()) {
            throw QuerySyntaxException.semantic(text, ast.selectStart(), "Projection on devices.jobs",
                    "IoT Hub supports only SELECT * FROM devices.jobs (no projections, aggregates or GROUP BY)");
        }
        if (source == QuerySource.DEVICES_JOBS && ast.groupByStart() >= 0) {
            throw QuerySyntaxException.semantic(text, ast.groupByStart(), "GROUP BY on devices.jobs",
                    "IoT Hub supports only SELECT * FROM devices.jobs (no projections, aggregates or GROUP BY)");
        }
        if (ast.groupByStart() >= 0 && ast.selectAll()) {
            throw QuerySyntaxException.semantic(text, ast.selectStart(), "SELECT * with GROUP BY",
                    "select the grouped property and an aggregate, e.g. SELECT status, COUNT() AS n FROM devices GROUP BY status");
        }
        if (ast.groupByStart() >= 0 && !hasAggregate) {
            throw QuerySyntaxException.semantic(text, ast.groupByStart(), "GROUP BY without an aggregate",
                    "add an aggregate such as COUNT() to SELECT");
        }
        if (hasAggregate || ast.groupByStart() >= 0) {
            this.columns = null;
            this.aggregation = compileAggregation(ast, compiler);
        } else {
            this.columns = ast.selectAll() ? null : compileProjection(ast, compiler);
            this.aggregation = null;
        }
    }

    /**
     * Parses and compiles a query (at most {@link #MAX_QUERY_LENGTH} characters, as IoT Hub enforces).
     *
     * @throws QuerySyntaxException (400 ArgumentInvalid) naming what is wrong and its position
     */
    public static TwinQuery parse(String text) {
        Objects.requireNonNull(text, "query text");
        if (text.length() > MAX_QUERY_LENGTH) {
            throw QuerySyntaxException.semantic(text, MAX_QUERY_LENGTH, "Query too long",
                    "IoT Hub accepts queries of at most " + MAX_QUERY_LENGTH + " characters and this one has " + text.length());
        }
        return new TwinQuery(text, QueryParser.parseQuery(text));
    }

    /** The collection named in FROM. */
    public QuerySource source() {
        return source;
    }

    /** True for COUNT()/SUM/AVG/MIN/MAX queries (with or without GROUP BY): rows are computed, not twins. */
    public boolean isAggregate() {
        return aggregation != null;
    }

    /** True for {@code SELECT *}: rows are the matching documents themselves. */
    public boolean selectsWholeDocuments() {
        return columns == null && aggregation == null;
    }

    /** The TOP limit, if any. */
    public OptionalInt top() {
        return top == null ? OptionalInt.empty() : OptionalInt.of(top);
    }

    /** The WHERE condition, if any (usable on its own, e.g. to test a single twin). */
    public Optional<QueryCondition> condition() {
        return Optional.ofNullable(condition);
    }

    /** The query as written. */
    public String text() {
        return text;
    }

    /**
     * Runs the query over documents of {@link #source()} (service twin JSON for devices, per-device job rows for
     * devices.jobs). Applies WHERE, GROUP BY and aggregates, the projection and TOP. Rows come in input order
     * (groups in the order their first member appears). For {@code SELECT *} the returned rows are the input
     * documents themselves (not copies).
     */
    public List<JsonNode> execute(Collection<? extends JsonNode> documents) {
        Objects.requireNonNull(documents, "documents");
        return aggregation != null ? executeAggregate(documents) : executeRows(documents);
    }

    /**
     * For paging: the query's result before the projection, which {@link #row} finishes one row at a time. For a row
     * query these are the matching documents themselves (WHERE and TOP applied), for an aggregate its finished rows.
     * A pager that keeps this list and projects only the page it sends answers the first page of a projection over
     * 100,000 twins without building 100,000 rows first, and holds one reference per row between pages.
     * {@code execute(d)} equals {@code executeUnprojected(d)} with {@link #row} applied to each.
     */
    public List<JsonNode> executeUnprojected(Collection<? extends JsonNode> documents) {
        Objects.requireNonNull(documents, "documents");
        return aggregation != null ? executeAggregate(documents) : matching(documents);
    }

    /** One element of {@link #executeUnprojected} as a result row: its projection (itself for SELECT * and aggregates). */
    public JsonNode row(JsonNode unprojected) {
        return aggregation != null || columns == null ? unprojected : project(unprojected);
    }

    private List<JsonNode> executeRows(Collection<? extends JsonNode> documents) {
        List<JsonNode> rows = matching(documents);
        if (columns != null) {
            rows.replaceAll(this::project);
        }
        return rows;
    }

    private List<JsonNode> matching(Collection<? extends JsonNode> documents) {
        int limit = top == null ? Integer.MAX_VALUE : top;
        List<JsonNode> rows = new ArrayList<>();
        if (where == null) {
            for (JsonNode document : documents) {
                if (rows.size() >= limit) {
                    break;
                }
                rows.add(document);
            }
            return rows;
        }
        Batch batch = new Batch();
        Iterator<? extends JsonNode> source = documents.iterator();
        while (rows.size() < limit && source.hasNext()) {
            // no more documents than TOP could still take, so a TOP query checks no more than it did one by one
            batch.fill(source, limit - rows.size());
            where.filter(batch);
            for (int i = 0; i < batch.count; i++) {
                rows.add(batch.documents[i]);
            }
        }
        return rows;
    }

    private ObjectNode project(JsonNode document) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (Column column : columns) {
            JsonNode value = column.value().evaluate(document);
            if (value != null) {
                row.set(column.name(), value);
            }
        }
        return row;
    }

    private List<JsonNode> executeAggregate(Collection<? extends JsonNode> documents) {
        List<Evaluator> keys = aggregation.groupKeys();
        List<AggregateColumn> aggregateColumns = aggregation.columns();
        Map<Object, Group> groups = new LinkedHashMap<>();
        // Without GROUP BY there is always exactly one row, even over no documents (COUNT() = 0).
        Group single = keys.isEmpty() ? new Group(new JsonNode[0], aggregateColumns) : null;
        if (single != null) {
            groups.put(List.of(), single);
        }
        Batch batch = new Batch();
        Iterator<? extends JsonNode> source = documents.iterator();
        while (source.hasNext()) {
            batch.fill(source, Batch.SIZE);
            if (where != null) {
                where.filter(batch);
            }
            for (int d = 0; d < batch.count; d++) {
                addToGroup(batch.documents[d], groups, single, keys, aggregateColumns);
            }
        }
        int limit = top == null ? Integer.MAX_VALUE : top;
        List<JsonNode> rows = new ArrayList<>(Math.min(groups.size(), limit));
        for (Group group : groups.values()) {
            if (rows.size() >= limit) {
                break;
            }
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < aggregateColumns.size(); i++) {
                AggregateColumn column = aggregateColumns.get(i);
                JsonNode value = column.groupIndex() >= 0 ? group.keyValues[column.groupIndex()] : group.accumulators[i].result();
                if (value != null) {
                    row.set(column.name(), value);
                }
            }
            rows.add(row);
        }
        return rows;
    }

    /** Adds one matching document to its group's accumulators (making the group when it is the first). */
    private static void addToGroup(JsonNode document, Map<Object, Group> groups, Group single, List<Evaluator> keys,
            List<AggregateColumn> aggregateColumns) {
        Group group;
        if (single != null) {
            group = single;
        } else if (keys.size() == 1) {
            // The common case allocates only when a new group appears.
            JsonNode value = keys.get(0).evaluate(document);
            Object key = JsonValues.groupKey(value);
            group = groups.get(key);
            if (group == null) {
                group = new Group(new JsonNode[] {value}, aggregateColumns);
                groups.put(key, group);
            }
        } else {
            JsonNode[] values = new JsonNode[keys.size()];
            List<Object> parts = new ArrayList<>(values.length);
            for (int i = 0; i < values.length; i++) {
                values[i] = keys.get(i).evaluate(document);
                parts.add(JsonValues.groupKey(values[i]));
            }
            group = groups.computeIfAbsent(parts, k -> new Group(values, aggregateColumns));
        }
        for (Aggregates.Accumulator accumulator : group.accumulators) {
            if (accumulator != null) {
                accumulator.add(document);
            }
        }
    }

    private static final class Group {
        final JsonNode[] keyValues;
        final Aggregates.Accumulator[] accumulators;

        Group(JsonNode[] keyValues, List<AggregateColumn> columns) {
            this.keyValues = keyValues;
            this.accumulators = new Aggregates.Accumulator[columns.size()];
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).accumulator() != null) {
                    accumulators[i] = columns.get(i).accumulator().get();
                }
            }
        }
    }

    // ---- compilation ---------------------------------------------------------------------------------------------

    private List<Column> compileProjection(Query ast, QueryCompiler compiler) {
        OutputNames names = new OutputNames(text);
        List<Column> compiled = new ArrayList<>();
        for (SelectItem item : ast.items()) {
            String name = names.claim(item, defaultName(item, compiler));
            compiled.add(new Column(name, compiler.compile(item.expression())));
        }
        return List.copyOf(compiled);
    }

    private Aggregation compileAggregation(Query ast, QueryCompiler compiler) {
        List<Evaluator> groupKeys = new ArrayList<>();
        Map<String, Integer> groupIndexByPath = new HashMap<>();
        for (PropertyPath path : ast.groupBy()) {
            QueryCompiler.ResolvedPath resolved = compiler.resolve(path);
            groupIndexByPath.putIfAbsent(resolved.key(), groupKeys.size());
            groupKeys.add(compiler.compilePath(resolved));
        }
        OutputNames names = new OutputNames(text);
        List<AggregateColumn> columns = new ArrayList<>();
        for (SelectItem item : ast.items()) {
            Expr expression = item.expression();
            if (isAggregateCall(expression)) {
                Call call = (Call) expression;
                String aggregate = call.name().toUpperCase(Locale.ROOT);
                int expected = QueryFunctions.AGGREGATES.get(aggregate);
                if (call.arguments().size() != expected) {
                    throw QuerySyntaxException.semantic(text, call.start(), "Wrong number of arguments for " + aggregate,
                            expected == 0 ? "write " + aggregate + "() with no arguments"
                                    : "it takes 1 argument, e.g. " + aggregate + "(properties.reported.temperature)");
                }
                Evaluator argument = expected == 0 ? null : compiler.compile(call.arguments().get(0));
                columns.add(new AggregateColumn(names.claim(item, null), -1, Aggregates.of(aggregate, argument)));
                continue;
            }
            Integer groupIndex = expression instanceof PropertyPath path
                    ? groupIndexByPath.get(compiler.resolve(path).key()) : null;
            if (groupIndex == null) {
                String why = ast.groupBy().isEmpty()
                        ? "with an aggregate and no GROUP BY, every SELECT item must be an aggregate"
                        : "a SELECT item next to an aggregate must be one of the GROUP BY properties";
                throw QuerySyntaxException.semantic(text, item.start(), "'" + text.substring(item.start(),
                        endOfItem(item)).trim() + "' is neither aggregated nor grouped", why);
            }
            columns.add(new AggregateColumn(names.claim(item, defaultName(item, compiler)), groupIndex, null));
        }
        return new Aggregation(List.copyOf(groupKeys), List.copyOf(columns));
    }

    private int endOfItem(SelectItem item) {
        if (item.expression() instanceof PropertyPath path) {
            return path.start() + path.text().length();
        }
        return Math.min(text.length(), item.start() + 1);
    }

    private static String defaultName(SelectItem item, QueryCompiler compiler) {
        if (item.expression() instanceof PropertyPath path) {
            return compiler.resolve(path).outputName();
        }
        return null;
    }

    private static boolean isAggregateCall(Expr expression) {
        return expression instanceof Call call && QueryFunctions.isAggregate(call.name());
    }

    /** Output property names: the alias, else the path's last name, else $1, $2 ...; duplicates are refused. */
    private static final class OutputNames {
        private final String text;
        private final Set<String> used = new HashSet<>();
        private int unnamed;

        OutputNames(String text) {
            this.text = text;
        }

        String claim(SelectItem item, String defaultName) {
            String name = item.alias() != null ? item.alias() : defaultName;
            if (name == null) {
                name = "$" + (++unnamed);
            }
            if (!used.add(name)) {
                throw QuerySyntaxException.semantic(text, item.start(), "Duplicate output name '" + name + "'",
                        "give one of the selected values another name with AS");
            }
            return name;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
