package dev.twinops.hub.query;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compiled WHERE condition over device twins, e.g. a job's {@code queryCondition}
 * ({@code "tags.site = 'plant-7' AND properties.reported.firmwareVersion != '2.0.0'"}). Thread-safe and
 * reusable; a document matches only when the condition is exactly {@code true} (undefined does not match).
 */
public final class QueryCondition {
    private final String text;
    private final Evaluator evaluator;

    QueryCondition(String text, Evaluator evaluator) {
        this.text = text;
        this.evaluator = evaluator;
    }

    /**
     * Parses the condition alone (what follows WHERE), evaluated against {@code FROM devices} twins.
     *
     * @throws QuerySyntaxException naming what is wrong and the position within {@code condition}
     */
    public static QueryCondition parse(String condition) {
        Objects.requireNonNull(condition, "condition");
        QueryAst.Expr expr = QueryParser.parseCondition(condition);
        return new QueryCondition(condition, new QueryCompiler(condition, QuerySource.DEVICES).compile(expr));
    }

    /** True when the document satisfies the condition. */
    public boolean test(JsonNode document) {
        return evaluator.isTrue(document);
    }

    /** The condition as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
