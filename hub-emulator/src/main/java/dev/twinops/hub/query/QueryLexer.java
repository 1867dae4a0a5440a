package dev.twinops.hub.query;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;

/** Splits query text into tokens. Strings are decoded here; numbers become Jackson number nodes. */
final class QueryLexer {
    private final String text;
    private int pos;

    private QueryLexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        QueryLexer lexer = new QueryLexer(text);
        List<Token> tokens = new ArrayList<>();
        Token token;
        do {
            token = lexer.next();
            tokens.add(token);
        } while (token.type() != Token.Type.END);
        return tokens;
    }

    private Token next() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= text.length()) {
            return new Token(Token.Type.END, "", null, start, start);
        }
        char c = text.charAt(pos);
        if (isIdentifierStart(c)) {
            while (pos < text.length() && (isIdentifierPart(text.charAt(pos)) || isInnerHyphen(pos))) {
                pos++;
            }
            return token(Token.Type.IDENTIFIER, start, null);
        }
        if (isDigit(c) || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '\'' || c == '"') {
            return string(start, c);
        }
        pos++;
        switch (c) {
            case ',': return token(Token.Type.COMMA, start, null);
            case '.': return token(Token.Type.DOT, start, null);
            case '(': return token(Token.Type.LEFT_PAREN, start, null);
            case ')': return token(Token.Type.RIGHT_PAREN, start, null);
            case '[': return token(Token.Type.LEFT_BRACKET, start, null);
            case ']': return token(Token.Type.RIGHT_BRACKET, start, null);
            case '*': return token(Token.Type.STAR, start, null);
            case '+': return token(Token.Type.PLUS, start, null);
            case '-': return token(Token.Type.MINUS, start, null);
            case '/': return token(Token.Type.SLASH, start, null);
            case '%': return token(Token.Type.PERCENT, start, null);
            case '=':
                if (peek('=')) {
                    throw QuerySyntaxException.syntax(text, start, "'==' is not an operator; compare with '='");
                }
                return token(Token.Type.EQUAL, start, null);
            case '!':
                if (peek('=')) {
                    pos++;
                    return token(Token.Type.NOT_EQUAL, start, null);
                }
                throw QuerySyntaxException.syntax(text, start, "unexpected character '!' (did you mean '!='?)");
            case '<':
                if (peek('=')) {
                    pos++;
                    return token(Token.Type.LESS_OR_EQUAL, start, null);
                }
                if (peek('>')) {
                    pos++;
                    return token(Token.Type.NOT_EQUAL, start, null);
                }
                return token(Token.Type.LESS, start, null);
            case '>':
                if (peek('=')) {
                    pos++;
                    return token(Token.Type.GREATER_OR_EQUAL, start, null);
                }
                return token(Token.Type.GREATER, start, null);
            default:
                throw QuerySyntaxException.syntax(text, start, "unexpected character '" + describeChar(c) + "'");
        }
    }

    /**
     * A hyphen between two name characters belongs to the name, as IoT Hub reads {@code
     * properties.desired.KeyQuery5f0b6e1e-7d8e-4f3a-...} (a property named after a UUID, as the service SDK's own
     * end-to-end tests use). Subtraction is written with a space before or after the minus: {@code a - 1},
     * {@code a -1}; {@code a-1} is the property {@code a-1}.
     */
    private boolean isInnerHyphen(int at) {
        return text.charAt(at) == '-' && at + 1 < text.length() && isIdentifierPart(text.charAt(at + 1))
                && isIdentifierPart(text.charAt(at - 1));
    }

    private boolean peek(char expected) {
        return pos < text.length() && text.charAt(pos) == expected;
    }

    private Token token(Token.Type type, int start, Object value) {
        return new Token(type, text.substring(start, pos), value, start, pos);
    }

    private Token number(int start) {
        if (text.charAt(pos) == '0' && pos + 1 < text.length() && (text.charAt(pos + 1) == 'x' || text.charAt(pos + 1) == 'X')) {
            pos += 2;
            int digitsStart = pos;
            while (pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
                pos++;
            }
            if (pos == digitsStart) {
                throw QuerySyntaxException.syntax(text, start, "expected hexadecimal digits after '0x'");
            }
            rejectTrailingLetters(start);
            return token(Token.Type.NUMBER, start, integerNode(new BigInteger(text.substring(digitsStart, pos), 16)));
        }
        boolean decimal = false;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1))) {
            decimal = true;
            pos++;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            int exponentStart = pos;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            if (pos >= text.length() || !isDigit(text.charAt(pos))) {
                throw QuerySyntaxException.syntax(text, exponentStart, "expected digits in the exponent of number '"
                        + text.substring(start, pos) + "'");
            }
            decimal = true;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        rejectTrailingLetters(start);
        String literal = text.substring(start, pos);
        JsonNode value = decimal ? DoubleNode.valueOf(Double.parseDouble(literal)) : integerNode(new BigInteger(literal));
        return token(Token.Type.NUMBER, start, value);
    }

    private void rejectTrailingLetters(int start) {
        if (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
            int end = pos;
            while (end < text.length() && isIdentifierPart(text.charAt(end))) {
                end++;
            }
            throw QuerySyntaxException.syntax(text, start, "malformed number '" + text.substring(start, end) + "'");
        }
    }

    private static JsonNode integerNode(BigInteger value) {
        if (value.bitLength() < 32) {
            return IntNode.valueOf(value.intValue());
        }
        if (value.bitLength() < 64) {
            return LongNode.valueOf(value.longValue());
        }
        return BigIntegerNode.valueOf(value);
    }

    private Token string(int start, char quote) {
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw QuerySyntaxException.syntax(text, start, "string starting here is not closed with " + quote);
            }
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return token(Token.Type.STRING, start, value.toString());
            }
            if (c == '\\') {
                pos++;
                if (pos >= text.length()) {
                    throw QuerySyntaxException.syntax(text, start, "string starting here is not closed with " + quote);
                }
                char escaped = text.charAt(pos);
                switch (escaped) {
                    case '\'': case '"': case '\\': case '/': value.append(escaped); break;
                    case 'b': value.append('\b'); break;
                    case 'f': value.append('\f'); break;
                    case 'n': value.append('\n'); break;
                    case 'r': value.append('\r'); break;
                    case 't': value.append('\t'); break;
                    case 'u':
                        int code = 0;
                        for (int i = 1; i <= 4; i++) {
                            int digit = pos + i < text.length() ? Character.digit(text.charAt(pos + i), 16) : -1;
                            if (digit < 0) {
                                throw QuerySyntaxException.syntax(text, pos - 1, "expected 4 hexadecimal digits after \\u");
                            }
                            code = code * 16 + digit;
                        }
                        value.append((char) code);
                        pos += 4;
                        break;
                    default:
                        throw QuerySyntaxException.syntax(text, pos - 1, "unknown escape sequence '\\" + escaped
                                + "' in string (allowed: \\' \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
                }
                pos++;
                continue;
            }
            value.append(c);
            pos++;
        }
    }

    private static String describeChar(char c) {
        return Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
