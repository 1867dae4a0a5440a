package dev.twinops.hub.query;

import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;

/**
 * A query the hub cannot run: a syntax error or a semantic one (unknown function, wrong argument count, a
 * TOP that is not a positive whole number, ...). Answered as 400 ArgumentInvalid; the message names what is
 * wrong and where, as a 1-based character position (plus line and column when the query spans lines).
 */
public final class QuerySyntaxException extends HubException {
    private static final long serialVersionUID = 1L;

    private final int position;
    private final int line;
    private final int column;

    private QuerySyntaxException(String message, int position, int line, int column) {
        super(HubError.ARGUMENT_INVALID, message);
        this.position = position;
        this.line = line;
        this.column = column;
    }

    /** A syntax error: "Syntax error at position 27: expected ... but found ...". */
    static QuerySyntaxException syntax(String text, int offset, String detail) {
        Location at = Location.of(text, offset);
        return new QuerySyntaxException("Syntax error at position " + at.position + at.lineSuffix() + ": " + detail,
                at.position, at.line, at.column);
    }

    /**
     * A semantic error whose message reads naturally with the position in the middle, e.g.
     * {@code semantic(text, 6, "Unknown function 'STARTWITH'", "did you mean STARTSWITH?")} gives
     * "Unknown function 'STARTWITH' at position 7: did you mean STARTSWITH?".
     */
    static QuerySyntaxException semantic(String text, int offset, String what, String hint) {
        Location at = Location.of(text, offset);
        String message = what + " at position " + at.position + at.lineSuffix()
                + (hint == null || hint.isEmpty() ? "" : ": " + hint);
        return new QuerySyntaxException(message, at.position, at.line, at.column);
    }

    /** 1-based character position in the query text (one past the end for "end of query"). */
    public int position() {
        return position;
    }

    /** 1-based line of {@link #position()}. */
    public int line() {
        return line;
    }

    /** 1-based column of {@link #position()} within its line. */
    public int column() {
        return column;
    }

    private record Location(int position, int line, int column, boolean multiLine) {
        static Location of(String text, int offset) {
            int clamped = Math.max(0, Math.min(offset, text.length()));
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < clamped; i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            return new Location(clamped + 1, line, clamped - lineStart + 1, text.indexOf('\n') >= 0);
        }

        String lineSuffix() {
            return multiLine ? " (line " + line + ", column " + column + ")" : "";
        }
    }
}
