package dev.twinops.hub.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.methods.DirectMethodResult;
import dev.twinops.hub.methods.DirectMethodRouter;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import dev.twinops.hub.state.HubState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a job does on one device (its direct method through the router, or its twin patch through the state), and
 * how the outcome lands in the device's row: a method's answer, whatever its status, completes the device; a
 * refusal fails it with IoT Hub's error name and code.
 */
final class DeviceOperation {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceOperation.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubState state;
    private final DirectMethodRouter router;

    DeviceOperation(HubState state, DirectMethodRouter router) {
        this.state = state;
        this.router = router;
    }

    /** Starts the job's operation on the device; the future never completes on the calling thread's stack alone. */
    CompletableFuture<?> start(Job job, DeviceJob device) {
        try {
            if (job.type == JobType.SCHEDULE_DEVICE_METHOD) {
                JobRequest.MethodCall call = job.request.method();
                return router.invoke(device.deviceId, call.methodName(), call.payload(),
                        call.responseTimeoutSeconds(), call.connectTimeoutSeconds());
            }
            return state.patchTwin(device.deviceId, job.twinPatch(), "*");
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Records how the device's operation ended (scheduler thread): completed with its answer, or failed with why. */
    static void recordOutcome(Job job, DeviceJob device, Object result, Throwable failure, Instant now) {
        device.ended = now;
        if (failure == null) {
            if (result instanceof DirectMethodResult answer) {
                ObjectNode response = JSON.createObjectNode();
                response.put("status", answer.status());
                JsonNode payload = answer.payload();
                if (payload != null && !payload.isNull() && !payload.isMissingNode()) {
                    response.set("payload", payload);
                }
                device.methodResponse = response;
            }
            job.move(device, JobStatus.COMPLETED, now);
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof HubException hub) {
            device.errorCode = errorName(hub.error());
            device.errorDescription = hub.getMessage() + " (errorCode " + hub.error().errorCode() + ")";
        } else {
            LOG.warn("Job {}: the operation on {} failed unexpectedly", job.jobId, device.deviceId, cause);
            device.errorCode = "ServerError";
            device.errorDescription = "The hub failed to run this device's operation: " + cause;
        }
        job.move(device, JobStatus.FAILED, now);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** IoT Hub's name for an error, as a device row's {@code error.code} carries it. */
    static String errorName(HubError error) {
        return switch (error) {
            case DEVICE_NOT_ONLINE -> "DeviceNotOnline";
            case GATEWAY_TIMEOUT -> "GatewayTimeout";
            case DEVICE_NOT_FOUND -> "DeviceNotFound";
            case PRECONDITION_FAILED -> "PreconditionFailed";
            case ARGUMENT_INVALID, INVALID_QUERY -> "ArgumentInvalid";
            case MESSAGE_TOO_LARGE -> "MessageTooLarge";
            case THROTTLED -> "ThrottlingException";
            case SERVER_BUSY -> "ServiceUnavailable";
            default -> "ServerError";
        };
    }
}
