package dev.twinops.simulator.fleet;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.auth.SymmetricKey;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hubclient.registry.BulkRegistryOperation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers simulated devices with the official service SDK, idempotently: an existing device is reused (and keeps
 * the tags an operator may have changed), a missing one is created with generated keys and tagged with site,
 * model and ring. Many devices at once go through IoT Hub's bulk registry operation, 100 a request
 * ({@link #registerBatch}); one device, or every device when the hub has no bulk route, through single adds
 * ({@link #register}). Blocking: call it from the fleet's I/O executor.
 */
final class DeviceRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistrar.class);

    /** The outcome for one device: its primary key (a secret) and whether it was created now. */
    record Registration(String deviceId, String primaryKey, boolean created) {
        @Override
        public String toString() {
            return "Registration[" + deviceId + ", created=" + created + "]";
        }
    }

    /** Registration was refused in a way retrying will not fix (bad policy or key). */
    static final class RegistrationRefusedException extends Exception {
        RegistrationRefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final RegistryClient registry;
    private final TwinClient twins;
    private final BulkRegistryOperation bulk;
    private volatile boolean bulkNotServed;

    DeviceRegistrar(HubTarget hub) {
        if (hub.hasCustomServiceEndpoint()) {
            // a connection string cannot carry a port: use the host:port constructors with a SAS credential
            AzureSasCredential credential = new AzureSasCredential(new IotHubServiceSasToken(
                    IotHubConnectionStringBuilder.createIotHubConnectionString(hub.serviceConnectionString()))
                    .toString());
            this.registry = new RegistryClient(hub.serviceEndpoint(), credential);
            this.twins = new TwinClient(hub.serviceEndpoint(), credential);
        } else {
            this.registry = new RegistryClient(hub.serviceConnectionString());
            this.twins = new TwinClient(hub.serviceConnectionString());
        }
        this.bulk = new BulkRegistryOperation(hub.serviceEndpoint(), hub.serviceConnectionString());
    }

    /**
     * Creates up to 100 devices in one bulk request with keys generated here; a device that already exists is
     * reused with its keys, as {@link #register} does. Returns the devices it registered, in order; the others (a
     * device the hub refused for another reason, or all of them when the hub has no bulk route) are left to
     * {@link #register}. Devices it created still need their tags: {@link #tag}.
     */
    Map<String, Registration> registerBatch(List<String> deviceIds)
            throws IOException, IotHubException, RegistrationRefusedException {
        Map<String, Registration> registered = new LinkedHashMap<>();
        if (bulkNotServed || deviceIds.isEmpty()) {
            return registered;
        }
        Map<String, SymmetricKey> keys = new LinkedHashMap<>();
        List<BulkRegistryOperation.Device> devices = new ArrayList<>();
        for (String id : deviceIds) {
            keys.put(id, new SymmetricKey());
            devices.add(BulkRegistryOperation.Device.withKeys(id, keys.get(id)));
        }
        Map<String, BulkRegistryOperation.DeviceError> errors;
        try {
            errors = bulk.register(devices, BulkRegistryOperation.Mode.CREATE);
        } catch (BulkRegistryOperation.NotServedException e) {
            if (!bulkNotServed) {
                bulkNotServed = true;
                LOG.info("{}: registering devices one by one", e.getMessage());
            }
            return registered;
        } catch (IotHubUnauthorizedException e) {
            throw refused(e);
        }
        for (String id : deviceIds) {
            BulkRegistryOperation.DeviceError error = errors.get(id);
            if (error == null) {
                registered.put(id, new Registration(id, keys.get(id).getPrimaryKey(), true));
            } else if (error.code().equals("DeviceAlreadyExists")) {
                try {
                    registered.put(id, new Registration(id, registry.getDevice(id).getPrimaryKey(), false));
                } catch (IotHubUnauthorizedException e) {
                    throw refused(e);
                } catch (IOException | IotHubException e) {
                    // left to register(), which retries; the devices created above keep their keys and tags
                    LOG.debug("reading the existing {} failed: {}", id, e.toString());
                }
            } else {
                LOG.debug("the hub refused to create {} in bulk ({}): trying it alone", id, error.code());
            }
        }
        return registered;
    }

    /**
     * Sets the twin tags of a device created here (an existing device keeps the tags it has); none to set (a shape's
     * device without tags) is no call at all, since the SDK refuses an empty patch.
     */
    void tag(String deviceId, Map<String, Object> tags) throws IOException, IotHubException {
        if (tags.isEmpty()) {
            return;
        }
        Twin twin = new Twin(deviceId);
        twin.getTags().putAll(tags);
        twins.patch(twin);
    }

    Registration register(String deviceId, Map<String, Object> tags)
            throws IOException, IotHubException, RegistrationRefusedException {
        try {
            Device existing = registry.getDevice(deviceId);
            return new Registration(deviceId, existing.getPrimaryKey(), false);
        } catch (IotHubNotFoundException notFound) {
            LOG.debug("{} is not registered yet", deviceId);
        } catch (IotHubUnauthorizedException e) {
            throw refused(e);
        }
        Device created;
        try {
            created = registry.addDevice(new Device(deviceId));
        } catch (IotHubConflictException raced) {
            // registered by someone else in the meantime: use theirs
            return new Registration(deviceId, registry.getDevice(deviceId).getPrimaryKey(), false);
        } catch (IotHubUnauthorizedException e) {
            throw refused(e);
        }
        tag(deviceId, tags);
        return new Registration(deviceId, created.getPrimaryKey(), true);
    }

    private static RegistrationRefusedException refused(IotHubUnauthorizedException e) {
        return new RegistrationRefusedException("the hub refused device registration (unauthorized): the connection "
                + "string needs a policy with registry write permission, e.g. iothubowner", e);
    }
}
