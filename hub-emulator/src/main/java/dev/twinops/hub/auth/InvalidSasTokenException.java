package dev.twinops.hub.auth;

/** A SAS token that cannot be parsed: a missing or duplicated field, a non-numeric expiry, a signature that is not base64. */
public final class InvalidSasTokenException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSasTokenException(String message) {
        super(message);
    }
}
