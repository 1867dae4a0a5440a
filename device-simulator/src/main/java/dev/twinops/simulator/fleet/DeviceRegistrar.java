package dev.twinops.simulator.fleet;

import com.azure.core.credential.AzureSasCredential;
import com.microsoft.azure.sdk.iot.service.auth.IotHubConnectionStringBuilder;
import com.microsoft.azure.sdk.iot.service.auth.IotHubServiceSasToken;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers simulated devices with the official service SDK, idempotently: an existing device is reused (and keeps
 * the tags an operator may have changed), a missing one is created with generated keys and tagged with site,
 * model and ring. Blocking: call it from the fleet's I/O executor.
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
        Twin twin = new Twin(deviceId);
        twin.getTags().putAll(tags);
        twins.patch(twin);
        return new Registration(deviceId, created.getPrimaryKey(), true);
    }

    private static RegistrationRefusedException refused(IotHubUnauthorizedException e) {
        return new RegistrationRefusedException("the hub refused device registration (unauthorized): the connection "
                + "string needs a policy with registry write permission, e.g. iothubowner", e);
    }
}
