package dev.twinops.dm.method;

/** A method payload the device rejects with status 400; the message is the reason sent back to the caller. */
public class InvalidRequestException extends IllegalArgumentException {

    public InvalidRequestException(String reason) {
        super(reason);
    }
}
