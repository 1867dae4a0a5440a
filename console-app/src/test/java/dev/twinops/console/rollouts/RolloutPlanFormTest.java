package dev.twinops.console.rollouts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.operations.FirmwareUpdateForm;
import dev.twinops.console.operations.PackageDigest;
import dev.twinops.console.tasks.ExecutorTaskRunner;
import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.OperationType;
import dev.twinops.rollout.plan.RolloutPlan;

class RolloutPlanFormTest {

    @TempDir
    Path dir;

    private final List<Runnable> io = new ArrayList<>();

    private RolloutPlanForm form(String condition, long count) {
        FirmwareUpdateForm firmware = new FirmwareUpdateForm(PackageDigest::sha256,
                new ExecutorTaskRunner(io::add, Runnable::run), true);
        firmware.stageFilesIn(dir.resolve("firmware"));
        return new RolloutPlanForm(firmware, condition, count);
    }

    private void runIo() {
        while (!io.isEmpty()) {
            List<Runnable> pending = List.copyOf(io);
            io.clear();
            pending.forEach(Runnable::run);
        }
    }

    @Test
    void theWavesStartAtTheEnginesDefaultsAndTheSummaryCountsEachWave() {
        RolloutPlanForm form = form("tags.model = 'TX-200'", 60);

        assertThat(form.waves()).extracting(w -> w.nameProperty().get()).containsExactly("canary", "early", "rest");
        assertThat(form.waves()).extracting(w -> w.kindProperty().get())
                .containsExactly(WaveForm.Kind.PERCENT, WaveForm.Kind.PERCENT, WaveForm.Kind.REST);
        WaveForm canary = form.waves().get(0);
        assertThat(canary.valueProperty().get()).isEqualTo("1");
        assertThat(canary.successThresholdProperty().get()).isEqualTo("90");
        assertThat(canary.failurePercentProperty().get()).isEqualTo("10");
        assertThat(canary.minFinishedProperty().get()).isEqualTo("5");
        assertThat(canary.actionProperty().get()).isEqualTo(FailureAction.PAUSE);
        assertThat(canary.deadlineMinutesProperty().get()).isEqualTo("30");
        assertThat(form.summaryProperty().get())
                .isEqualTo("60 devices: canary 1 (1 % of the target), early 6 (10 % of the target), rest 53 (the rest).");

        form.waves().get(1).valueProperty().set("25");
        assertThat(form.summaryProperty().get()).contains("early 15 (25 % of the target), rest 44");
        form.targetProperty().set("tags.model = 'TX-100'");
        assertThat(form.summaryProperty().get()).startsWith("The devices are counted when the rollout starts");
    }

    @Test
    void problemsAreShownNextToTheirFieldsAndNoPlanIsMade() {
        RolloutPlanForm form = form("", 10);
        form.operationProperty().set(OperationType.REBOOT);
        form.waves().get(0).valueProperty().set("abc");
        form.waves().get(1).failurePercentProperty().set("150");
        form.waves().get(1).kindProperty().set(WaveForm.Kind.REST);
        form.targetProperty().set("tags.site = 'a");

        assertThat(form.toPlan()).isNull();

        assertThat(form.waves().get(0).messageProperty().get()).isEqualTo("The percentage must be a number, not \"abc\".");
        form.waves().get(0).valueProperty().set("5");
        assertThat(form.toPlan()).isNull();
        assertThat(form.waves().get(0).messageProperty().get()).isEmpty();
        assertThat(form.waves().get(1).messageProperty().get())
                .contains("Failure threshold percent must be more than 0 and at most 100, got 150")
                .contains("Rest only the last wave can take the rest");
        assertThat(form.targetMessageProperty().get()).isEqualTo("The target has an unclosed quote.");

        form.waves().get(1).failurePercentProperty().set("20");
        form.waves().get(1).kindProperty().set(WaveForm.Kind.PERCENT);
        form.targetProperty().set("tags.site = 'a'");
        RolloutPlan plan = form.toPlan();
        assertThat(plan).isNotNull();
        assertThat(plan.operation().type()).isEqualTo(OperationType.REBOOT);
        assertThat(plan.waves().get(1).failureThreshold().percent()).isEqualTo(20.0);
        assertThat(form.targetMessageProperty().get()).isEmpty();
    }

    @Test
    void aFirmwarePlanTakesTheFirmwareFormsPackageCopiedIntoTheFirmwareFolder() throws Exception {
        Path file = Files.createDirectories(dir.resolve("downloads")).resolve("tx-3.1.0.bin");
        Files.write(file, new byte[] {1, 2, 3});
        RolloutPlanForm form = form("", 10);
        assertThat(form.toPlan()).isNull();
        assertThat(form.firmware().fileMessageProperty().get()).isEqualTo("Choose the firmware package file.");

        form.firmware().filePathProperty().set(file.toString());
        runIo();
        form.waves().get(2).approvalProperty().set(true);
        form.waves().get(0).soakSecondsProperty().set("30");
        form.nameProperty().set("TX firmware");
        RolloutPlan plan = form.toPlan();

        assertThat(plan.name()).isEqualTo("TX firmware");
        assertThat(plan.operation().version()).isEqualTo("3.1.0");
        assertThat(plan.operation().sha256()).isEqualTo(PackageDigest.sha256(file));
        assertThat(plan.operation().packageUri()).isEqualTo(dir.resolve("firmware").resolve("tx-3.1.0.bin")
                .toAbsolutePath().toUri().toString());
        assertThat(plan.waves().get(2).needsApproval()).isTrue();
        assertThat(plan.waves().get(0).soak().toSeconds()).isEqualTo(30);
    }

    @Test
    void aMethodNeedsANameAndAJsonPayload() {
        RolloutPlanForm form = form("", 10);
        form.operationProperty().set(OperationType.METHOD);
        form.payloadProperty().set("{\"mode\": eco}");
        assertThat(form.toPlan()).isNull();
        assertThat(form.methodMessageProperty().get()).startsWith("The payload is not JSON");

        form.payloadProperty().set("{\"mode\": \"eco\"}");
        assertThat(form.toPlan()).isNull();
        assertThat(form.methodMessageProperty().get()).startsWith("Method name is required for a method");

        form.methodNameProperty().set("setMode");
        assertThat(form.toPlan().operation().methodName()).isEqualTo("setMode");
    }

    @Test
    void addedWavesGoBeforeTheRestAndTheLastWaveStays() {
        RolloutPlanForm form = form("", 100);
        form.addWave();
        assertThat(form.waves()).extracting(w -> w.nameProperty().get())
                .containsExactly("canary", "early", "wave 4", "rest");
        form.removeWave(form.waves().get(0));
        form.removeWave(form.waves().get(0));
        form.removeWave(form.waves().get(0));
        form.removeWave(form.waves().get(0));
        assertThat(form.waves()).hasSize(1);
    }
}
