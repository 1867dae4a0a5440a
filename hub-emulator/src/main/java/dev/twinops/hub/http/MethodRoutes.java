package dev.twinops.hub.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.auth.Permission;
import dev.twinops.hub.methods.DirectMethodRouter;
import dev.twinops.hub.methods.MethodNames;
import dev.twinops.hub.state.HubError;
import dev.twinops.hub.state.HubException;
import io.netty.handler.codec.http.HttpMethod;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /twins/{id}/methods}: invokes a direct method and answers {@code {"status":..,"payload":..}} once
 * the device has, without holding a thread while waiting. IoT Hub's limits are checked here: response timeout
 * 5..300 s (default 30), connect timeout 0..300 s (default 0), payload at most 128 KB, the method name by
 * {@link MethodNames}.
 */
public final class MethodRoutes implements ServiceRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final int MIN_RESPONSE_TIMEOUT = 5;
    static final int MAX_TIMEOUT = 300;
    static final int DEFAULT_RESPONSE_TIMEOUT = 30;
    static final int MAX_PAYLOAD_BYTES = DirectMethodRouter.MAX_PAYLOAD_BYTES;

    private final DirectMethodRouter router;

    public MethodRoutes(DirectMethodRouter router) {
        this.router = router;
    }

    @Override
    public void registerWith(RouteTable routes) {
        routes.add(HttpMethod.POST, "/twins/{id}/methods", Set.of(Permission.SERVICE_CONNECT), this::invoke);
    }

    private CompletableFuture<ServiceResponse> invoke(ServiceRequest request) {
        String deviceId = request.pathParameter("id");
        ObjectNode body = request.jsonObjectBody();
        String methodName = JsonFields.requiredString(body, "methodName");
        MethodNames.check(methodName);
        int responseTimeout = JsonFields.optionalInt(body, "responseTimeoutInSeconds", DEFAULT_RESPONSE_TIMEOUT);
        if (responseTimeout < MIN_RESPONSE_TIMEOUT || responseTimeout > MAX_TIMEOUT) {
            throw invalid("responseTimeoutInSeconds is " + responseTimeout + "; it must be between "
                    + MIN_RESPONSE_TIMEOUT + " and " + MAX_TIMEOUT);
        }
        int connectTimeout = JsonFields.optionalInt(body, "connectTimeoutInSeconds", 0);
        if (connectTimeout < 0 || connectTimeout > MAX_TIMEOUT) {
            throw invalid("connectTimeoutInSeconds is " + connectTimeout + "; it must be between 0 and " + MAX_TIMEOUT);
        }
        JsonNode payload = body.has("payload") ? body.get("payload") : NullNode.getInstance();
        byte[] serialised = serialise(payload);
        if (serialised.length > MAX_PAYLOAD_BYTES) {
            throw invalid("The method payload is " + serialised.length + " bytes; the limit is " + MAX_PAYLOAD_BYTES
                    + " bytes (128 KB)");
        }
        return router.invokeSerialised(deviceId, methodName, serialised, responseTimeout, connectTimeout)
                .thenApply(result -> {
                    ObjectNode answer = JSON.createObjectNode();
                    answer.put("status", result.status());
                    answer.set("payload", result.payload() == null ? NullNode.getInstance() : result.payload());
                    return ServiceResponse.ok(answer);
                });
    }

    private static byte[] serialise(JsonNode payload) {
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw invalid("The method payload cannot be serialised");
        }
    }

    private static HubException invalid(String message) {
        return new HubException(HubError.ARGUMENT_INVALID, message);
    }
}
