package dev.twinops.console.rollouts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.tasks.CurrentThreadTaskRunner;
import dev.twinops.console.time.ReadableTime;
import dev.twinops.rollout.audit.AuditJournal;
import dev.twinops.rollout.engine.EngineSettings;
import dev.twinops.rollout.engine.PauseCause;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.plan.OperationSpec;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.store.FileRolloutStore;
import dev.twinops.rollout.store.RolloutLease;
import dev.twinops.rollout.store.RolloutLeasedException;

/**
 * The Rollouts tab's view model over a real supervisor and store: what a console finds on start (only this hub's
 * rollouts, carried on), and which commands each state allows.
 */
class RolloutsViewModelTest {

    @TempDir
    Path home;

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A rollout saved for {@code hub} by another runner (under the rollout's lease), left in {@code phase}. */
    private void saved(String id, String hub, Phase phase, PauseCause cause, String reason) throws Exception {
        FileRolloutStore store = new FileRolloutStore(home);
        try (RolloutLease lease = store.lease(id, "the test")) {
            RolloutEngine.create(new RolloutPlan(id, "reboot all", "", OperationSpec.reboot(), null),
                    new UnreachableHub(hub), store, null, Clock.systemUTC(), EngineSettings.DEFAULTS);
            RolloutState state = store.load(id).orElseThrow();
            state.phase = phase;
            state.pauseCause = cause;
            state.reason = reason;
            store.save(state);
        }
    }

    private RolloutSupervisor supervisor() {
        return new RolloutSupervisor(new FileRolloutStore(home), AuditJournal.inHome(home, Clock.systemUTC()), ticker,
                Clock.systemUTC(), Duration.ofMillis(50), Duration.ofMillis(100), () -> EngineSettings.DEFAULTS, () -> { });
    }

    private RolloutsViewModel viewModel(RolloutSupervisor supervisor) {
        return new RolloutsViewModel(supervisor, new CurrentThreadTaskRunner(),
                new ReadableTime(Clock.systemDefaultZone()), Instant::now);
    }

    @Test
    void onStartTheSavedRolloutsOfThisHubAreListedAndCarriedOnAndOtherHubsAreLeftAlone() throws Exception {
        saved("paused-one", "hub-a", Phase.PAUSED, PauseCause.FAILURE_THRESHOLD, "wave 1 (canary): 3 of 3 failed");
        saved("waiting-one", "hub-a", Phase.AWAITING_APPROVAL, null, "wave 2 (early) waits for approval");
        saved("done-one", "hub-a", Phase.COMPLETED, null, null);
        saved("elsewhere", "hub-b", Phase.PAUSED, PauseCause.OPERATOR, "paused by the operator");
        Files.writeString(new FileRolloutStore(home).fileOf("broken"), "{not json");
        RolloutSupervisor supervisor = supervisor();
        RolloutsViewModel vm = viewModel(supervisor);

        supervisor.useHub(new UnreachableHub("hub-a")).get(5, TimeUnit.SECONDS);
        vm.drain();

        assertThat(vm.rollouts()).extracting(RolloutItem::id)
                .containsExactlyInAnyOrder("paused-one", "waiting-one", "done-one");
        assertThat(vm.problemProperty().get()).contains("broken");
        vm.select("paused-one");
        RolloutSupervisor.Entry paused = vm.entryProperty().get();
        assertThat(paused.running()).isTrue();
        assertThat(RolloutsViewModel.headline(paused)).isEqualTo("Paused: wave 1 (canary): 3 of 3 failed");
        assertThat(RolloutsViewModel.runningNote(paused)).startsWith("Waves advance only while a console (or the "
                + "rollout-engine.jar command) runs the rollout: this console runs it now");
        assertThat(vm.canResumeProperty().get()).isTrue();
        assertThat(vm.canAbortProperty().get()).isTrue();
        assertThat(vm.canPauseProperty().get()).isFalse();
        assertThat(vm.canApproveProperty().get()).isFalse();
        assertThat(vm.canRetryProperty().get()).isFalse(); // no wave under way

        vm.select("waiting-one");
        assertThat(vm.canApproveProperty().get()).isTrue();
        assertThat(vm.canPauseProperty().get()).isTrue();
        assertThat(vm.canResumeProperty().get()).isFalse();

        vm.select("done-one");
        assertThat(vm.entryProperty().get().running()).isFalse();
        assertThat(List.of(vm.canPauseProperty().get(), vm.canResumeProperty().get(), vm.canAbortProperty().get(),
                vm.canApproveProperty().get(), vm.canRetryProperty().get())).containsOnly(false);
        assertThat(RolloutsViewModel.runningNote(vm.entryProperty().get())).isEqualTo("This rollout has ended.");

        // another hub: its own rollouts only; the first hub's engines stop
        supervisor.useHub(new UnreachableHub("hub-b")).get(5, TimeUnit.SECONDS);
        vm.drain();
        assertThat(vm.rollouts()).extracting(RolloutItem::id).containsExactly("elsewhere");
    }

    @Test
    void aCommandGoesToTheEngineAndItsOutcomeIsShown() throws Exception {
        saved("waiting-one", "hub-a", Phase.AWAITING_APPROVAL, null, "wave 2 (early) waits for approval");
        RolloutSupervisor supervisor = supervisor();
        RolloutsViewModel vm = viewModel(supervisor);
        supervisor.useHub(new UnreachableHub("hub-a")).get(5, TimeUnit.SECONDS);
        vm.drain();

        vm.pause();

        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> vm.messageProperty().get().equals("Paused."));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            vm.drain();
            return vm.entryProperty().get().status().phase() == Phase.PAUSED;
        });
        assertThat(vm.canResumeProperty().get()).isTrue();
        assertThat(new FileRolloutStore(home).load("waiting-one").orElseThrow().phase).isEqualTo(Phase.PAUSED);
        vm.approve();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> vm.messageProperty().get().startsWith("Approve refused: No wave waits for approval"));
    }

    @Test
    void rolloutsTheCommandLineSavesForThisHubShowWhateverTheCaseOrPortOfItsName() throws Exception {
        // the command line saves the connection string's host name; the console reaches a local hub at host:port
        saved("from-cli", "hub-a.example", Phase.PAUSED, PauseCause.OPERATOR, "paused by the operator");
        RolloutSupervisor supervisor = supervisor();
        RolloutsViewModel vm = viewModel(supervisor);

        supervisor.useHub(new UnreachableHub("HUB-A.example:8443")).get(5, TimeUnit.SECONDS);
        vm.drain();
        assertThat(vm.rollouts()).extracting(RolloutItem::id).containsExactly("from-cli");

        // one the command line saves while the console is connected shows too, and is carried on here
        saved("later-cli", "Hub-A.Example", Phase.AWAITING_APPROVAL, null, "wave 2 (early) waits for approval");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            vm.drain();
            vm.select("later-cli");
            RolloutSupervisor.Entry e = vm.entryProperty().get();
            return e != null && e.id().equals("later-cli") && e.running(); // once the command has let it go
        });
        assertThat(vm.canApproveProperty().get()).isTrue();
    }

    @Test
    void aRolloutAnotherRunnerHoldsIsShownReadOnlyFromItsSavedStateAndCarriedOnOnceLetGo() throws Exception {
        saved("busy", "hub-a", Phase.PAUSED, PauseCause.OPERATOR, "paused by the operator");
        FileRolloutStore elsewhere = new FileRolloutStore(home);
        RolloutLease cli = elsewhere.lease("busy", "rollout-engine.jar run");
        RolloutSupervisor supervisor = supervisor();
        RolloutsViewModel vm = viewModel(supervisor);
        try {
            supervisor.useHub(new UnreachableHub("hub-a")).get(5, TimeUnit.SECONDS);
            vm.drain();

            vm.select("busy");
            RolloutSupervisor.Entry shown = vm.entryProperty().get();
            String who = "another runner in this process (pid " + ProcessHandle.current().pid()
                    + ", rollout-engine.jar run)";
            assertThat(shown.running()).isFalse();
            assertThat(shown.runElsewhere()).isEqualTo(who);
            assertThat(RolloutsViewModel.runningNote(shown)).isEqualTo("Run elsewhere: " + who + " runs this "
                    + "rollout. This console shows its saved progress, read-only, and carries it on if that process "
                    + "stops.");
            assertThat(vm.rollouts().get(0).textProperty().get()).contains(" · run elsewhere");
            assertThat(List.of(vm.canPauseProperty().get(), vm.canResumeProperty().get(), vm.canAbortProperty().get(),
                    vm.canApproveProperty().get(), vm.canRetryProperty().get())).containsOnly(false);
            vm.resume();
            assertThat(vm.messageProperty().get()).isEqualTo("Resume: this rollout is not run by this console but by "
                    + who + ".");
            assertThat(supervisor.engine("busy")).isNull();

            // the other runner moves it on: the view follows the saved state
            RolloutState moved = elsewhere.load("busy").orElseThrow();
            moved.phase = Phase.AWAITING_APPROVAL;
            moved.pauseCause = null;
            moved.reason = "wave 2 (early) waits for approval";
            elsewhere.save(moved);
            // a later modification time than the first save's, whatever the file system's time resolution
            Files.setLastModifiedTime(elsewhere.fileOf("busy"),
                    java.nio.file.attribute.FileTime.from(Instant.now().plusSeconds(5)));
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                vm.drain();
                return vm.entryProperty().get().status().phase() == Phase.AWAITING_APPROVAL;
            });
            assertThat(RolloutsViewModel.headline(vm.entryProperty().get()))
                    .isEqualTo("Waiting for approval: wave 2 (early) waits for approval");
            Path report = home.resolve("busy.csv");
            vm.exportReport(report, RolloutsViewModel.ReportFormat.CSV);
            assertThat(Files.readString(report)).startsWith("device_id,");
        } finally {
            cli.close();
        }

        // let go: this console carries it on, and now holds the lease itself
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            vm.drain();
            return vm.entryProperty().get().running();
        });
        assertThat(vm.entryProperty().get().runElsewhere()).isNull();
        assertThat(vm.canApproveProperty().get()).isTrue();
        assertThat(supervisor.engine("busy")).isNotNull();
        assertThatThrownBy(() -> elsewhere.lease("busy", "rollout-engine.jar resume"))
                .hasMessageContaining("the TwinOps console");
        supervisor.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (RolloutLease again = elsewhere.lease("busy", "rollout-engine.jar resume")) {
                return true;
            } catch (RolloutLeasedException stillHeld) {
                return false;
            }
        });
    }

    @Test
    void theTitleNamesTheOperationOnlyWhenTheNameDoesNotSayIt() throws Exception {
        saved("plain", "hub-a", Phase.PAUSED, PauseCause.OPERATOR, "paused by the operator");
        RolloutSupervisor supervisor = supervisor();
        supervisor.useHub(new UnreachableHub("hub-a")).get(5, TimeUnit.SECONDS);
        RolloutSupervisor.Entry e = supervisor.entries().get(0);

        assertThat(e.status().name()).isEqualTo("reboot all");
        assertThat(RolloutsViewModel.title(e)).isEqualTo("reboot all · plain");
        RolloutSupervisor.Entry named = new RolloutSupervisor.Entry(new dev.twinops.rollout.engine.RolloutStatus(
                "fw", "North plant", "firmware 2.0.0", Phase.PAUSED, null, null, 0, List.of(), 0, null, 0, 0, 0,
                null, null, null), java.util.Map.of(), null, false, List.of(), null);
        assertThat(RolloutsViewModel.title(named)).isEqualTo("North plant (firmware 2.0.0) · fw");
        RolloutSupervisor.Entry same = new RolloutSupervisor.Entry(new dev.twinops.rollout.engine.RolloutStatus(
                "r1", "firmware 2.0.0", "firmware 2.0.0", Phase.PAUSED, null, null, 0, List.of(), 0, null, 0, 0, 0,
                null, null, null), java.util.Map.of(), null, false, List.of(), null);
        assertThat(RolloutsViewModel.title(same)).isEqualTo("firmware 2.0.0 · r1");
    }

    @Test
    void theEtaFollowsThePaceOfTheCurrentWave() {
        RolloutState s = new RolloutState();
        s.phase = Phase.RUNNING;
        s.targetTotal = 100;
        dev.twinops.rollout.engine.WaveState w = new dev.twinops.rollout.engine.WaveState();
        Instant start = Instant.parse("2026-01-01T10:00:00Z");
        w.dispatchStartedAt = start;
        for (int i = 0; i < 10; i++) {
            dev.twinops.rollout.engine.DeviceRecord r = new dev.twinops.rollout.engine.DeviceRecord("d" + i, 0);
            r.state = i < 5 ? dev.twinops.rollout.engine.DeviceState.SUCCEEDED
                    : dev.twinops.rollout.engine.DeviceState.IN_PROGRESS;
            w.devices.put(r.deviceId, r);
        }
        s.waves.add(w);
        // 5 settled in 10 s: 95 to go at 0.5 a second
        assertThat(RolloutEta.estimateEnd(s, start.plusSeconds(10))).isEqualTo(start.plusSeconds(200));
        w.dispatchStartedAt = null;
        assertThat(RolloutEta.estimateEnd(s, start.plusSeconds(10))).isNull();
    }
}
