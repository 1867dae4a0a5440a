package dev.twinops.hub.http;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubUnauthorizedException;
import com.microsoft.azure.sdk.iot.service.methods.DirectMethodsClient;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.Module;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.testing.TestHubs;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SDK's module calls (the end-to-end suite's {@code crud_module_e2e}) against a hub without modules: IoT Hub's
 * own codes, not the 404000 of an unknown route.
 */
class ModuleRoutesTest {

    @TempDir
    static Path dataDir;

    static LocalHub hub;
    static RegistryClient registry;
    static TwinClient twins;
    static DirectMethodsClient methods;

    @BeforeAll
    static void startHub() throws Exception {
        hub = TestHubs.start(dataDir);
        String endpoint = hub.connectionInfo().serviceEndpoint();
        registry = new RegistryClient(endpoint, TestHubs.credential(hub, "iothubowner"));
        twins = new TwinClient(endpoint, TestHubs.credential(hub, "iothubowner"));
        methods = new DirectMethodsClient(endpoint, TestHubs.credential(hub, "iothubowner"));
        registry.addDevice(new Device("with-modules"));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void creatingAModuleIsRefusedAsAnInvalidArgument() {
        assertThatThrownBy(() -> registry.addModule(new Module("with-modules", "m1")))
                .isInstanceOfSatisfying(IotHubBadFormatException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400004))
                .hasMessageContaining("does not support modules");
        assertThatThrownBy(() -> registry.updateModule(new Module("with-modules", "m1")))
                .isInstanceOfSatisfying(IotHubBadFormatException.class, e -> assertThat(e.getErrorCode()).isEqualTo(400004));
    }

    @Test
    void aModuleIsNeverFoundAndADeviceListsNone() throws Exception {
        assertThat(registry.getModulesOnDevice("with-modules")).isEmpty();
        assertModuleNotFound(() -> registry.getModule("with-modules", "m1"));
        assertModuleNotFound(() -> registry.removeModule("with-modules", "m1"));
        assertModuleNotFound(() -> twins.get("with-modules", "m1"));
        Twin patch = new Twin("with-modules", "m1");
        patch.getTags().put("site", "plant-7");
        assertModuleNotFound(() -> twins.patch(patch));
        assertModuleNotFound(() -> twins.replace(patch));
        assertModuleNotFound(() -> methods.invoke("with-modules", "m1", "reboot"));
        // the device itself is untouched
        assertThat(registry.getDevice("with-modules").getDeviceId()).isEqualTo("with-modules");
        assertThat(twins.get("with-modules").getTags()).isEmpty();
    }

    @Test
    void anUnknownDeviceIsReportedBeforeItsModule() {
        for (ThrowingCallable call : new ThrowingCallable[] {
                () -> registry.addModule(new Module("no-such-device", "m1")),
                () -> registry.getModule("no-such-device", "m1"),
                () -> registry.getModulesOnDevice("no-such-device"),
                () -> twins.get("no-such-device", "m1")}) {
            assertThatThrownBy(call).isInstanceOfSatisfying(IotHubNotFoundException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo(404001));
        }
    }

    @Test
    void moduleRoutesNeedTheSamePermissionsAsTheirDeviceRoutes() {
        RegistryClient readOnly = new RegistryClient(hub.connectionInfo().serviceEndpoint(),
                TestHubs.credential(hub, "registryRead"));
        assertThatThrownBy(() -> readOnly.addModule(new Module("with-modules", "m1")))
                .isInstanceOf(IotHubUnauthorizedException.class);
        RegistryClient serviceOnly = new RegistryClient(hub.connectionInfo().serviceEndpoint(),
                TestHubs.credential(hub, "service"));
        assertThatThrownBy(() -> serviceOnly.getModule("with-modules", "m1"))
                .isInstanceOf(IotHubUnauthorizedException.class);
    }

    private static void assertModuleNotFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(IotHubNotFoundException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(404010);
            assertThat(e.getMessage()).contains("does not support modules");
        }).isInstanceOf(IotHubException.class);
    }
}
