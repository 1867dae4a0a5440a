package dev.twinops.hub.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.twinops.hub.state.StateTestSupport.done;
import static dev.twinops.hub.state.StateTestSupport.newDevice;
import static dev.twinops.hub.state.StateTestSupport.refusal;
import static org.assertj.core.api.Assertions.assertThat;

/** Bulk registry requests: IoT Hub's import modes, per-device refusals, and one commit per request. */
class BulkRegistryTest {

    @TempDir
    Path dataDir;

    @Test
    void eachImportModeDoesWhatIotHubDocuments() {
        try (HubState state = HubState.open(dataDir)) {
            DeviceRegistry registry = state.registry();
            DeviceIdentity a = done(registry.putDevice(newDevice("a"), null));
            DeviceIdentity b = done(registry.putDevice(newDevice("b"), null));
            done(registry.putDevice(newDevice("c"), null));
            DeviceIdentity d = done(registry.putDevice(newDevice("d"), null));
            done(state.sessions().save("c", Set.of("$iothub/methods/POST/#")));

            List<RegistryOperation.Refusal> refused = done(registry.apply(List.of(
                    new RegistryOperation(ImportMode.CREATE, newDevice("new"), null),
                    new RegistryOperation(ImportMode.CREATE_OR_UPDATE, disabled("a"), null),
                    new RegistryOperation(ImportMode.CREATE_OR_UPDATE_IF_MATCH_ETAG, disabled("upserted"), "\"*\""),
                    new RegistryOperation(ImportMode.UPDATE_IF_MATCH_ETAG, disabled("b"), "\"" + b.etag() + "\""),
                    new RegistryOperation(ImportMode.DELETE, newDevice("c"), null),
                    new RegistryOperation(ImportMode.DELETE_IF_MATCH_ETAG, newDevice("d"), d.etag()))));

            assertThat(refused).isEmpty();
            assertThat(registry.device("new")).isPresent();
            assertThat(registry.device("a").orElseThrow().status()).isEqualTo(DeviceStatus.DISABLED);
            assertThat(registry.device("a").orElseThrow().primaryKey()).isEqualTo(a.primaryKey());
            assertThat(registry.device("upserted").orElseThrow().status()).isEqualTo(DeviceStatus.DISABLED);
            assertThat(registry.device("b").orElseThrow().status()).isEqualTo(DeviceStatus.DISABLED);
            assertThat(registry.device("c")).isEmpty();
            assertThat(state.sessions().subscriptions("c")).as("a deleted device's sessions go with it").isEmpty();
            assertThat(registry.device("d")).isEmpty();
            assertThat(state.serviceTwin("new").path("version").asLong()).as("a new device has its twin").isEqualTo(1);
        }
    }

    @Test
    void aPartThatCannotBeDoneIsRefusedAloneAndTheRestIsDone() {
        try (HubState state = HubState.open(dataDir)) {
            DeviceRegistry registry = state.registry();
            DeviceIdentity existing = done(registry.putDevice(newDevice("existing"), null));

            List<RegistryOperation.Refusal> refused = done(registry.apply(List.of(
                    new RegistryOperation(ImportMode.CREATE, newDevice("existing"), null),
                    new RegistryOperation(ImportMode.UPDATE, disabled("missing"), null),
                    new RegistryOperation(ImportMode.CREATE, newDevice("fresh"), null),
                    new RegistryOperation(ImportMode.DELETE_IF_MATCH_ETAG, newDevice("existing2"), null),
                    new RegistryOperation(ImportMode.CREATE, newDevice("bad id"), null),
                    new RegistryOperation(ImportMode.UPDATE_IF_MATCH_ETAG, disabled("existing3"), "stale"))));

            assertThat(refused).extracting(RegistryOperation.Refusal::deviceId, RegistryOperation.Refusal::error)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("existing", HubError.DEVICE_ALREADY_EXISTS),
                            org.assertj.core.groups.Tuple.tuple("missing", HubError.DEVICE_NOT_FOUND),
                            org.assertj.core.groups.Tuple.tuple("existing2", HubError.ARGUMENT_INVALID),
                            org.assertj.core.groups.Tuple.tuple("bad id", HubError.ARGUMENT_INVALID),
                            org.assertj.core.groups.Tuple.tuple("existing3", HubError.DEVICE_NOT_FOUND));
            assertThat(registry.device("fresh")).isPresent();
            assertThat(registry.device("existing")).contains(existing);
            assertThat(registry.device("missing")).isEmpty();
        }
    }

    @Test
    void requestsTheHubRefusesAsAWholeChangeNothing() {
        try (HubState state = HubState.open(dataDir)) {
            DeviceRegistry registry = state.registry();
            List<RegistryOperation> tooMany = new ArrayList<>();
            for (int i = 0; i <= DeviceRegistry.MAX_BULK_OPERATIONS; i++) {
                tooMany.add(new RegistryOperation(ImportMode.CREATE, newDevice("d" + i), null));
            }

            assertThat(refusal(registry.apply(tooMany)).error()).isEqualTo(HubError.TOO_MANY_DEVICES);
            assertThat(refusal(registry.apply(List.of(
                    new RegistryOperation(ImportMode.CREATE, newDevice("twice"), null),
                    new RegistryOperation(ImportMode.DELETE, newDevice("twice"), null)))).error())
                    .isEqualTo(HubError.DEVICE_DEFINED_MULTIPLE_TIMES);
            assertThat(refusal(registry.apply(List.of())).error()).isEqualTo(HubError.ARGUMENT_INVALID);
            assertThat(registry.deviceCount()).isZero();
        }
    }

    @Test
    void aRequestReachesTheDiskWholeOrNotAtAll() throws Exception {
        List<RegistryOperation> hundred = new ArrayList<>();
        for (int i = 0; i < DeviceRegistry.MAX_BULK_OPERATIONS; i++) {
            hundred.add(new RegistryOperation(ImportMode.CREATE, newDevice(String.format("fleet-%03d", i)), null));
        }
        try (HubState state = HubState.open(dataDir)) {
            // the 51st insert fails inside the database, after fifty devices of the request were written
            done(state.writer().submit(tx -> {
                try (Statement statement = tx.connection().createStatement()) {
                    return statement.execute("CREATE TRIGGER refuse_fleet_050 BEFORE INSERT ON devices"
                            + " WHEN NEW.device_id = 'fleet-050' BEGIN SELECT RAISE(ABORT, 'the disk refused it'); END");
                }
            }));

            HubException failed = refusal(state.registry().apply(hundred));

            assertThat(failed.error()).isEqualTo(HubError.SERVER_ERROR);
            assertThat(state.registry().deviceCount()).as("none of the fifty written before").isZero();
            assertThat(state.twins()).isEmpty();
            done(state.writer().submit(tx -> {
                try (Statement statement = tx.connection().createStatement()) {
                    return statement.execute("DROP TRIGGER refuse_fleet_050");
                }
            }));
        }
        try (HubState state = HubState.open(dataDir)) {
            assertThat(state.registry().deviceCount()).as("nothing of it on disk either").isZero();
            assertThat(done(state.registry().apply(hundred))).isEmpty();
        }
        try (HubState state = HubState.open(dataDir)) {
            assertThat(state.registry().deviceCount()).isEqualTo(DeviceRegistry.MAX_BULK_OPERATIONS);
            assertThat(state.twins()).hasSize(DeviceRegistry.MAX_BULK_OPERATIONS);
        }
    }

    private static DeviceIdentity disabled(String id) {
        return new DeviceIdentity(id, null, null, DeviceStatus.DISABLED, null, null, null, null);
    }
}
