package dev.twinops.hub.query;

import java.util.Locale;

/** One lexical token of a query; {@code start}/{@code end} are 0-based offsets into the query text. */
record Token(Type type, String text, Object value, int start, int end) {

    enum Type {
        IDENTIFIER, STRING, NUMBER,
        COMMA, DOT, LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET,
        STAR, PLUS, MINUS, SLASH, PERCENT,
        EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL,
        END
    }

    /** True for an identifier that spells {@code keyword}, ignoring case (the SDK sends lowercase keywords). */
    boolean isKeyword(String keyword) {
        return type == Type.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }

    /** How the token reads in an error message: "end of query", "'WHERE'", "string 'abc'", "number 12". */
    String describe() {
        switch (type) {
            case END:
                return "end of query";
            case STRING:
                return "string " + text;
            case NUMBER:
                return "number " + text;
            case IDENTIFIER:
                return QueryParser.isReserved(text) ? "keyword " + text.toUpperCase(Locale.ROOT) : "'" + text + "'";
            default:
                return "'" + text + "'";
        }
    }
}
