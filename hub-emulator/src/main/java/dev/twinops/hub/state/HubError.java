package dev.twinops.hub.state;

/**
 * IoT Hub's error codes as the service SDK maps them: the HTTP status and the six-digit errorCode
 * that IoT Hub puts into its error body (the codes of IoT Hub's REST reference, "Common error codes", and of the
 * .NET service SDK's {@code ErrorCode}; 400027 there is a connection replaced by a newer one, not a size limit).
 */
public enum HubError {
    ARGUMENT_INVALID(400, 400004),
    DEVICE_DEFINED_MULTIPLE_TIMES(400, 400011),
    INVALID_QUERY(400, 400014),
    UNAUTHORIZED(401, 401000),
    IOTHUB_UNAUTHORIZED_ACCESS(401, 401002),
    DEVICE_NOT_FOUND(404, 404001),
    JOB_NOT_FOUND(404, 404002),
    MODULE_NOT_FOUND(404, 404010),
    NOT_FOUND(404, 404000),
    DEVICE_NOT_ONLINE(404, 404103),
    DEVICE_ALREADY_EXISTS(409, 409001),
    JOB_ALREADY_EXISTS(409, 409100),
    PRECONDITION_FAILED(412, 412001),
    /** A message (request body, method payload) over its size limit: 413 RequestEntityTooLarge. */
    MESSAGE_TOO_LARGE(413, 413001),
    TOO_MANY_DEVICES(413, 413002),
    THROTTLED(429, 429001),
    SERVER_ERROR(500, 500001),
    SERVER_BUSY(503, 503003),
    GATEWAY_TIMEOUT(504, 504101);

    private final int httpStatus;
    private final int errorCode;

    HubError(int httpStatus, int errorCode) {
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }
}
