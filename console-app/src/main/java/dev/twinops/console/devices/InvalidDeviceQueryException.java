package dev.twinops.console.devices;

/** The query bar's text cannot produce a device list; the message says what to write instead. */
public final class InvalidDeviceQueryException extends IllegalArgumentException {

    public InvalidDeviceQueryException(String message) {
        super(message);
    }
}
