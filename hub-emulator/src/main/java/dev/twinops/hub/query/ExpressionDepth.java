package dev.twinops.hub.query;

import java.util.IdentityHashMap;
import java.util.Map;

import dev.twinops.hub.query.QueryAst.Expr;

/**
 * The parser's bounds on how deep an expression may go, so that neither the recursive-descent parser nor the
 * recursive compiler and evaluators can run out of stack on an event loop: a query of IoT Hub's 8,192 characters
 * could otherwise open 4,000 parentheses or chain 4,000 signs ({@code --------1}). IoT Hub documents no nesting
 * limit; these are the hub's own, far beyond any query a person or a query builder writes, and a query beyond
 * them is a 400 naming the position where it went too deep.
 */
final class ExpressionDepth {
    /**
     * Parentheses, NOT, signs, function calls and arrays inside one another. Each level costs the parser about ten
     * stack frames.
     */
    static final int MAX_NESTING = 100;
    /**
     * Levels of the expression tree, counting each operator of a chain ({@code a OR b OR c} is two levels), which
     * bounds the compiler's and the evaluators' recursion. A WHERE of 300 OR-ed comparisons stays well inside.
     */
    static final int MAX_TREE_DEPTH = 1000;

    private final String text;
    private final Map<Expr, Integer> depths = new IdentityHashMap<>();
    private int nesting;

    ExpressionDepth(String text) {
        this.text = text;
    }

    /** Before the parser recurses into a nested expression opened at {@code offset}. */
    void enter(int offset) {
        if (++nesting > MAX_NESTING) {
            throw QuerySyntaxException.semantic(text, offset, "Expression nested too deeply",
                    "at most " + MAX_NESTING + " levels of parentheses, NOT, signs, function calls and arrays"
                            + " may be nested");
        }
    }

    /** After the nested expression entered last is parsed. */
    void leave() {
        nesting--;
    }

    /**
     * Records a new node one level above its children.
     *
     * @param offset where the node's operator or opening stands, for the error
     */
    <T extends Expr> T node(T expr, int offset, Expr... children) {
        int depth = 0;
        for (Expr child : children) {
            depth = Math.max(depth, depthOf(child));
        }
        return record(expr, offset, depth + 1);
    }

    /** Records a new node one level above the deepest of its children. */
    <T extends Expr> T node(T expr, int offset, Iterable<? extends Expr> children) {
        int depth = 0;
        for (Expr child : children) {
            depth = Math.max(depth, depthOf(child));
        }
        return record(expr, offset, depth + 1);
    }

    private <T extends Expr> T record(T expr, int offset, int depth) {
        if (depth > MAX_TREE_DEPTH) {
            throw QuerySyntaxException.semantic(text, offset, "Expression too deep",
                    "at most " + MAX_TREE_DEPTH + " operators, calls and brackets may build on one another");
        }
        depths.put(expr, depth);
        return expr;
    }

    private int depthOf(Expr expr) {
        // leaves (literals, paths) are not recorded: depth 1
        return depths.getOrDefault(expr, 1);
    }
}
