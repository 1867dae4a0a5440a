package dev.twinops.rollout.engine;

import static dev.twinops.rollout.engine.EngineHarness.firmwarePlan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.plan.FailureAction;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.WaveSpec;
import dev.twinops.rollout.report.DeviceRow;
import dev.twinops.rollout.report.PhaseStats;
import dev.twinops.rollout.report.ReportCsv;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.report.WaveReport;
import dev.twinops.rollout.testing.FakeRolloutHub;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportFromEngineTest {

    @TempDir
    Path dir;

    private EngineHarness h;

    private RolloutReport finishedRollout() throws Exception {
        h = new EngineHarness(dir);
        h.hub.devices("dev-", 20);
        h.hub.device("dev-0001").firmwareVersion = "2.0.0";
        h.hub.device("dev-0002").connected = false;
        h.hub.device("dev-0003").behaviour = FakeRolloutHub.failsWith("DOWNLOAD_FAILED");
        h.hub.device("dev-0004").behaviour = FakeRolloutHub.failsWith("DOWNLOAD_FAILED");
        h.hub.device("dev-0005").behaviour = FakeRolloutHub.failsWith("CHECKSUM_MISMATCH");
        h.hub.device("dev-0006").behaviour = FakeRolloutHub.hangs();
        // dev-0007 downloads slowly: 8 s instead of 1
        h.hub.device("dev-0007").behaviour = attempt -> List.of(
                new FakeRolloutHub.Step(Duration.ofSeconds(1), "downloading", null),
                new FakeRolloutHub.Step(Duration.ofSeconds(9), "verifying", null),
                new FakeRolloutHub.Step(Duration.ofSeconds(10), "applying", null),
                new FakeRolloutHub.Step(Duration.ofSeconds(11), "rebooting", null),
                new FakeRolloutHub.Step(Duration.ofSeconds(12), "current", null));
        FailureThreshold never = new FailureThreshold(100, null, 1, FailureAction.PAUSE);
        h.start(firmwarePlan("report", WaveSpec.count("first", 10).withFailureThreshold(never)
                        .withSuccessThreshold(0).withDeadline(Duration.ofSeconds(60)),
                WaveSpec.rest("rest").withFailureThreshold(never).withSuccessThreshold(0)
                        .withDeadline(Duration.ofSeconds(60))));
        h.runUntilPhase(Phase.COMPLETED, 500);
        return RolloutReport.of(h.engine.snapshot());
    }

    @Test
    void theReportCountsEveryOutcomeGroupsFailuresAndTimesEachPhase() throws Exception {
        RolloutReport report = finishedRollout();

        assertThat(report.overall().devices()).isEqualTo(20);
        assertThat(report.overall().skipped()).isEqualTo(1);
        assertThat(report.overall().offline()).isEqualTo(1);
        assertThat(report.overall().failed()).isEqualTo(3);
        assertThat(report.overall().stuck()).isEqualTo(1);
        assertThat(report.overall().succeeded()).isEqualTo(14);
        assertThat(report.waves()).hasSize(2);
        assertThat(report.waves().get(0).totals().devices() + report.waves().get(1).totals().devices()).isEqualTo(20);
        assertThat(report.failuresByCode()).containsEntry("DOWNLOAD_FAILED", 2L).containsEntry("CHECKSUM_MISMATCH", 1L)
                .containsEntry("STUCK", 1L).containsEntry("OFFLINE", 1L);

        PhaseStats downloading = report.phaseTimes().get("downloading");
        assertThat(downloading.devices()).isEqualTo(14 + 3); // successes, and failures timed until they failed
        assertThat(downloading.p50()).isEqualTo(Duration.ofSeconds(1));
        assertThat(downloading.p95()).isEqualTo(Duration.ofSeconds(8));
        assertThat(downloading.histogram()).filteredOn(b -> b.devices() > 0)
                .extracting(PhaseStats.Bucket::label, PhaseStats.Bucket::devices)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1 s - 2 s", 16),
                        org.assertj.core.groups.Tuple.tuple("5 s - 10 s", 1));
        assertThat(report.phaseTimes()).containsKeys("downloading", "verifying", "applying", "rebooting");

        DeviceRow slow = report.devices().stream().filter(d -> d.deviceId().equals("dev-0007")).findFirst()
                .orElseThrow();
        assertThat(slow.phaseTimes()).containsEntry("downloading", Duration.ofSeconds(8))
                .containsEntry("rebooting", Duration.ofSeconds(1));
        assertThat(report.toJson()).contains("\"failuresByCode\"").contains("\"p95\" : \"PT8S\"");
    }

    @Test
    void theCsvHasOneRowPerDeviceWithItsWaveStateErrorAndPhaseTimes() throws Exception {
        RolloutReport report = finishedRollout();
        StringWriter out = new StringWriter();

        ReportCsv.write(report, out);

        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();
        assertThat(rows).hasSize(20);
        CSVRecord failed = rows.stream().filter(r -> r.get("device_id").equals("dev-0003")).findFirst().orElseThrow();
        assertThat(failed.get("final_state")).isEqualTo("FAILED");
        assertThat(failed.get("error_code")).isEqualTo("DOWNLOAD_FAILED");
        assertThat(failed.get("downloading_s")).isEqualTo("1.000");
        assertThat(failed.get("verifying_s")).isEmpty();
        CSVRecord skipped = rows.stream().filter(r -> r.get("device_id").equals("dev-0001")).findFirst().orElseThrow();
        assertThat(skipped.get("final_state")).isEqualTo("SKIPPED");
        assertThat(out.toString()).startsWith(String.join(",", ReportCsv.HEADER));
    }

    @Test
    void eachWaveSaysHowLongItTookAndWhatItCostInQueriesAndJobCalls() throws Exception {
        RolloutReport report = finishedRollout();

        assertThat(report.waves()).allSatisfy(w -> {
            assertThat(w.duration()).isEqualTo(Duration.between(w.startedAt(), w.finishedAt())).isPositive();
            assertThat(w.queries()).isPositive();
            assertThat(w.pausedBy()).isEmpty();
        });
        assertThat(report.waves().stream().mapToLong(WaveReport::queries).sum())
                .isEqualTo(report.queriesTotal()).isEqualTo(h.hub.queriesUsed());
        // every job is created and then read at least once
        assertThat(report.jobOperationsTotal()).isGreaterThanOrEqualTo(2L * h.hub.jobIds().size());
        assertThat(report.waves().stream().mapToLong(WaveReport::jobOperations).sum())
                .isEqualTo(report.jobOperationsTotal());
        assertThat(report.duration()).isGreaterThanOrEqualTo(report.waves().get(0).duration()
                .plus(report.waves().get(1).duration()));
    }

    @Test
    void theWaveAPauseHappenedOnSaysWhatPausedIt() throws Exception {
        h = new EngineHarness(dir);
        h.hub.devices("dev-", 20);
        h.hub.allDevices().forEach(d -> d.behaviour = FakeRolloutHub.failsWith("DOWNLOAD_FAILED"));
        h.start(firmwarePlan("pauses", WaveSpec.count("canary", 5).withDeadline(Duration.ofSeconds(60)),
                WaveSpec.rest("rest")));
        h.runUntilPhase(Phase.PAUSED, 200);

        RolloutReport report = RolloutReport.of(h.engine.snapshot());

        assertThat(report.waves().get(0).pausedBy()).singleElement().asString()
                .startsWith("FAILURE_THRESHOLD: wave 1 (canary)");
        assertThat(report.waves().get(0).finishedAt()).isNull();
        assertThat(report.waves().get(0).duration()).isPositive();
        assertThat(report.waves().get(1).duration()).isNull();
        assertThat(report.waves().get(1).pausedBy()).isEmpty();
    }

    @Test
    void aReportReadsBackFromItsJson() throws Exception {
        RolloutReport report = finishedRollout();

        assertThat(RolloutReport.fromJson(report.toJson())).isEqualTo(report);
    }
}
