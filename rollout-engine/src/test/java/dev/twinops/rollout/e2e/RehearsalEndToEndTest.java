package dev.twinops.rollout.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.twinops.limits.IotHubTier;
import dev.twinops.limits.TierLimits;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.rehearsal.RehearsalComparison;
import dev.twinops.rollout.rehearsal.ShapeDevice;
import dev.twinops.rollout.report.WaveReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The dress rehearsal on the real SDKs with two local hubs playing S1: copy 40 devices of mixed firmware versions
 * and tags (production only read: every twin's version unchanged), rehearse a three-wave plan with the flaky
 * profile, run it on production, compare. S1 with 10 units keeps the queries (200 a minute) from making the test
 * long; one job at a time and 10 job device operations a second are S1's whatever the units. The 200-device run on
 * one unit is {@link RehearsalRun}.
 */
class RehearsalEndToEndTest {

    private static final int DEVICES = 40;

    @TempDir
    Path dir;

    @Test
    void copyRehearseRunForRealAndCompare() throws Exception {
        TierLimits s1 = TierLimits.of(IotHubTier.S1, 10);
        try (DressRehearsal stage = new DressRehearsal(dir, new DressRehearsal.Settings(DEVICES, s1, 1, 7, 1,
                Duration.ofSeconds(40)))) {
            DressRehearsal.Outcome o = stage.run();
            LoggerFactory.getLogger(RehearsalEndToEndTest.class).info("dress rehearsal: {}",
                    DressRehearsal.figures(o));

            // the copy read production and wrote nothing there
            assertThat(o.productionBefore()).hasSize(DEVICES);
            assertThat(o.productionAfter()).isEqualTo(o.productionBefore());
            assertThat(o.estimate().sourceDevices()).isEqualTo(DEVICES);
            assertThat(o.estimate().queries()).isEqualTo(2);
            assertThat(o.copy().created()).isEqualTo(DEVICES);
            assertThat(o.copy().shape().devices()).hasSize(DEVICES);
            Map<String, Long> versions = o.copy().shape().devices().stream()
                    .collect(Collectors.groupingBy(ShapeDevice::firmwareVersion, Collectors.counting()));
            assertThat(versions).containsEntry("1.0.0", 24L).containsEntry("1.1.0", 12L).containsEntry("2.0.0", 4L);
            // the rehearsal hub's twins carry the copied tags; no desired property reached them
            assertThat(stage.rehearsal.query("SELECT COUNT() AS n FROM devices WHERE tags.ring = 'canary' AND "
                    + "tags.site = 'plant-south'").get(0).path("n").asInt()).isEqualTo(2);
            assertThat(stage.rehearsal.query("SELECT COUNT() AS n FROM devices WHERE "
                    + "properties.reported.deviceInfo.manufacturer = 'Contoso'").get(0).path("n").asInt())
                    .isEqualTo(DEVICES);

            // the same plan ran on both hubs, over the same devices
            assertThat(o.rehearsal().phase()).as(o.rehearsal().reason()).isEqualTo(Phase.COMPLETED);
            assertThat(o.live().phase()).as(o.live().reason()).isEqualTo(Phase.COMPLETED);
            assertThat(o.rehearsal().waves()).extracting(w -> w.totals().devices()).containsExactly(4, 10, 26);
            assertThat(o.live().waves()).extracting(w -> w.totals().devices()).containsExactly(4, 10, 26);
            assertThat(o.rehearsal().overall().skipped()).isEqualTo(4);
            assertThat(o.live().overall().skipped()).isEqualTo(4);
            assertThat(o.rehearsal().waves()).allSatisfy(w -> {
                assertThat(w.duration()).isPositive();
                assertThat(w.queries()).isPositive();
                assertThat(w.jobOperations()).isPositive();
            });

            RehearsalComparison c = o.comparison();
            assertThat(c.waves()).extracting(RehearsalComparison.Wave::name)
                    .containsExactly("canary", "quarter", "rest");
            assertThat(c.predicted()).isPositive();
            assertThat(c.actual()).isPositive();
            assertThat(c.waves()).allSatisfy(w -> {
                assertThat(w.predicted().queryBudgetPercent()).isNotNull();
                assertThat(w.actual().duration()).isEqualTo(o.live().waves().get(w.wave() - 1).duration());
            });
            assertThat(c.rehearsalHub()).isEqualTo(stage.rehearsal.info.hostName());
            assertThat(c.liveHub()).isEqualTo(stage.production.info.hostName());
            assertThat(c.toMarkdown()).contains("| 3 rest | duration_s |");
            assertThat(o.rehearsal().waves().stream().mapToLong(WaveReport::queries).sum())
                    .isEqualTo(o.rehearsal().queriesTotal());
        }
    }
}
