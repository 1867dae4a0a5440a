package dev.twinops.hub.state;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.json;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static dev.twinops.hub.state.StateTestSupport.refusal;
import static org.assertj.core.api.Assertions.assertThat;

class HubStateRegistryTest {

    @TempDir
    Path dataDir;

    private final StateTestSupport.ManualClock clock =
            new StateTestSupport.ManualClock(Instant.parse("2026-02-01T10:00:00Z"));
    private HubState state;

    @BeforeEach
    void open() {
        state = HubState.open(dataDir, clock);
    }

    @AfterEach
    void close() {
        state.close();
    }

    @Test
    void creatingADeviceGeneratesKeysEtagAndGenerationId() {
        DeviceIdentity created = done(state.registry().putDevice(newDevice("dev1"), null));

        assertThat(Base64.getDecoder().decode(created.primaryKey())).hasSize(32);
        assertThat(Base64.getDecoder().decode(created.secondaryKey())).hasSize(32);
        assertThat(created.primaryKey()).isNotEqualTo(created.secondaryKey());
        assertThat(created.etag()).isNotBlank();
        assertThat(created.generationId()).isNotBlank();
        assertThat(created.status()).isEqualTo(DeviceStatus.ENABLED);
        assertThat(created.statusUpdatedTime()).isEqualTo(IotHubTime.NEVER);
        assertThat(state.registry().device("dev1")).contains(created);
        assertThat(state.registry().deviceCount()).isEqualTo(1);
    }

    @Test
    void givenKeysAreKept() {
        String primary = Base64.getEncoder().encodeToString(new byte[32]);
        String secondary = Base64.getEncoder().encodeToString(new byte[16]);
        DeviceIdentity created = done(state.registry().putDevice(
                new DeviceIdentity("dev1", primary, secondary, null, null, null, null, null), null));

        assertThat(created.primaryKey()).isEqualTo(primary);
        assertThat(created.secondaryKey()).isEqualTo(secondary);
    }

    @Test
    void badKeysAreRefused() {
        HubException notBase64 = refusal(state.registry().putDevice(
                new DeviceIdentity("dev1", "not base64!", null, null, null, null, null, null), null));
        HubException tooShort = refusal(state.registry().putDevice(new DeviceIdentity("dev1",
                Base64.getEncoder().encodeToString(new byte[8]), null, null, null, null, null, null), null));

        assertThat(notBase64.getMessage()).contains("primary key is not valid base64");
        assertThat(tooShort.getMessage()).contains("8 bytes").contains("16 to 64");
        assertThat(state.registry().device("dev1")).isEmpty();
    }

    @Test
    void creatingAnExistingDeviceIsAConflictAndChangesNothing() {
        DeviceIdentity first = done(state.registry().putDevice(newDevice("dev1"), null));

        HubException conflict = refusal(state.registry().putDevice(newDevice("dev1"), null));

        assertThat(conflict.error()).isEqualTo(HubError.DEVICE_ALREADY_EXISTS);
        assertThat(conflict.error().errorCode()).isEqualTo(409001);
        assertThat(state.registry().device("dev1")).contains(first);
    }

    @Test
    void updatingWithTheEtagOrStarChangesStatusAndEtagButKeepsKeys() {
        DeviceIdentity created = done(state.registry().putDevice(newDevice("dev1"), null));
        clock.advance(java.time.Duration.ofMinutes(5));

        DeviceIdentity disabled = done(state.registry().putDevice(new DeviceIdentity("dev1", null, null, DeviceStatus.DISABLED,
                "maintenance", null, null, null), created.etag()));

        assertThat(disabled.status()).isEqualTo(DeviceStatus.DISABLED);
        assertThat(disabled.statusReason()).isEqualTo("maintenance");
        assertThat(disabled.statusUpdatedTime()).isEqualTo(Instant.parse("2026-02-01T10:05:00Z"));
        assertThat(disabled.etag()).isNotEqualTo(created.etag());
        assertThat(disabled.primaryKey()).isEqualTo(created.primaryKey());
        assertThat(disabled.generationId()).isEqualTo(created.generationId());
        assertThat(state.serviceTwin("dev1").path("status").asText()).isEqualTo("disabled");
        assertThat(state.serviceTwin("dev1").path("statusReason").asText()).isEqualTo("maintenance");
        assertThat(state.serviceTwin("dev1").path("statusUpdateTime").asText()).isEqualTo("2026-02-01T10:05:00.0000000Z");
        assertThat(state.serviceTwin("dev1").path("deviceEtag").asText()).isEqualTo(disabled.etag());

        DeviceIdentity enabled = done(state.registry().putDevice(newDevice("dev1"), "*"));
        assertThat(enabled.status()).isEqualTo(DeviceStatus.ENABLED);
    }

    @Test
    void updatingWithAStaleEtagIsAPreconditionFailure() {
        DeviceIdentity created = done(state.registry().putDevice(newDevice("dev1"), null));
        DeviceIdentity updated = done(state.registry().putDevice(newDevice("dev1"), "\"" + created.etag() + "\""));

        HubException stale = refusal(state.registry().putDevice(new DeviceIdentity("dev1", null, null, DeviceStatus.DISABLED,
                null, null, null, null), created.etag()));

        assertThat(stale.error()).isEqualTo(HubError.PRECONDITION_FAILED);
        assertThat(state.registry().device("dev1")).contains(updated);
    }

    @Test
    void updatingAnUnknownDeviceIsNotFound() {
        assertThat(refusal(state.registry().putDevice(newDevice("ghost"), "*")).error()).isEqualTo(HubError.DEVICE_NOT_FOUND);
    }

    @Test
    void deletingRemovesDeviceTwinAndSessionsAndHonoursIfMatch() {
        DeviceIdentity created = done(state.registry().putDevice(newDevice("dev1"), null));
        done(state.registry().putDevice(newDevice("dev2"), null));
        done(state.patchTwin("dev1", json("{'tags':{'a':1}}"), null));
        done(state.sessions().save("dev1", Set.of("$iothub/methods/POST/#")));
        done(state.sessions().save("dev1/module", Set.of("x")));
        done(state.sessions().save("dev10", Set.of("y")));
        List<String> deleted = new CopyOnWriteArrayList<>();
        state.registry().addRegistryListener(new RegistryListener() {
            @Override
            public void deviceDeleted(String deviceId) {
                deleted.add(deviceId);
            }
        });

        assertThat(refusal(state.registry().deleteDevice("dev1", "\"stale\"")).error()).isEqualTo(HubError.PRECONDITION_FAILED);
        assertThat(state.registry().device("dev1")).isPresent();
        done(state.registry().deleteDevice("dev1", created.etag()));

        assertThat(state.registry().device("dev1")).isEmpty();
        assertThat(state.twins()).extracting(t -> t.path("deviceId").asText()).containsExactly("dev2");
        assertThat(state.sessions().subscriptions("dev1")).isEmpty();
        assertThat(state.sessions().subscriptions("dev1/module")).isEmpty();
        assertThat(state.sessions().subscriptions("dev10")).containsExactly("y");
        assertThat(deleted).containsExactly("dev1");
        assertThat(refusal(state.registry().deleteDevice("dev1", null)).error()).isEqualTo(HubError.DEVICE_NOT_FOUND);

        DeviceIdentity again = done(state.registry().putDevice(newDevice("dev1"), null));
        assertThat(state.serviceTwin("dev1").path("tags").isEmpty()).as("a recreated device starts afresh").isTrue();
        assertThat(again.generationId()).isNotEqualTo(created.generationId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/inside", "ümlaut", "semi;colon"})
    void invalidDeviceIdsAreRefusedWithTheRule(String id) {
        HubException refusal = refusal(state.registry().putDevice(newDevice(id), null));

        assertThat(refusal.error()).isEqualTo(HubError.ARGUMENT_INVALID);
        assertThat(refusal.getMessage()).contains("device id '" + id + "' is invalid").contains("128");
        assertThat(state.registry().deviceCount()).isZero();
    }

    @Test
    void everyCharacterIotHubAllowsInAnIdWorks() {
        String id = "Az09-.+%_#*?!(),:=@$'";
        done(state.registry().putDevice(newDevice(id), null));
        done(state.registry().putDevice(newDevice("x".repeat(128)), null));

        assertThat(state.registry().device(id)).isPresent();
        assertThat(refusal(state.registry().putDevice(newDevice("x".repeat(129)), null)).error()).isEqualTo(HubError.ARGUMENT_INVALID);
    }

    @Test
    void registryListenerHearsAboutUpdates() {
        List<DeviceStatus> statuses = new CopyOnWriteArrayList<>();
        state.registry().addRegistryListener(new RegistryListener() {
            @Override
            public void deviceUpdated(DeviceIdentity device) {
                statuses.add(device.status());
            }
        });

        done(state.registry().putDevice(newDevice("dev1"), null));
        done(state.registry().putDevice(new DeviceIdentity("dev1", null, null, DeviceStatus.DISABLED, null, null, null, null), "*"));

        assertThat(statuses).containsExactly(DeviceStatus.ENABLED, DeviceStatus.DISABLED);
    }
}
