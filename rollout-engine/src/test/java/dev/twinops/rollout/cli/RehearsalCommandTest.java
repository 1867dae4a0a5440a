package dev.twinops.rollout.cli;

import static dev.twinops.rollout.cli.RolloutCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.cli.RolloutCommandTest.Outcome;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.report.Totals;
import dev.twinops.rollout.report.WaveReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RehearsalCommandTest {

    @TempDir
    Path dir;

    private Path report(String name, String operation, Duration canary) throws Exception {
        Instant t0 = Instant.parse("2026-12-02T10:00:00Z");
        Totals totals = new Totals(4, 3, 1, 0, 0, 0, 0, 0);
        WaveReport wave = new WaveReport(1, "canary", "4 devices", "DONE", "succeeded", totals, Map.of(), Map.of(),
                t0, t0.plus(canary), canary, 12, 7, List.of());
        RolloutReport report = new RolloutReport("fw-2", "fw", operation, name + ".hub", Phase.COMPLETED, null, t0,
                t0.plus(canary), totals, Map.of(), Map.of(), List.of(wave), 12, 7, canary, List.of());
        return Files.writeString(dir.resolve(name + ".json"), report.toJson());
    }

    @Test
    void compareShowsEachWavePredictedAgainstActualAndWritesItsExports() throws Exception {
        Path rehearsal = report("rehearsal", "firmware 2.0.0", Duration.ofSeconds(20));
        Path live = report("live", "firmware 2.0.0", Duration.ofSeconds(25));

        Outcome o = run(Map.of(), "rehearsal", "compare", rehearsal.toString(), live.toString(), "--tier", "S1",
                "--csv", dir.resolve("c.csv").toString(), "--json", dir.resolve("c.json").toString());

        assertThat(o.exit()).as(o.err()).isZero();
        assertThat(o.out()).contains("| 1 canary | duration_s | 20.0 | 25.0 |")
                .contains("| 1 canary | query_budget_pct | 60.0 | 60.0 |");
        assertThat(Files.readString(dir.resolve("c.csv"))).startsWith("wave,wave_name,figure,predicted,actual");
        assertThat(Files.readString(dir.resolve("c.json"))).contains("\"rehearsalHub\" : \"rehearsal.hub\"");
    }

    @Test
    void badInputIsOneLineAndANonZeroExit() throws Exception {
        Path rehearsal = report("rehearsal", "firmware 2.0.0", Duration.ofSeconds(20));
        Path other = report("other", "reboot", Duration.ofSeconds(20));
        Path notAReport = Files.writeString(dir.resolve("plan.json"), "[1, 2]");

        List<Outcome> bad = List.of(
                run(Map.of(), "rehearsal", "compare", rehearsal.toString(), other.toString()),
                run(Map.of(), "rehearsal", "compare", rehearsal.toString(), notAReport.toString()),
                run(Map.of(), "rehearsal", "compare", rehearsal.toString(), dir.resolve("none.json").toString()),
                run(Map.of(), "rehearsal", "compare", rehearsal.toString(), rehearsal.toString(), "--tier", "S9"),
                run(Map.of(), "rehearsal", "estimate"),
                run(Map.of(), "rehearsal", "estimate", "--from-connection-string-env", "PROD_HUB"),
                run(Map.of("PROD_HUB", "SharedAccessKeyName=x;SharedAccessKey=eA=="), "rehearsal", "estimate",
                        "--from-connection-string-env", "PROD_HUB"),
                run(Map.of(), "rehearsal", "estimate", "--from-hub-data", dir.toString(), "--scale", "0"),
                run(Map.of(), "rehearsal", "copy", "--from-hub-data", dir.toString(), "--shape-out", "s.json"));

        assertThat(bad).allSatisfy(o -> {
            assertThat(o.exit()).isEqualTo(2);
            assertThat(o.err().strip().lines()).as(o.err()).hasSizeLessThanOrEqualTo(2);
            assertThat(o.err()).startsWith("rollout-engine: ");
        });
        assertThat(bad.get(0).err()).contains("different plans");
        assertThat(bad.get(1).err()).contains("is not a rollout report");
        assertThat(bad.get(2).err()).contains("no such file");
        assertThat(bad.get(3).err()).contains("Unknown IoT Hub tier 'S9'");
        assertThat(bad.get(4).err()).contains("--from-connection-string-env").contains("--from-hub-data");
        assertThat(bad.get(5).err()).contains("PROD_HUB is not set");
        assertThat(bad.get(6).err()).contains("PROD_HUB has no HostName").doesNotContain("eA==");
        assertThat(bad.get(7).err()).contains("scale factor must be 1");
        assertThat(bad.get(8).err()).contains("--to-local-hub");
    }
}
