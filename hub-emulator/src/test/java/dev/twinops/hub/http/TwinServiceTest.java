package dev.twinops.hub.http;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubPreconditionFailedException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.RegistryClient;
import com.microsoft.azure.sdk.iot.service.twin.Twin;
import com.microsoft.azure.sdk.iot.service.twin.TwinClient;
import dev.twinops.hub.LocalHub;
import dev.twinops.hub.testing.TestHubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Device twins, service side, through the official TwinClient. */
class TwinServiceTest {

    @TempDir
    static Path dataDir;

    static LocalHub hub;
    static TwinClient twins;
    static RegistryClient registry;

    @BeforeAll
    static void startHub() throws Exception {
        hub = TestHubs.start(dataDir);
        twins = new TwinClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner"));
        registry = new RegistryClient(hub.connectionInfo().serviceEndpoint(), TestHubs.credential(hub, "iothubowner"));
        registry.addDevice(new Device("twin-1"));
        registry.addDevice(new Device("twin-etag"));
        registry.addDevice(new Device("twin-replace"));
    }

    @AfterAll
    static void stopHub() {
        hub.close();
    }

    @Test
    void aNewDeviceHasAnEmptyTwin() throws Exception {
        Twin twin = twins.get("twin-1");
        assertThat(twin.getDeviceId()).isEqualTo("twin-1");
        assertThat(twin.getETag()).isNotBlank();
        assertThat(twin.getConnectionState()).isEqualToIgnoringCase("Disconnected");
        assertThat(twin.getReportedProperties()).isEmpty();
    }

    @Test
    void tagsAndDesiredPropertiesRoundTripAndNullDeletes() throws Exception {
        Twin patch = new Twin("twin-1");
        patch.getTags().put("site", "plant-1");
        patch.getDesiredProperties().put("telemetryInterval", 10);
        patch.getDesiredProperties().put("obsolete", "x");
        Twin patched = twins.patch(patch);
        assertThat(patched.getTags()).containsEntry("site", "plant-1");
        assertThat(((Number) patched.getDesiredProperties().get("telemetryInterval")).intValue()).isEqualTo(10);
        int desiredVersion = patched.getDesiredProperties().getVersion();

        Twin delete = new Twin("twin-1");
        delete.getDesiredProperties().put("obsolete", null);
        twins.patch(delete);

        Twin read = twins.get("twin-1");
        assertThat(read.getTags()).containsEntry("site", "plant-1");
        assertThat(read.getDesiredProperties()).containsKey("telemetryInterval").doesNotContainKey("obsolete");
        assertThat(read.getDesiredProperties().getVersion()).isEqualTo(desiredVersion + 1);
    }

    @Test
    void aPatchWithAStaleEtagIsRefusedWith412AndChangesNothing() throws Exception {
        Twin before = twins.get("twin-etag");
        Twin first = new Twin("twin-etag");
        first.getTags().put("owner", "alice");
        Twin after = twins.patch(first, before.getETag());
        assertThat(after.getETag()).isNotEqualTo(before.getETag());

        Twin stale = new Twin("twin-etag");
        stale.getTags().put("owner", "bob");
        assertThatThrownBy(() -> twins.patch(stale, before.getETag()))
                .isInstanceOf(IotHubPreconditionFailedException.class)
                .satisfies(e -> assertThat(((IotHubPreconditionFailedException) e).getErrorCode()).isEqualTo(412001));
        assertThat(twins.get("twin-etag").getTags()).containsEntry("owner", "alice");

        Twin current = new Twin("twin-etag");
        current.getTags().put("owner", "carol");
        assertThat(twins.patch(current, after.getETag()).getTags()).containsEntry("owner", "carol");
    }

    @Test
    void replaceSetsTagsAndDesiredToExactlyWhatIsSent() throws Exception {
        Twin patch = new Twin("twin-replace");
        patch.getTags().put("a", 1);
        patch.getTags().put("b", 2);
        twins.patch(patch);

        Twin replacement = new Twin("twin-replace");
        replacement.getTags().put("c", 3);
        replacement.getDesiredProperties().put("mode", "eco");
        Twin replaced = twins.replace(replacement);
        assertThat(replaced.getTags()).containsOnlyKeys("c");
        assertThat(twins.get("twin-replace").getDesiredProperties()).containsEntry("mode", "eco");
    }

    @Test
    void twinsOfUnknownDevicesAreNotFound() {
        assertThatThrownBy(() -> twins.get("no-such-device"))
                .isInstanceOf(IotHubNotFoundException.class)
                .satisfies(e -> assertThat(((IotHubNotFoundException) e).getErrorCode()).isEqualTo(404001));
        Twin patch = new Twin("no-such-device");
        patch.getTags().put("x", 1);
        assertThatThrownBy(() -> twins.patch(patch)).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void aPatchBreakingATwinLimitIsRefusedWith400AndNothingIsStored() throws Exception {
        Twin tooBig = new Twin("twin-1");
        tooBig.getTags().put("blob", "x".repeat(9 * 1024));
        assertThatThrownBy(() -> twins.patch(tooBig)).isInstanceOf(IotHubBadFormatException.class);
        assertThat(twins.get("twin-1").getTags()).doesNotContainKey("blob");
    }
}
