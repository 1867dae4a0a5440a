package dev.twinops.console.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.twinops.console.operations.HubTier;

class QueryPacerTest {

    private final QueryPacer pacer = new QueryPacer(Duration.ofSeconds(1), 0.5);

    @Test
    void anUnlimitedHubIsPolledAtTheMinimumInterval() {
        assertThat(pacer.nextDelay(10, HubTier.UNLIMITED)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aTiersQueryQuotaSpacesTheRounds() {
        // S1: 20 queries a minute, half for progress: one query every 6 s
        assertThat(pacer.nextDelay(1, HubTier.parse("S1"))).isEqualTo(Duration.ofSeconds(6));
        assertThat(pacer.nextDelay(10, HubTier.parse("S1"))).isEqualTo(Duration.ofSeconds(60));
        // S3 with two units: 2,000 a minute, half of it: 60 ms a query, so the minimum wins for one query
        assertThat(pacer.nextDelay(1, HubTier.parse("S3x2"))).isEqualTo(Duration.ofSeconds(1));
        assertThat(pacer.nextDelay(20, HubTier.parse("S3x2"))).isEqualTo(Duration.ofMillis(1200));
    }

    @Test
    void throttlingDoublesThePauseUntilARoundSucceeds() {
        HubTier s1 = HubTier.parse("S1");
        pacer.throttled(1, s1);
        assertThat(pacer.nextDelay(1, s1)).isEqualTo(Duration.ofSeconds(12));
        pacer.throttled(1, s1);
        assertThat(pacer.nextDelay(1, s1)).isEqualTo(Duration.ofSeconds(24));
        for (int i = 0; i < 10; i++) {
            pacer.throttled(1, s1);
        }
        assertThat(pacer.nextDelay(1, s1)).isEqualTo(QueryPacer.MAX_DELAY);
        pacer.succeeded();
        assertThat(pacer.nextDelay(1, s1)).isEqualTo(Duration.ofSeconds(6));
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThatThrownBy(() -> new QueryPacer(Duration.ZERO, 0.5)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new QueryPacer(Duration.ofSeconds(1), 0)).hasMessageContaining("(0, 1]");
    }
}
