package dev.twinops.hub.state;

/** A request the hub refuses, with the IoT Hub error it answers with. */
public class HubException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final HubError error;

    public HubException(HubError error, String message) {
        super(message);
        this.error = error;
    }

    public HubError error() {
        return error;
    }
}
