package dev.twinops.hub.query;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** The parsed form of a query, before compilation. Every node keeps its 0-based start offset for errors. */
final class QueryAst {
    private QueryAst() {
    }

    sealed interface Expr permits Literal, ArrayLiteral, PropertyPath, Unary, Binary, Membership, Call {
        int start();
    }

    /** A constant; {@code value == null} is the {@code undefined} constant. */
    record Literal(JsonNode value, int start) implements Expr {
    }

    record ArrayLiteral(List<Expr> elements, int start) implements Expr {
    }

    /** One step of a path: a property name, or an array index when {@code name == null}. */
    record Segment(String name, int index, int start) {
        boolean isIndex() {
            return name == null;
        }
    }

    /** {@code tags.location.region}, {@code tags['my key']}, {@code devices.jobs.status}; {@code text} as written. */
    record PropertyPath(List<Segment> segments, String text, int start) implements Expr {
    }

    enum UnaryOperator { NOT, NEGATE, PLUS }

    record Unary(UnaryOperator operator, Expr operand, int start) implements Expr {
    }

    enum BinaryOperator {
        AND("AND"), OR("OR"),
        EQUAL("="), NOT_EQUAL("!="), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">="),
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

        final String symbol;

        BinaryOperator(String symbol) {
            this.symbol = symbol;
        }
    }

    /** {@code left op right}; {@code start} is the operator's offset. */
    record Binary(BinaryOperator operator, Expr left, Expr right, int start) implements Expr {
    }

    /** {@code value IN [...]} or, negated, {@code value NIN [...]} / {@code value NOT IN [...]}. */
    record Membership(Expr value, ArrayLiteral candidates, boolean negated, int start) implements Expr {
    }

    /** A function or aggregate call, name as written; resolved (case-insensitively) by the compiler. */
    record Call(String name, List<Expr> arguments, int start) implements Expr {
    }

    /** One SELECT item; {@code alias} is null when no AS was given. */
    record SelectItem(Expr expression, String alias, int start) {
    }

    /**
     * A whole query. {@code top} is null without TOP; {@code items} is empty for SELECT *;
     * {@code where} is null without WHERE, else its text is {@code [whereStart, whereEnd)};
     * {@code groupByStart} is -1 without GROUP BY.
     */
    record Query(Integer top, List<SelectItem> items, int selectStart, QuerySource source, int sourceStart,
                 Expr where, int whereStart, int whereEnd, List<PropertyPath> groupBy, int groupByStart) {
        boolean selectAll() {
            return items.isEmpty();
        }
    }
}
