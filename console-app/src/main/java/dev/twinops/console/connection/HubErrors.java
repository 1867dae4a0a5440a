package dev.twinops.console.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadGatewayException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubGatewayTimeoutException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubInternalServerErrorException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubServerBusyException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;

/** Turns what a hub call threw into a sentence an operator can act on. */
public final class HubErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HubErrors() {
    }

    /** The hub could not be reached at all (as opposed to the hub answering with an error). */
    public static boolean isUnreachable(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof ConnectException || e instanceof NoRouteToHostException
                || e instanceof SocketTimeoutException || e instanceof UnknownHostException
                || e instanceof SocketException
                || (e instanceof IOException && !(e instanceof SSLException) && !(e instanceof InterruptedIOException)
                    && e.getCause() instanceof SocketException);
    }

    /**
     * The hub refused the request (an error answer about the request itself), as opposed to the call failing on the
     * way there or back, or the hub's side failing (5xx), when the request may have been carried out all the same.
     */
    public static boolean hubRefused(Throwable error) {
        Throwable e = unwrap(error);
        return e instanceof IotHubException
                && !(e instanceof IotHubInternalServerErrorException || e instanceof IotHubBadGatewayException
                || e instanceof IotHubServerBusyException || e instanceof IotHubGatewayTimeoutException);
    }

    /** The hub throttles the caller (429): slow down, the hub is fine. */
    public static boolean isThrottled(Throwable error) {
        return unwrap(error) instanceof IotHubTooManyRequestsException;
    }

    public static boolean isPreconditionFailed(Throwable error) {
        return unwrap(error) instanceof IotHubPreconditionFailedException;
    }

    /**
     * A message naming the action, the hub and what went wrong.
     *
     * @param endpoint host[:port] of the hub
     * @param policy   the shared access policy the console acts as
     */
    public static String describe(Throwable error, HubAction action, String endpoint, String policy) {
        Throwable e = unwrap(error);
        if (e instanceof IotHubUnauthorizedException) {
            return "The hub refused policy '" + policy + "' when trying to " + action.description() + ": "
                    + hubMessage(e) + ". Check the SharedAccessKey (it may have been regenerated), or use a policy with the "
                    + action.permission() + " permission.";
        }
        if (e instanceof IotHubTooManyRequestsException) {
            return "The hub is throttling requests (429) while trying to " + action.description()
                    + "; wait a moment and try again.";
        }
        if (e instanceof IotHubException) {
            return "The hub could not " + action.description() + ": " + hubMessage(e);
        }
        if (e instanceof UnknownHostException) {
            return "Cannot find host " + endpoint + ": check the HostName and your network or proxy.";
        }
        if (e instanceof ConnectException) {
            return "Cannot reach " + endpoint + ": connection refused.";
        }
        if (e instanceof SocketTimeoutException) {
            return endpoint + " did not answer in time.";
        }
        if (e instanceof SSLException) {
            return "Secure connection to " + endpoint + " failed: " + e.getMessage();
        }
        if (e instanceof IOException) {
            return "Connection to " + endpoint + " failed: " + e.getMessage();
        }
        return "Could not " + action.description() + ": " + e;
    }

    /**
     * The hub's own message, with its error code. IoT Hub nests its error as JSON
     * ({@code {"errorCode":400004,"trackingId":..,"message":"..."}}), which the SDK passes on as is; the
     * operator gets the sentence and the code, not the tracking id and timestamp.
     */
    public static String hubMessage(Throwable error) {
        Throwable e = unwrap(error);
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        int code = e instanceof IotHubException hub ? hub.getErrorCode() : 0;
        JsonNode body = parseJsonObject(message);
        for (int depth = 0; body != null && depth < 3; depth++) {
            if (body.path("errorCode").canConvertToInt()) {
                code = body.path("errorCode").asInt();
            }
            String inner = body.has("message") ? body.path("message").asText("") : body.path("Message").asText("");
            if (inner.isBlank()) {
                break;
            }
            message = inner;
            body = parseJsonObject(inner);
        }
        if (code > 999 && !message.contains(Integer.toString(code))) {
            return message + " (" + code + ")";
        }
        return message;
    }

    private static JsonNode parseJsonObject(String text) {
        String t = text.strip();
        if (!t.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(t);
            return node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable e = error;
        while ((e instanceof java.util.concurrent.CompletionException
                || e instanceof java.util.concurrent.ExecutionException
                || e instanceof java.io.UncheckedIOException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
