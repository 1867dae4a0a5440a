package dev.twinops.rollout.rehearsal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.report.Totals;
import dev.twinops.rollout.report.WaveReport;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class RehearsalComparisonTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static WaveReport wave(int n, String name, Duration took, int devices, int failed, long queries,
                                   long jobOps, List<String> pausedBy) {
        Totals totals = new Totals(devices, devices - failed, failed, 0, 0, 0, 0, 0);
        return new WaveReport(n, name, "sel", "DONE", "succeeded", totals, Map.of(), Map.of(), T0, T0.plus(took),
                took, queries, jobOps, pausedBy);
    }

    private static RolloutReport report(String hub, String operation, List<WaveReport> waves, Duration took) {
        return new RolloutReport("fw-2", "fw", operation, hub, Phase.COMPLETED, null, T0, T0.plus(took),
                new Totals(0, 0, 0, 0, 0, 0, 0, 0), Map.of(), Map.of(), waves, 0, 0, took, List.of());
    }

    private final RolloutReport rehearsal = report("rehearsal.local", "firmware 2.0.0", List.of(
            wave(1, "canary", Duration.ofSeconds(30), 2, 1, 10, 6, List.of("FAILURE_THRESHOLD: wave 1 (canary): 1 of 2")),
            wave(2, "=rest", Duration.ofMinutes(2), 38, 2, 60, 12, List.of())), Duration.ofMinutes(3));
    private final RolloutReport live = report("prod.example", "firmware 2.0.0", List.of(
            wave(1, "canary", Duration.ofSeconds(40), 2, 0, 8, 5, List.of()),
            wave(2, "=rest", Duration.ofMinutes(3), 38, 3, 70, 15, List.of())), Duration.ofMinutes(4));

    @Test
    void eachWaveIsShownPredictedAgainstActualWithItsShareOfTheTiersBudget() {
        RehearsalComparison c = RehearsalComparison.of(rehearsal, live, TierLimits.of(IotHubTier.S1, 1));

        assertThat(c.predicted()).isEqualTo(Duration.ofMinutes(3));
        assertThat(c.actual()).isEqualTo(Duration.ofMinutes(4));
        RehearsalComparison.Wave canary = c.waves().get(0);
        assertThat(canary.predicted().failed()).isEqualTo(1);
        assertThat(canary.actual().failed()).isZero();
        // a wave under a minute is weighed over one minute: 10 queries of S1's 20
        assertThat(canary.predicted().queriesPerMinute()).isEqualTo(10.0);
        assertThat(canary.predicted().queryBudgetPercent()).isEqualTo(50.0);
        assertThat(canary.predicted().pausedBy()).singleElement().asString().startsWith("FAILURE_THRESHOLD");
        RehearsalComparison.Wave rest = c.waves().get(1);
        assertThat(rest.predicted().queriesPerMinute()).isEqualTo(30.0);
        assertThat(rest.predicted().queryBudgetPercent()).isEqualTo(150.0);
        assertThat(rest.actual().jobOperationsPerMinute()).isEqualTo(5.0);
        assertThat(rest.actual().jobBudgetPercent()).isEqualTo(5.0); // of S1's 100 job operations a minute
    }

    @Test
    void theCsvHasARowPerWaveAndFigureAndTheMarkdownATable() throws Exception {
        RehearsalComparison c = RehearsalComparison.of(rehearsal, live, TierLimits.of(IotHubTier.S1, 1));
        StringWriter out = new StringWriter();

        c.writeCsv(out);

        List<CSVRecord> rows = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(out.toString())).getRecords();
        CSVRecord duration = rows.stream().filter(r -> r.get("wave").equals("1")
                && r.get("figure").equals("duration_s")).findFirst().orElseThrow();
        assertThat(duration.get("predicted")).isEqualTo("30.0");
        assertThat(duration.get("actual")).isEqualTo("40.0");
        assertThat(rows).anySatisfy(r -> assertThat(r.get("wave_name")).isEqualTo("'=rest"));
        assertThat(rows.get(rows.size() - 1).get("predicted")).isEqualTo("180.0");
        assertThat(c.toMarkdown()).contains("| 1 canary | duration_s | 30.0 | 40.0 |")
                .contains("| 2 =rest | query_budget_pct | 150.0 | 116.7 |")
                .contains("Whole run: predicted 180.0 s, actual 240.0 s");
        assertThat(c.toJson()).contains("\"predicted\" : \"PT3M\"");
    }

    @Test
    void reportsOfDifferentPlansAreRefused() {
        RolloutReport other = report("prod.example", "reboot", live.waves(), Duration.ofMinutes(1));

        assertThatThrownBy(() -> RehearsalComparison.of(rehearsal, other, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different plans");
    }
}
