package dev.twinops.hub;

/**
 * The local hub could not start; the message names the cause (a port that is taken, a data directory that
 * cannot be used, ...) in one line fit for an operator.
 */
public class HubStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HubStartException(String message, Throwable cause) {
        super(message, cause);
    }

    public HubStartException(String message) {
        super(message);
    }
}
