package dev.twinops.hub.testing;

import com.microsoft.azure.sdk.iot.device.IotHubStatusCode;
import com.microsoft.azure.sdk.iot.device.exceptions.IotHubClientException;

/**
 * Device-side twin calls as an application makes them: with a timeout and a retry. The 2.5.0 device SDK
 * occasionally loses the answer to a twin call on the client side (SDK issue #1803, seen against IoT Hub too),
 * more often on a loaded machine; the call then times out although the hub answered.
 */
public final class DeviceTwinCalls {

    /** Per attempt; the SDK's default is a minute. */
    public static final int TIMEOUT_MILLIS = 10_000;
    private static final int ATTEMPTS = 3;

    /** A device SDK call that may time out. */
    public interface TwinCall<T> {
        T call() throws Exception;
    }

    private DeviceTwinCalls() {
    }

    /** Runs {@code call}, again after a client-side timeout, at most three times. */
    public static <T> T withRetry(TwinCall<T> call) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (IotHubClientException e) {
                if (attempt == ATTEMPTS || e.getStatusCode() != IotHubStatusCode.DEVICE_OPERATION_TIMED_OUT) {
                    throw e;
                }
            }
        }
    }
}
