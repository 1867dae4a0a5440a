package dev.twinops.hub.http;

import com.microsoft.azure.sdk.iot.service.auth.AuthenticationType;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubBadFormatException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubConflictException;
import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.registry.Device;
import com.microsoft.azure.sdk.iot.service.registry.DeviceConnectionState;
import com.microsoft.azure.sdk.iot.service.registry.DeviceStatus;
import com.microsoft.azure.sdk.iot.service.registry.RegistryStatistics;
import dev.twinops.hub.testing.RegistryTestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The identity registry through the official RegistryClient. */
class RegistryServiceTest {

    @RegisterExtension
    static final RegistryTestHub fixture = new RegistryTestHub();

    @Test
    void addGetDisableAndRemoveADevice() throws Exception {
        Device added = fixture.registry().addDevice(new Device("reg-1"));
        assertThat(added.getDeviceId()).isEqualTo("reg-1");
        assertThat(added.getPrimaryKey()).isNotBlank();
        assertThat(added.getStatus()).isEqualTo(DeviceStatus.Enabled);
        assertThat(added.getConnectionState()).isEqualTo(DeviceConnectionState.Disconnected);
        assertThat(added.getETag()).isNotBlank();

        Device read = fixture.registry().getDevice("reg-1");
        assertThat(read.getPrimaryKey()).isEqualTo(added.getPrimaryKey());
        assertThat(read.getSecondaryKey()).isEqualTo(added.getSecondaryKey());
        assertThat(read.getAuthenticationType()).isEqualTo(AuthenticationType.SAS);

        read.setStatus(DeviceStatus.Disabled);
        Device disabled = fixture.registry().updateDevice(read);
        assertThat(disabled.getStatus()).isEqualTo(DeviceStatus.Disabled);
        assertThat(disabled.getETag()).isNotEqualTo(added.getETag());
        assertThat(fixture.registry().getDevice("reg-1").getStatus()).isEqualTo(DeviceStatus.Disabled);
        assertThat(fixture.hub().deviceConnectionString("reg-1")).contains("DeviceId=reg-1", "SharedAccessKey=" + added.getPrimaryKey());

        fixture.registry().removeDevice(disabled);
        assertThatThrownBy(() -> fixture.registry().getDevice("reg-1")).isInstanceOf(IotHubNotFoundException.class)
                .satisfies(e -> assertThat(((IotHubNotFoundException) e).getErrorCode()).isEqualTo(404001));
    }

    @Test
    void keysChosenByTheClientAreKept() throws Exception {
        Device device = new Device("reg-keys");
        String primary = device.getPrimaryKey();
        fixture.registry().addDevice(device);
        assertThat(fixture.registry().getDevice("reg-keys").getPrimaryKey()).isEqualTo(primary);
        fixture.registry().removeDevice("reg-keys");
    }

    @Test
    void addingAnExistingDeviceIsAConflict() throws Exception {
        fixture.registry().addDevice(new Device("reg-twice"));
        assertThatThrownBy(() -> fixture.registry().addDevice(new Device("reg-twice")))
                .isInstanceOf(IotHubConflictException.class)
                .satisfies(e -> assertThat(((IotHubConflictException) e).getErrorCode()).isEqualTo(409001));
        fixture.registry().removeDevice("reg-twice");
    }

    @Test
    void unknownDevicesAreNotFound() {
        assertThatThrownBy(() -> fixture.registry().getDevice("nobody-here")).isInstanceOf(IotHubNotFoundException.class);
        assertThatThrownBy(() -> fixture.registry().removeDevice("nobody-here")).isInstanceOf(IotHubNotFoundException.class);
    }

    @Test
    void x509DevicesAreRefusedWithAClearMessage() {
        Device x509 = new Device("reg-x509", AuthenticationType.SELF_SIGNED);
        x509.setThumbprint("1234567890123456789012345678901234567890", "1234567890123456789012345678901234567890");
        assertThatThrownBy(() -> fixture.registry().addDevice(x509)).isInstanceOf(IotHubBadFormatException.class)
                .hasMessageContaining("not supported");
    }

    @Test
    void statisticsCountEnabledAndDisabledDevices() throws Exception {
        fixture.registry().addDevice(new Device("stat-on"));
        Device off = fixture.registry().addDevice(new Device("stat-off"));
        off.setStatus(DeviceStatus.Disabled);
        fixture.registry().updateDevice(off);
        try {
            RegistryStatistics stats = fixture.registry().getStatistics();
            assertThat(stats.getTotalDeviceCount()).isGreaterThanOrEqualTo(2);
            assertThat(stats.getDisabledDeviceCount()).isGreaterThanOrEqualTo(1);
            assertThat(stats.getEnabledDeviceCount() + stats.getDisabledDeviceCount()).isEqualTo(stats.getTotalDeviceCount());
        } finally {
            fixture.registry().removeDevice("stat-on");
            fixture.registry().removeDevice("stat-off");
        }
    }
}
