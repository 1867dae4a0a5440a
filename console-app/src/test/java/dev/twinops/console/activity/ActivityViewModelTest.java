package dev.twinops.console.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.twinops.console.operations.MethodOutcome;
import dev.twinops.console.operations.OperationRequest;
import dev.twinops.console.operations.OperationTracker;
import dev.twinops.console.operations.SentOperation;
import dev.twinops.console.tasks.CurrentThreadTaskRunner;
import dev.twinops.rollout.audit.AuditEntry;
import dev.twinops.rollout.audit.AuditJournal;

class ActivityViewModelTest {

    @TempDir
    Path home;

    private final List<String> told = new ArrayList<>();

    /** A tracker that only notes what it was told, so the auditing one can be seen passing everything on. */
    private final OperationTracker progress = new OperationTracker() {
        @Override
        public void track(SentOperation operation) {
            told.add("track " + operation.request().methodName());
        }

        @Override
        public void methodAnswered(String operationId, String deviceId, MethodOutcome outcome) {
            told.add("answered " + deviceId);
        }

        @Override
        public void addDevices(String operationId, List<String> deviceIds) {
            told.add("add " + deviceIds);
        }

        @Override
        public void jobScheduled(String operationId, String jobId) {
            told.add("job " + jobId);
        }

        @Override
        public void jobRefused(String operationId, String reason) {
            told.add("refused " + reason);
        }

        @Override
        public void message(String operationId, String text) {
            told.add("message");
        }
    };

    private List<AuditEntry> recordOperations(AuditJournal journal) throws Exception {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        ConsoleJournal console = new ConsoleJournal(journal, writer, () -> "127.0.0.1:8443", () -> { });
        AuditingTracker tracker = new AuditingTracker(progress, console);
        OperationRequest reboot = OperationRequest.reboot();
        tracker.track(new SentOperation(reboot, "2 selected devices", List.of("d-1", "d-2"), Instant.now(),
                Instant.now().plusSeconds(60), Duration.ofSeconds(30), ZoneOffset.UTC));
        tracker.jobScheduled(reboot.operationId(), "reboot-job-1");
        OperationRequest fw = OperationRequest.firmwareUpdate(
                "https://fw.example.com/p.bin?sv=2024&sig=SECRETSIG", "0".repeat(64), "2.0.0");
        tracker.track(new SentOperation(fw, "sensor-1", List.of("sensor-1"), Instant.now(),
                Instant.now().plusSeconds(60), Duration.ofSeconds(30), ZoneOffset.UTC));
        console.close();
        writer.awaitTermination(10, TimeUnit.SECONDS);
        return journal.entries();
    }

    @Test
    void operationsAreJournalledOnTheirWayToProgressAndListedNewestFirstWithAFilter() throws Exception {
        AuditJournal journal = AuditJournal.inHome(home, Clock.systemUTC());
        List<AuditEntry> entries = recordOperations(journal);

        assertThat(told).containsExactly("track reboot", "job reboot-job-1", "track firmwareUpdate");
        assertThat(entries).extracting(AuditEntry::action)
                .containsExactly("operation.reboot", "operation.job-scheduled", "operation.firmwareUpdate");
        assertThat(entries.get(0).targets()).containsExactly("d-1", "d-2");
        assertThat(entries.get(1).jobIds()).containsExactly("reboot-job-1");
        assertThat(entries).as("named as the rollout engine names a hub: its host name, no port")
                .extracting(AuditEntry::hub).containsOnly("127.0.0.1");
        assertThat(Files.readString(journal.file())).doesNotContain("SECRETSIG");

        ActivityViewModel vm = new ActivityViewModel(journal, new CurrentThreadTaskRunner());
        vm.refresh();
        assertThat(vm.shownRows()).extracting(r -> r.entry().action())
                .containsExactly("operation.firmwareUpdate", "operation.job-scheduled", "operation.reboot");
        assertThat(vm.bannerProperty().get()).isEmpty();
        assertThat(vm.messageProperty().get()).isEqualTo("3 entries; the hash chain is intact.");

        vm.filterProperty().set("REBOOT-job");
        assertThat(vm.shownRows()).extracting(r -> r.entry().action()).containsExactly("operation.job-scheduled");

        Path out = home.resolve("activity.csv");
        vm.export(out);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("seq,time,hub,action");
        assertThat(lines.get(1)).contains("operation.job-scheduled", "reboot-job-1");
    }

    @Test
    void anEditedLineRaisesTheTamperBanner() throws Exception {
        AuditJournal journal = AuditJournal.inHome(home, Clock.systemUTC());
        recordOperations(journal);
        ActivityViewModel vm = new ActivityViewModel(journal, new CurrentThreadTaskRunner());
        vm.refresh();
        assertThat(vm.bannerProperty().get()).isEmpty();

        List<String> lines = Files.readAllLines(journal.file(), StandardCharsets.UTF_8);
        lines.set(1, lines.get(1).replace("reboot-job-1", "reboot-job-2"));
        Files.write(journal.file(), lines, StandardCharsets.UTF_8);
        vm.refresh();

        assertThat(vm.bannerProperty().get()).startsWith("The journal has been tampered with: line 2 was edited");
    }
}
