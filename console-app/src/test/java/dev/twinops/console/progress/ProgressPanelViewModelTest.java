package dev.twinops.console.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The panel fed through the hand-over buffer, without a toolkit. (The rows: DeviceRowNewsTest.) */
class ProgressPanelViewModelTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final List<String> drains = new ArrayList<>();
    private final List<String> dismissed = new ArrayList<>();
    private final List<List<String>> retried = new ArrayList<>();
    private final ProgressUpdates updates = new ProgressUpdates(() -> drains.add("drain"));
    private final ProgressPanelViewModel panel = new ProgressPanelViewModel(updates, dismissed::add,
            (op, ids) -> retried.add(ids), Clock.fixed(T0.plusSeconds(75), ZoneOffset.UTC));

    private static OperationSummary summary(String op, Instant requested, int succeeded, int failed, int inFlight,
                                            List<FailedDevice> failures) {
        return new OperationSummary(op, "Firmware update to 2.0.0", "2 selected devices", null, requested,
                requested.plusSeconds(600), succeeded + failed + inFlight, inFlight, 0, succeeded, failed, 0,
                Map.of("current", succeeded), (succeeded + failed) / 2.0, failures, "", "", inFlight == 0);
    }

    @Test
    void manyUpdatesBetweenTwoDrainsAskForOneDrainAndTheLatestWins() {
        updates.summary(summary("op1", T0, 0, 0, 2, List.of()));
        updates.summary(summary("op1", T0, 1, 0, 1, List.of()));
        updates.summary(summary("op1", T0, 0, 0, 2, List.of()));
        assertThat(drains).containsExactly("drain");

        panel.drain();

        assertThat(panel.operations()).hasSize(1);
        OperationProgressViewModel entry = panel.operations().get(0);
        assertThat(entry.elapsedTextProperty().get()).isEqualTo("1 min 15 s");
        assertThat(entry.countsTextProperty().get()).isEqualTo("2 devices: 0 succeeded, 0 failed, 2 in flight");
    }

    @Test
    void entriesAreUpdatedInPlaceNewestFirstAndRetryAndDismissGoToTheirHandlers() {
        updates.summary(summary("op1", T0, 0, 0, 2, List.of()));
        panel.drain();
        OperationProgressViewModel first = panel.operations().get(0);
        updates.summary(summary("op1", T0, 1, 1, 0, List.of(new FailedDevice("b", "CHECKSUM_MISMATCH: x", false))));
        updates.summary(summary("op2", T0.plusSeconds(30), 0, 0, 1, List.of()));
        panel.drain();

        assertThat(panel.operations()).hasSize(2);
        assertThat(panel.operations().get(1)).isSameAs(first);
        assertThat(first.finishedProperty().get()).isTrue();
        assertThat(first.elapsedTextProperty().get()).isEqualTo("took 1 min 15 s");
        assertThat(first.failures()).extracting(FailedDevice::deviceId).containsExactly("b");

        panel.retryFailed(first);
        panel.dismiss(first);

        assertThat(retried).containsExactly(List.of("b"));
        assertThat(dismissed).containsExactly("op1");
    }

    @Test
    void aRemovedOperationLeavesThePanel() {
        updates.summary(summary("old", T0, 0, 0, 1, List.of()));
        updates.summary(summary("new", T0.plusSeconds(60), 0, 0, 1, List.of()));
        panel.drain();

        updates.removed("new");
        panel.drain();

        assertThat(panel.operations()).extracting(OperationProgressViewModel::operationId).containsExactly("old");
    }
}
