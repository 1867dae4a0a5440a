package dev.twinops.rollout.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.rollout.engine.Phase;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportCsvTest {

    @Test
    void cellsThatASpreadsheetWouldRunAsFormulasAreDefused() throws Exception {
        DeviceRow evil = new DeviceRow("=HYPERLINK(\"http://x\")", 1, "+canary", "FAILED", "@SUM(A1)",
                "-2+3 download failed", 1, Map.of("downloading", Duration.ofMillis(1500)));
        RolloutReport report = new RolloutReport("r", "n", "firmware 2.0.0", "hub", Phase.COMPLETED, null, null, null,
                Totals.NONE, Map.of(), Map.of(), List.of(), 0, 0, null, List.of(evil));
        StringWriter out = new StringWriter();

        ReportCsv.write(report, out);

        String row = out.toString().lines().skip(1).findFirst().orElseThrow();
        assertThat(row).startsWith("\"'=HYPERLINK(\"\"http://x\"\")\",1,'+canary,FAILED,'@SUM(A1),'-2+3 download "
                + "failed,1,1.500,,,");
    }

    @Test
    void percentilesUseTheNearestRank() {
        List<Duration> times = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4), Duration.ofSeconds(100));
        PhaseStats stats = PhaseStats.of("downloading", times);
        assertThat(stats.p50()).isEqualTo(Duration.ofSeconds(3));
        assertThat(stats.p95()).isEqualTo(Duration.ofSeconds(100));
        assertThat(stats.histogram()).extracting(PhaseStats.Bucket::devices).containsExactly(0, 1, 3, 0, 0, 0, 1, 0,
                0, 0);
    }
}
