package dev.twinops.rollout.rehearsal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionString;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.SymmetricKey;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubTooManyRequestsException;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hubclient.registry.BulkRegistryOperation;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.ServiceCredential;
import dev.twinops.rollout.json.RolloutJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rehearsal hub on the official service SDK. Devices go through IoT Hub's bulk registry operation
 * ({@code POST /devices}, create mode, 100 a request), which the 2.1.9 SDK has no call for: the project's one
 * {@link BulkRegistryOperation}, which the simulator and the console's import use too. Tags go through
 * twin patches ({@link TwinClient}), since bulk registry requests carry no twin content on this hub. The keys are
 * new ones made here and never leave the request; the simulator reads them from the rehearsal hub's registry.
 * A throttled request (429: the rehearsal hub may play a tier) is tried again after a pause.
 */
public final class SdkRehearsalHub implements RehearsalHub {

    private static final Logger LOG = LoggerFactory.getLogger(SdkRehearsalHub.class);
    private static final int ATTEMPTS = 8;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(30);

    private final BulkRegistryOperation bulk;
    private final IotHubConnectionString connectionString;
    private final ServiceCredential credential;
    private final TwinClient twins;

    private SdkRehearsalHub(String serviceEndpoint, String serviceConnectionString) {
        this.bulk = new BulkRegistryOperation(serviceEndpoint, serviceConnectionString);
        this.connectionString = IotHubConnectionStringBuilder.createIotHubConnectionString(serviceConnectionString);
        this.credential = new ServiceCredential(serviceConnectionString, Clock.systemUTC());
        this.twins = new TwinClient(serviceEndpoint, credential.credential());
    }

    /** The rehearsal hub at {@code serviceEndpoint} ({@code host[:port]}) with a service connection string. */
    public static SdkRehearsalHub connect(String serviceEndpoint, String serviceConnectionString) {
        return new SdkRehearsalHub(serviceEndpoint, serviceConnectionString);
    }

    @Override
    public String hostName() {
        return connectionString.getHostName();
    }

    @Override
    public Map<String, String> createDevices(List<String> deviceIds) throws HubCallException {
        if (deviceIds.isEmpty() || deviceIds.size() > MAX_DEVICES_PER_REQUEST) {
            throw new IllegalArgumentException("a bulk request carries 1 to " + MAX_DEVICES_PER_REQUEST
                    + " devices, not " + deviceIds.size());
        }
        List<BulkRegistryOperation.Device> devices = new ArrayList<>(deviceIds.size());
        for (String id : deviceIds) {
            devices.add(BulkRegistryOperation.Device.withKeys(id, new SymmetricKey()));
        }
        Map<String, BulkRegistryOperation.DeviceError> refused = withRetries("creating " + deviceIds.size()
                + " devices", () -> {
                    try {
                        return bulk.register(devices, BulkRegistryOperation.Mode.CREATE);
                    } catch (BulkRegistryOperation.NotServedException e) {
                        throw new HubCallException(HubCallException.Kind.OTHER, "the rehearsal hub does not serve "
                                + "bulk registry operations: " + e.getMessage(), e);
                    }
                });
        Map<String, String> errors = new LinkedHashMap<>();
        refused.forEach((id, error) -> errors.put(id, error.code()));
        return errors;
    }

    @Override
    public void writeTags(String deviceId, ObjectNode tags) throws HubCallException {
        Twin patch = new Twin(deviceId);
        Map<String, Object> values = RolloutJson.mapper().convertValue(tags,
                RolloutJson.mapper().getTypeFactory().constructMapType(LinkedHashMap.class, String.class,
                        Object.class));
        patch.getTags().putAll(values);
        withRetries("tagging " + deviceId, () -> {
            credential.renewIfDue();
            return twins.patch(patch);
        });
    }

    private interface Call<T> {
        T run() throws IOException, IotHubException, HubCallException;
    }

    private static <T> T withRetries(String what, Call<T> call) throws HubCallException {
        Duration pause = FIRST_PAUSE;
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (IotHubTooManyRequestsException e) {
                if (attempt == ATTEMPTS) {
                    throw new HubCallException(HubCallException.Kind.THROTTLED, what + ": the rehearsal hub "
                            + "throttles (429) after " + ATTEMPTS + " attempts", e);
                }
                LOG.debug("{}: throttled, trying again in {} ms", what, pause.toMillis());
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new HubCallException(HubCallException.Kind.OTHER, what + ": interrupted", interrupted);
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
            } catch (IotHubException e) {
                throw new HubCallException(HubCallException.Kind.OTHER, what + ": the rehearsal hub answered with an "
                        + "error (" + e.getErrorCode() + "): " + e.getMessage(), e);
            } catch (IOException e) {
                throw new HubCallException(HubCallException.Kind.OTHER, what + ": the rehearsal hub could not be "
                        + "reached: " + (e.getMessage() == null ? e.toString() : e.getMessage()), e);
            }
        }
    }
}
