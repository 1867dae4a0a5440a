package dev.twinops.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.IotHubTime;
import io.netty.handler.codec.http.HttpResponseStatus;

import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * IoT Hub's error responses: the HTTP status of the {@link HubError} and the body IoT Hub sends, a JSON object
 * whose {@code Message} is itself JSON text carrying the six-digit {@code errorCode} the service SDK reads.
 */
final class IotHubErrors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private IotHubErrors() {
    }

    /** A HubException anywhere in the cause chain, or SERVER_ERROR for anything else. */
    static HubException toHubException(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof HubException hub) {
            return hub;
        }
        return new HubException(HubError.SERVER_ERROR, "The hub failed to process the request");
    }

    /** The failure inside CompletionException/ExecutionException wrappers. */
    static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static ServiceResponse response(HubException e, Clock clock) {
        HubError error = e.error();
        return ServiceResponse.json(HttpResponseStatus.valueOf(error.httpStatus()), body(error, e.getMessage(), clock))
                .withHeader("iothub-errorcode", errorName(error));
    }

    /**
     * {@code {"Message":"{\"errorCode\":404001,\"trackingId\":\"..\",\"message\":\"..\",\"timestampUtc\":\"..\"}","ExceptionMessage":""}}.
     */
    static ObjectNode body(HubError error, String message, Clock clock) {
        ObjectNode inner = JSON.createObjectNode();
        inner.put("errorCode", error.errorCode());
        inner.put("trackingId", UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT));
        inner.put("message", message == null ? errorName(error) : message);
        inner.put("timestampUtc", IotHubTime.format(clock.instant()));
        ObjectNode outer = JSON.createObjectNode();
        try {
            outer.put("Message", JSON.writeValueAsString(inner));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an error body", e);
        }
        outer.put("ExceptionMessage", "");
        return outer;
    }

    /** IoT Hub's name for the error, e.g. DeviceNotFound, as in its iothub-errorcode header. */
    static String errorName(HubError error) {
        return switch (error) {
            case ARGUMENT_INVALID -> "ArgumentInvalid";
            case DEVICE_DEFINED_MULTIPLE_TIMES -> "DeviceDefinedMultipleTimes";
            case INVALID_QUERY -> "InvalidQuery";
            case MESSAGE_TOO_LARGE -> "MessageTooLarge";
            case UNAUTHORIZED -> "Unauthorized";
            case IOTHUB_UNAUTHORIZED_ACCESS -> "IotHubUnauthorizedAccess";
            case DEVICE_NOT_FOUND -> "DeviceNotFound";
            case JOB_NOT_FOUND -> "JobNotFound";
            case MODULE_NOT_FOUND -> "ModuleNotFound";
            case NOT_FOUND -> "NotFound";
            case DEVICE_NOT_ONLINE -> "DeviceNotOnline";
            case DEVICE_ALREADY_EXISTS -> "DeviceAlreadyExists";
            case JOB_ALREADY_EXISTS -> "JobAlreadyExists";
            case PRECONDITION_FAILED -> "PreconditionFailed";
            case TOO_MANY_DEVICES -> "TooManyDevices";
            case THROTTLED -> "ThrottlingException";
            case SERVER_ERROR -> "ServerError";
            case SERVER_BUSY -> "ServiceUnavailable";
            case GATEWAY_TIMEOUT -> "GatewayTimeout";
        };
    }
}
