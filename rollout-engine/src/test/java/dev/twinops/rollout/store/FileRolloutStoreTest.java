package dev.twinops.rollout.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.engine.DeviceRecord;
import dev.twinops.rollout.engine.DeviceState;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.engine.WaveState;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.PlanJson;
import dev.twinops.rollout.plan.RolloutPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRolloutStoreTest {

    @TempDir
    Path home;

    @Test
    void aSavedStateLoadsBackOwnerOnlyWithNothingHalfWritten() throws Exception {
        FileRolloutStore store = new FileRolloutStore(home);
        RolloutState state = new RolloutState();
        state.rolloutId = "r-1";
        state.plan = PlanJson.validate(new RolloutPlan("r-1", null, "tags.site = 'a'",
                OperationSpec.firmwareUpdate("https://fw.example/a.bin", "2.0.0", "ab".repeat(32)), null));
        state.phase = Phase.PAUSED;
        state.reason = "paused by the operator";
        WaveState wave = new WaveState();
        DeviceRecord r = new DeviceRecord("dev-1", 0);
        r.state = DeviceState.FAILED;
        r.errorCode = "DOWNLOAD_FAILED";
        r.finishedAt = Instant.parse("2026-03-01T10:00:05.123Z");
        wave.devices.put("dev-1", r);
        state.waves.add(wave);

        store.save(state);
        state.reason = "second save replaces the first";
        store.save(state);

        RolloutState loaded = store.load("r-1").orElseThrow();
        assertThat(loaded.plan).isEqualTo(state.plan);
        assertThat(loaded.reason).isEqualTo("second save replaces the first");
        assertThat(loaded.waves.get(0).devices.get("dev-1").finishedAt).isEqualTo(r.finishedAt);
        assertThat(loaded.waves.get(0).devices.get("dev-1").errorCode).isEqualTo("DOWNLOAD_FAILED");
        assertThat(store.list()).containsExactly("r-1");
        assertThat(store.load("other")).isEmpty();
        Path file = home.resolve("rollouts").resolve("r-1.json");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }
}
