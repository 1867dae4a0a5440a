package dev.twinops.dm.method;

/** The {@code code} in every method response body, with the HTTP-like status the device returns alongside it. */
public enum MethodResponseCode {
    /** 200: the device accepted the request and reports progress under {@code iothubDM}. */
    ACCEPTED(200),
    /** 400: the payload is malformed; {@code reason} says which field and why. */
    INVALID_REQUEST(400),
    /** 403: the device declines to act now (e.g. its local policy); retry later. */
    REFUSED(403),
    /** 404: the device does not implement the method. */
    UNKNOWN_METHOD(404),
    /** 409: another management operation is running; {@code operationId} and {@code method} name it. */
    BUSY(409);

    private final int status;

    MethodResponseCode(int status) {
        this.status = status;
    }

    public int status() {
        return status;
    }
}
