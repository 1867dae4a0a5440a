package dev.twinops.rollout.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinops.rollout.engine.DeviceRecord;
import dev.twinops.rollout.engine.DeviceState;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.engine.WaveState;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.PlanJson;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.testing.LeaseHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
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

    @Test
    void twoRunnersInOneProcessNeverHoldOneRolloutAndTheLeaseGoesWhenTheFirstLetsGo() throws Exception {
        FileRolloutStore store = new FileRolloutStore(home);
        FileRolloutStore sameHome = new FileRolloutStore(home);
        long pid = ProcessHandle.current().pid();

        RolloutLease first = store.lease("r-1", "the console");

        assertThatThrownBy(() -> sameHome.lease("r-1", "rollout-engine.jar resume"))
                .isInstanceOf(RolloutLeasedException.class)
                .hasMessage("rollout r-1 is being run by another runner in this process (pid " + pid
                        + ", the console)");
        try (RolloutLease other = sameHome.lease("r-2", "rollout-engine.jar run")) {
            assertThat(other.rolloutId()).isEqualTo("r-2"); // one lease per rollout
        }
        first.close();
        first.close();
        try (RolloutLease second = sameHome.lease("r-1", "rollout-engine.jar resume")) {
            assertThat(second.rolloutId()).isEqualTo("r-1");
            assertThatThrownBy(() -> store.lease("r-1", "the console")).isInstanceOf(RolloutLeasedException.class);
        }
        Path lock = home.resolve("rollouts").resolve("r-1.lock");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lock))).isEqualTo("rw-------");
        assertThat(store.list()).isEmpty(); // lock files are not rollouts
    }

    @Test
    void aLeaseHeldByAnotherProcessIsRefusedWithItsPidAndFreedWhenThatProcessDies() throws Exception {
        FileRolloutStore store = new FileRolloutStore(home);
        Process holder = LeaseHolder.start(home, "r-1", "rollout-engine.jar run");
        try {
            assertThatThrownBy(() -> store.lease("r-1", "the console"))
                    .isInstanceOfSatisfying(RolloutLeasedException.class, e -> {
                        assertThat(e.pid()).isEqualTo(holder.pid());
                        assertThat(e.holder()).isEqualTo("rollout-engine.jar run");
                    })
                    .hasMessage("rollout r-1 is being run by another process (pid " + holder.pid()
                            + ", rollout-engine.jar run)");
        } finally {
            holder.destroyForcibly(); // killed, not closed: the OS releases its lock
            holder.waitFor(30, TimeUnit.SECONDS);
        }

        try (RolloutLease lease = store.lease("r-1", "the console")) {
            assertThat(lease.rolloutId()).isEqualTo("r-1");
        }
    }
}
