package dev.twinops.console.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import javax.net.ssl.SSLException;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;

/** Turns what a hub call threw into a sentence an operator can act on. */
public final class HubErrors {

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

    /** The hub's own message, with its error code when the SDK found one. */
    public static String hubMessage(Throwable error) {
        Throwable e = unwrap(error);
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof IotHubException hub && hub.getErrorCode() > 999 && !message.contains(Integer.toString(hub.getErrorCode()))) {
            return message + " (" + hub.getErrorCode() + ")";
        }
        return message;
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
