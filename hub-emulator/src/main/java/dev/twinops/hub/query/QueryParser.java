package dev.twinops.hub.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.twinops.hub.query.QueryAst.ArrayLiteral;
import dev.twinops.hub.query.QueryAst.Binary;
import dev.twinops.hub.query.QueryAst.BinaryOperator;
import dev.twinops.hub.query.QueryAst.Call;
import dev.twinops.hub.query.QueryAst.Expr;
import dev.twinops.hub.query.QueryAst.Literal;
import dev.twinops.hub.query.QueryAst.Membership;
import dev.twinops.hub.query.QueryAst.PropertyPath;
import dev.twinops.hub.query.QueryAst.Query;
import dev.twinops.hub.query.QueryAst.Segment;
import dev.twinops.hub.query.QueryAst.SelectItem;
import dev.twinops.hub.query.QueryAst.Unary;
import dev.twinops.hub.query.QueryAst.UnaryOperator;

/**
 * Recursive-descent parser for IoT Hub's query language. Grammar (keywords case-insensitive):
 * <pre>
 * query      := SELECT [TOP number] ('*' | item (',' item)*) FROM source [WHERE or] [GROUP BY path (',' path)*]
 * item       := or [AS identifier]
 * source     := devices | devices.jobs | devices.modules
 * or         := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | comparison
 * comparison := additive [('=' | '!=' | '&lt;&gt;' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=') additive
 *                         | (IN | NIN | NOT IN) array]
 * additive   := multiply (('+' | '-') multiply)*
 * multiply   := unary (('*' | '/' | '%') unary)*
 * unary      := ('-' | '+') unary | primary
 * primary    := string | number | true | false | null | undefined | array | '(' or ')'
 *             | identifier '(' [or (',' or)*] ')' | path
 * path       := identifier ('.' identifier | '[' (string | integer) ']')*
 * array      := '[' [or (',' or)*] ']'
 * </pre>
 *
 * <p>The parser stays one class on purpose, though longer than the project's usual classes: each method is one
 * rule of the grammar above, the rules call one another recursively (a parenthesised value, an array element and a
 * function argument lead back to {@code or}), and all of them move one token cursor and phrase errors from the same
 * context ("expected ... after ..."). Split across classes, the grammar would no longer read top to bottom in one
 * place and the cursor would have to be passed around. What is not the grammar lives elsewhere: tokens in
 * {@link QueryLexer}, the bounds on nesting in {@link ExpressionDepth}, meaning in {@link QueryCompiler}.
 */
final class QueryParser {
    private static final Set<String> RESERVED = Set.of("SELECT", "FROM", "WHERE", "GROUP", "BY", "ORDER", "AND", "OR",
            "NOT", "IN", "NIN", "AS", "TOP", "TRUE", "FALSE", "NULL", "UNDEFINED");

    private final String text;
    private final List<Token> tokens;
    private final ExpressionDepth depth;
    private int index;

    private QueryParser(String text) {
        this.text = text;
        this.tokens = QueryLexer.tokenize(text);
        this.depth = new ExpressionDepth(text);
    }

    static boolean isReserved(String word) {
        return RESERVED.contains(word.toUpperCase(Locale.ROOT));
    }

    static Query parseQuery(String text) {
        return new QueryParser(text).query();
    }

    /** Parses a condition alone (a job's queryCondition): the text after WHERE. */
    static Expr parseCondition(String text) {
        QueryParser parser = new QueryParser(text);
        if (parser.peek().isKeyword("WHERE")) {
            throw QuerySyntaxException.syntax(text, parser.peek().start(),
                    "expected a condition but found keyword WHERE (a condition is written without WHERE)");
        }
        if (parser.peek().type() == Token.Type.END) {
            throw QuerySyntaxException.syntax(text, parser.peek().start(), "expected a condition but found end of query");
        }
        Expr condition = parser.or();
        Token next = parser.peek();
        if (next.type() != Token.Type.END) {
            throw parser.error(next, "expected AND, OR or end of condition but found " + next.describe());
        }
        return condition;
    }

    // ---- clauses -------------------------------------------------------------------------------------------------

    private Query query() {
        Token select = peek();
        if (!select.isKeyword("SELECT")) {
            throw error(select, "expected SELECT at the start of the query but found " + select.describe());
        }
        advance();
        Integer top = null;
        if (peek().isKeyword("TOP")) {
            advance();
            top = topCount();
        }
        if ((peek().isKeyword("DISTINCT") || peek().isKeyword("VALUE"))
                && (peek(1).type() == Token.Type.IDENTIFIER || peek(1).type() == Token.Type.STAR)) {
            throw QuerySyntaxException.semantic(text, peek().start(),
                    "SELECT " + peek().text().toUpperCase(Locale.ROOT) + " is not supported",
                    "IoT Hub queries select *, property paths or aggregates");
        }
        List<SelectItem> items = new ArrayList<>();
        int selectStart = peek().start();
        if (peek().type() == Token.Type.STAR) {
            advance();
        } else {
            if (startsClause(peek()) || peek().type() == Token.Type.END) {
                throw error(peek(), "expected '*' or the values to select after " + previousDescription()
                        + " but found " + peek().describe());
            }
            items.add(selectItem());
            while (peek().type() == Token.Type.COMMA) {
                advance();
                items.add(selectItem());
            }
        }
        Token from = peek();
        if (!from.isKeyword("FROM")) {
            if (from.type() == Token.Type.STAR || !items.isEmpty()) {
                throw error(from, "expected ',' or FROM after the selected values but found " + from.describe());
            }
            throw error(from, "expected FROM after SELECT * but found " + from.describe());
        }
        advance();
        int sourceStart = peek().start();
        QuerySource source = source();

        Expr where = null;
        int whereStart = -1;
        int whereEnd = -1;
        if (peek().isKeyword("WHERE")) {
            advance();
            if (peek().type() == Token.Type.END || startsClause(peek())) {
                throw error(peek(), "expected a condition after WHERE but found " + peek().describe());
            }
            whereStart = peek().start();
            where = or();
            whereEnd = tokens.get(index - 1).end();
        }
        List<PropertyPath> groupBy = new ArrayList<>();
        int groupByStart = -1;
        if (peek().isKeyword("GROUP")) {
            groupByStart = peek().start();
            advance();
            if (!peek().isKeyword("BY")) {
                throw error(peek(), "expected BY after GROUP but found " + peek().describe());
            }
            advance();
            groupBy.add(groupByPath());
            while (peek().type() == Token.Type.COMMA) {
                advance();
                groupBy.add(groupByPath());
            }
        }
        Token end = peek();
        if (end.isKeyword("LIMIT")) {
            throw QuerySyntaxException.semantic(text, end.start(), "LIMIT is not supported", "write SELECT TOP n ...");
        }
        if (end.isKeyword("JOIN") || (where == null && groupByStart < 0 && end.type() == Token.Type.IDENTIFIER
                && !isReserved(end.text()))) {
            throw QuerySyntaxException.semantic(text, end.start(), end.isKeyword("JOIN") ? "JOIN is not supported"
                    : "Unexpected '" + end.text() + "' after FROM " + source.collectionName(),
                    "IoT Hub queries read one collection without an alias: write paths such as tags.site directly");
        }
        if (end.isKeyword("ORDER")) {
            throw QuerySyntaxException.semantic(text, end.start(), "ORDER BY is not supported",
                    "IoT Hub twin queries return rows unordered; sort the results yourself");
        }
        if (end.type() != Token.Type.END) {
            String expected = groupByStart >= 0 ? "expected ',' or end of query after GROUP BY"
                    : where != null ? "expected AND, OR, GROUP BY or end of query after the WHERE condition"
                    : "expected WHERE, GROUP BY or end of query after FROM " + source.collectionName();
            throw error(end, expected + " but found " + end.describe());
        }
        return new Query(top, List.copyOf(items), selectStart, source, sourceStart, where, whereStart, whereEnd,
                List.copyOf(groupBy), groupByStart);
    }

    private Integer topCount() {
        Token count = peek();
        if (count.type() != Token.Type.NUMBER) {
            throw error(count, "expected a positive whole number after TOP but found " + count.describe());
        }
        JsonNode value = (JsonNode) count.value();
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() <= 0) {
            throw QuerySyntaxException.semantic(text, count.start(), "Invalid TOP " + count.text(),
                    "TOP needs a positive whole number (at most " + Integer.MAX_VALUE + "), e.g. TOP 100");
        }
        advance();
        return value.intValue();
    }

    private SelectItem selectItem() {
        Token first = peek();
        if (first.type() == Token.Type.STAR) {
            throw error(first, "'*' must be the only thing selected (SELECT * FROM ...)");
        }
        Expr expression = or();
        String alias = null;
        if (peek().isKeyword("AS")) {
            advance();
            Token name = peek();
            if (name.type() != Token.Type.IDENTIFIER || isReserved(name.text())) {
                throw error(name, "expected a name after AS but found " + name.describe());
            }
            advance();
            alias = name.text();
        }
        return new SelectItem(expression, alias, first.start());
    }

    private QuerySource source() {
        Token collection = peek();
        if (collection.type() != Token.Type.IDENTIFIER || isReserved(collection.text())) {
            throw error(collection, "expected a collection (devices, devices.jobs or devices.modules) after FROM but found "
                    + collection.describe());
        }
        advance();
        if (!collection.text().equalsIgnoreCase("devices")) {
            throw QuerySyntaxException.semantic(text, collection.start(), "Unknown collection '" + collection.text() + "'",
                    "expected devices, devices.jobs or devices.modules");
        }
        if (peek().type() != Token.Type.DOT) {
            return QuerySource.DEVICES;
        }
        advance();
        Token member = peek();
        if (member.type() != Token.Type.IDENTIFIER) {
            throw error(member, "expected jobs or modules after 'devices.' but found " + member.describe());
        }
        advance();
        if (member.text().equalsIgnoreCase("jobs")) {
            return QuerySource.DEVICES_JOBS;
        }
        if (member.text().equalsIgnoreCase("modules")) {
            return QuerySource.DEVICES_MODULES;
        }
        throw QuerySyntaxException.semantic(text, collection.start(),
                "Unknown collection 'devices." + member.text() + "'", "expected devices, devices.jobs or devices.modules");
    }

    private PropertyPath groupByPath() {
        Token first = peek();
        if (first.type() != Token.Type.IDENTIFIER || isReserved(first.text())) {
            throw error(first, "expected a property path after " + previousDescription() + " but found " + first.describe());
        }
        Expr expr = primary();
        if (!(expr instanceof PropertyPath path)) {
            throw QuerySyntaxException.semantic(text, first.start(), "GROUP BY on a function call",
                    "GROUP BY takes property paths such as properties.reported.status");
        }
        return path;
    }

    // ---- expressions ---------------------------------------------------------------------------------------------

    private Expr or() {
        Expr left = and();
        while (peek().isKeyword("OR")) {
            Token operator = advance();
            Expr right = operand(this::and);
            left = depth.node(new Binary(BinaryOperator.OR, left, right, operator.start()), operator.start(), left, right);
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (peek().isKeyword("AND")) {
            Token operator = advance();
            Expr right = operand(this::not);
            left = depth.node(new Binary(BinaryOperator.AND, left, right, operator.start()), operator.start(), left, right);
        }
        return left;
    }

    private Expr not() {
        if (peek().isKeyword("NOT")) {
            Token operator = advance();
            depth.enter(operator.start());
            Expr operand = operand(this::not);
            depth.leave();
            return depth.node(new Unary(UnaryOperator.NOT, operand, operator.start()), operator.start(), operand);
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        Token operator = peek();
        BinaryOperator binary = switch (operator.type()) {
            case EQUAL -> BinaryOperator.EQUAL;
            case NOT_EQUAL -> BinaryOperator.NOT_EQUAL;
            case LESS -> BinaryOperator.LESS;
            case LESS_OR_EQUAL -> BinaryOperator.LESS_OR_EQUAL;
            case GREATER -> BinaryOperator.GREATER;
            case GREATER_OR_EQUAL -> BinaryOperator.GREATER_OR_EQUAL;
            default -> null;
        };
        if (binary != null) {
            advance();
            Expr right = operand(this::additive);
            return depth.node(new Binary(binary, left, right, operator.start()), operator.start(), left, right);
        }
        if (operator.isKeyword("LIKE") || operator.isKeyword("BETWEEN")) {
            throw QuerySyntaxException.semantic(text, operator.start(),
                    operator.text().toUpperCase(Locale.ROOT) + " is not supported",
                    operator.isKeyword("LIKE") ? "use STARTSWITH, ENDSWITH or CONTAINS"
                            : "compare with >= and <= joined by AND");
        }
        if (operator.isKeyword("IN") || operator.isKeyword("NIN")) {
            advance();
            ArrayLiteral list = membershipList();
            return depth.node(new Membership(left, list, operator.isKeyword("NIN"), operator.start()), operator.start(),
                    left, list);
        }
        if (operator.isKeyword("NOT") && peek(1).isKeyword("IN")) {
            advance();
            advance();
            ArrayLiteral list = membershipList();
            return depth.node(new Membership(left, list, true, operator.start()), operator.start(), left, list);
        }
        return left;
    }

    private ArrayLiteral membershipList() {
        Token open = peek();
        if (open.type() != Token.Type.LEFT_BRACKET) {
            String hint = open.type() == Token.Type.LEFT_PAREN ? " (IoT Hub writes the list in square brackets: IN ['a', 'b'])" : "";
            throw error(open, "expected '[' after " + previousDescription() + " but found " + open.describe() + hint);
        }
        return arrayLiteral();
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().type() == Token.Type.PLUS || peek().type() == Token.Type.MINUS) {
            Token operator = advance();
            BinaryOperator binary = operator.type() == Token.Type.PLUS ? BinaryOperator.ADD : BinaryOperator.SUBTRACT;
            Expr right = operand(this::multiplicative);
            left = depth.node(new Binary(binary, left, right, operator.start()), operator.start(), left, right);
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (true) {
            Token operator = peek();
            BinaryOperator binary = switch (operator.type()) {
                case STAR -> BinaryOperator.MULTIPLY;
                case SLASH -> BinaryOperator.DIVIDE;
                case PERCENT -> BinaryOperator.MODULO;
                default -> null;
            };
            if (binary == null) {
                return left;
            }
            advance();
            Expr right = operand(this::unary);
            left = depth.node(new Binary(binary, left, right, operator.start()), operator.start(), left, right);
        }
    }

    private Expr unary() {
        Token operator = peek();
        if (operator.type() == Token.Type.MINUS || operator.type() == Token.Type.PLUS) {
            advance();
            UnaryOperator unary = operator.type() == Token.Type.MINUS ? UnaryOperator.NEGATE : UnaryOperator.PLUS;
            depth.enter(operator.start());
            Expr operand = operand(this::unary);
            depth.leave();
            return depth.node(new Unary(unary, operand, operator.start()), operator.start(), operand);
        }
        return primary();
    }

    /** The right-hand side of an operator: a clear error when there is none. */
    private Expr operand(Supplier<Expr> rule) {
        Token next = peek();
        if (next.type() == Token.Type.END || startsClause(next) || isBinaryOperator(next) || next.type() == Token.Type.COMMA
                || next.type() == Token.Type.RIGHT_PAREN || next.type() == Token.Type.RIGHT_BRACKET) {
            throw error(next, "expected a value after " + previousDescription() + " but found " + next.describe());
        }
        return rule.get();
    }

    private Expr primary() {
        Token token = peek();
        switch (token.type()) {
            case STRING:
                advance();
                return new Literal(TextNode.valueOf((String) token.value()), token.start());
            case NUMBER:
                advance();
                return new Literal((JsonNode) token.value(), token.start());
            case LEFT_BRACKET:
                return arrayLiteral();
            case LEFT_PAREN: {
                advance();
                if (peek().type() == Token.Type.RIGHT_PAREN) {
                    throw error(peek(), "expected a value inside '(' but found ')'");
                }
                depth.enter(token.start());
                Expr inner = or();
                depth.leave();
                expectClosing(Token.Type.RIGHT_PAREN, token);
                return inner;
            }
            case IDENTIFIER:
                return identifierExpression(token);
            default:
                throw error(token, "expected a value after " + previousDescription() + " but found " + token.describe());
        }
    }

    private Expr identifierExpression(Token token) {
        String upper = token.text().toUpperCase(Locale.ROOT);
        switch (upper) {
            case "TRUE":
                advance();
                return new Literal(BooleanNode.TRUE, token.start());
            case "FALSE":
                advance();
                return new Literal(BooleanNode.FALSE, token.start());
            case "NULL":
                advance();
                return new Literal(NullNode.getInstance(), token.start());
            case "UNDEFINED":
                advance();
                return new Literal(null, token.start());
            default:
                break;
        }
        if (RESERVED.contains(upper)) {
            throw error(token, "expected a value after " + previousDescription() + " but found " + token.describe());
        }
        advance();
        if (peek().type() == Token.Type.LEFT_PAREN) {
            return call(token);
        }
        return path(token);
    }

    private Expr call(Token name) {
        Token open = advance();
        List<Expr> arguments = new ArrayList<>();
        if (peek().type() == Token.Type.STAR && name.text().equalsIgnoreCase("COUNT")) {
            throw QuerySyntaxException.semantic(text, peek().start(), "COUNT(*) is not IoT Hub syntax",
                    "write COUNT(), e.g. SELECT COUNT() AS n FROM devices");
        }
        depth.enter(open.start());
        if (peek().type() != Token.Type.RIGHT_PAREN) {
            arguments.add(operand(this::or));
            while (peek().type() == Token.Type.COMMA) {
                advance();
                arguments.add(operand(this::or));
            }
        }
        depth.leave();
        expectClosing(Token.Type.RIGHT_PAREN, open);
        return depth.node(new Call(name.text(), List.copyOf(arguments), name.start()), name.start(), arguments);
    }

    private PropertyPath path(Token first) {
        List<Segment> segments = new ArrayList<>();
        segments.add(new Segment(first.text(), -1, first.start()));
        int end = first.end();
        while (true) {
            Token next = peek();
            if (next.type() == Token.Type.DOT) {
                advance();
                Token name = peek();
                if (name.type() != Token.Type.IDENTIFIER) {
                    throw error(name, "expected a property name after '.' but found " + name.describe()
                            + (name.type() == Token.Type.STRING || name.type() == Token.Type.NUMBER
                                    ? " (write unusual names in brackets: tags['my key'])" : ""));
                }
                advance();
                segments.add(new Segment(name.text(), -1, name.start()));
                end = name.end();
            } else if (next.type() == Token.Type.LEFT_BRACKET) {
                advance();
                Token key = peek();
                if (key.type() == Token.Type.STRING) {
                    segments.add(new Segment((String) key.value(), -1, key.start()));
                } else if (key.type() == Token.Type.NUMBER && ((JsonNode) key.value()).isIntegralNumber()
                        && ((JsonNode) key.value()).canConvertToInt() && ((JsonNode) key.value()).intValue() >= 0) {
                    segments.add(new Segment(null, ((JsonNode) key.value()).intValue(), key.start()));
                } else {
                    throw error(key, "expected a quoted property name or an array index inside '[ ]' but found "
                            + key.describe());
                }
                advance();
                end = expectClosing(Token.Type.RIGHT_BRACKET, next).end();
            } else {
                return new PropertyPath(List.copyOf(segments), text.substring(first.start(), end), first.start());
            }
        }
    }

    private ArrayLiteral arrayLiteral() {
        Token open = advance();
        List<Expr> elements = new ArrayList<>();
        depth.enter(open.start());
        if (peek().type() != Token.Type.RIGHT_BRACKET) {
            elements.add(operand(this::or));
            while (peek().type() == Token.Type.COMMA) {
                advance();
                elements.add(operand(this::or));
            }
        }
        depth.leave();
        expectClosing(Token.Type.RIGHT_BRACKET, open);
        return depth.node(new ArrayLiteral(List.copyOf(elements), open.start()), open.start(), elements);
    }

    private Token expectClosing(Token.Type type, Token opening) {
        Token next = peek();
        if (next.type() != type) {
            String closing = type == Token.Type.RIGHT_PAREN ? ")" : "]";
            throw error(next, "expected '" + closing + "' to close '" + opening.text() + "' at position "
                    + (opening.start() + 1) + " but found " + next.describe());
        }
        return advance();
    }

    // ---- token helpers -------------------------------------------------------------------------------------------

    private static boolean startsClause(Token token) {
        return token.isKeyword("FROM") || token.isKeyword("WHERE") || token.isKeyword("GROUP") || token.isKeyword("ORDER");
    }

    private static boolean isBinaryOperator(Token token) {
        switch (token.type()) {
            case EQUAL: case NOT_EQUAL: case LESS: case LESS_OR_EQUAL: case GREATER: case GREATER_OR_EQUAL:
            case STAR: case SLASH: case PERCENT:
                return true;
            default:
                return token.isKeyword("AND") || token.isKeyword("OR") || token.isKeyword("IN") || token.isKeyword("NIN")
                        || token.isKeyword("AS");
        }
    }

    private String previousDescription() {
        if (index == 0) {
            return "the start";
        }
        Token previous = tokens.get(index - 1);
        if (previous.type() == Token.Type.IDENTIFIER && isReserved(previous.text())) {
            return previous.text().toUpperCase(Locale.ROOT);
        }
        return "'" + previous.text() + "'";
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(index + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (index < tokens.size() - 1) {
            index++;
        }
        return token;
    }

    private QuerySyntaxException error(Token at, String detail) {
        return QuerySyntaxException.syntax(text, at.start(), detail);
    }
}
