package dev.twinops.rollout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.e2e.LocalRehearsal;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against the local hub and a small simulated fleet, as an operator would run it. */
class RolloutCommandEndToEndTest {

    @TempDir
    Path hubData;
    @TempDir
    Path home;

    @Test
    void runStopsAtTheApprovalGateResumeApprovesAndCompletesThenTheReportAndJournalAreThere() throws Exception {
        try (LocalRehearsal stage = new LocalRehearsal(hubData);
             SimulatedFleet fleet = SimulatedFleet.start(stage.fleet("cli-", 8).build())) {
            fleet.allOnline().get(60, TimeUnit.SECONDS);
            stage.info.writeTo(hubData.resolve("connection.json"));
            Path plan = Files.writeString(home.resolve("plan.json"), """
                    {"id": "cli-fw", "target": "STARTSWITH(deviceId, 'cli-')",
                     "operation": {"type": "firmwareUpdate", "packageUri": "%s", "version": "2.0.0",
                                   "sha256": "%s"},
                     "waves": [{"name": "canary", "count": 2, "deadline": "PT40S"},
                               {"name": "rest", "rest": true, "approval": true, "deadline": "PT40S"}]}
                    """.formatted(stage.firmwareUri(), stage.firmwareSha256));
            String[] hub = {"--hub-data", hubData.toString(), "--home", home.toString()};

            RolloutCommandTest.Outcome first = RolloutCommandTest.run(Map.of(), concat(new String[] {"run",
                    plan.toString()}, hub));

            assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(4);
            assertThat(first.out()).contains("wave 1 (canary) succeeded").contains("waiting for approval")
                    .contains("resume cli-fw --approve");

            RolloutCommandTest.Outcome second = RolloutCommandTest.run(Map.of(), concat(new String[] {"resume",
                    "cli-fw", "--approve"}, hub));

            assertThat(second.exit()).as(second.out() + second.err()).isZero();
            assertThat(second.out()).contains("approve: approved wave 2").contains("rollout completed");

            Path csv = home.resolve("report.csv");
            RolloutCommandTest.Outcome report = RolloutCommandTest.run(Map.of(), "report", "cli-fw", "--home",
                    home.toString(), "--csv", csv.toString(), "--json", home.resolve("report.json").toString());
            assertThat(report.out()).contains("cli-fw").contains("COMPLETED").contains("8 devices, 8 succeeded");
            List<String> rows = Files.readAllLines(csv);
            assertThat(rows).hasSize(9);
            assertThat(rows.subList(1, 9)).allSatisfy(r -> assertThat(r).contains(",SUCCEEDED,"));
            assertThat(Files.readString(home.resolve("report.json"))).contains("\"rolloutId\" : \"cli-fw\"");

            RolloutCommandTest.Outcome verify = RolloutCommandTest.run(Map.of(), "journal", "verify", "--home",
                    home.toString());
            assertThat(verify.exit()).isZero();
            assertThat(verify.out()).contains("intact");
            String journal = Files.readString(home.resolve("audit/journal.jsonl"));
            assertThat(journal).contains("\"rollout.created\"").contains("\"wave.approved\"")
                    .contains("\"rollout.completed\"").doesNotContain("SharedAccessKey=");
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
