package dev.twinops.console.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.twinops.console.devices.DeviceRow;
import dev.twinops.console.devices.DeviceSnapshot;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The panel and the Operation column fed through the hand-over buffer, without a toolkit. */
class ProgressPanelViewModelTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final ObservableList<DeviceRow> rows = FXCollections.observableArrayList(
            new DeviceRow("a"), new DeviceRow("b"));
    private final List<String> drains = new ArrayList<>();
    private final List<String> dismissed = new ArrayList<>();
    private final List<List<String>> retried = new ArrayList<>();
    private final List<DeviceSnapshot> snapshots = new ArrayList<>();
    private final ProgressUpdates updates = new ProgressUpdates(() -> drains.add("drain"));
    private final List<List<DeviceRow>> resorted = new ArrayList<>();
    private final ProgressPanelViewModel panel = new ProgressPanelViewModel(updates, rows, snapshots::addAll,
            resorted::add, dismissed::add, (op, ids) -> retried.add(ids), Clock.fixed(T0.plusSeconds(75), ZoneOffset.UTC),
            () -> drains.add("rows"));

    private static OperationSummary summary(String op, Instant requested, int succeeded, int failed, int inFlight,
                                            List<FailedDevice> failures) {
        return new OperationSummary(op, "Firmware update to 2.0.0", "2 selected devices", null, requested,
                requested.plusSeconds(600), succeeded + failed + inFlight, inFlight, 0, succeeded, failed, 0,
                Map.of("current", succeeded), (succeeded + failed) / 2.0, failures, "", "", inFlight == 0);
    }

    private static DeviceProgress progress(String id, ProgressState state, String phase, double fraction) {
        return new DeviceProgress(id, state, phase, fraction, state == ProgressState.FAILED ? "CHECKSUM_MISMATCH: x" : "",
                T0);
    }

    @Test
    void manyUpdatesBetweenTwoDrainsAskForOneDrainAndTheLatestWins() {
        updates.summary(summary("op1", T0, 0, 0, 2, List.of()));
        for (int i = 0; i <= 100; i += 10) {
            updates.device("op1", "Firmware 2.0.0", progress("a", ProgressState.IN_PROGRESS, "downloading " + i + "%", i / 200.0));
        }
        assertThat(drains).containsExactly("drain");

        panel.drain();

        assertThat(rows.get(0).operationText()).isEqualTo("Firmware 2.0.0 · downloading 100%");
        assertThat(rows.get(0).operationProperty().get()).isEqualTo("Firmware 2.0.0");
        assertThat(resorted).containsExactly(List.of(rows.get(0))); // once, for the name; the phase does not re-sort
        assertThat(rows.get(0).operationProgressProperty().get()).isEqualTo(0.5);
        assertThat(rows.get(1).operationProperty().get()).isEmpty();
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
    void aRowShowsItsNewestOperationAndRowsAppearingLaterGetIt() {
        updates.summary(summary("old", T0, 0, 0, 1, List.of()));
        updates.summary(summary("new", T0.plusSeconds(60), 0, 0, 1, List.of()));
        updates.device("new", "Reboot", progress("a", ProgressState.IN_PROGRESS, "rebooting", 0.5));
        updates.device("old", "Firmware 2.0.0", progress("a", ProgressState.FAILED, "failed", 0.3));
        panel.drain();
        assertThat(rows.get(0).operationText()).isEqualTo("Reboot · rebooting");

        updates.device("new", "Reboot", progress("c", ProgressState.SUCCEEDED, "completed", 1));
        panel.drain();
        DeviceRow late = new DeviceRow("c");
        rows.add(late); // e.g. another query shows it
        assertThat(drains).contains("rows");
        panel.drain();

        assertThat(late.operationProperty().get()).isEqualTo("Reboot · completed");
        assertThat(late.operationOutcomeProperty().get()).isEqualTo("succeeded");

        updates.removed("new");
        panel.drain();
        assertThat(rows.get(0).operationText()).isEmpty();
        assertThat(panel.operations()).extracting(OperationProgressViewModel::operationId).containsExactly("old");
    }

    @Test
    void failedAndStuckRowsSayWhyInsteadOfShowingABar() {
        updates.summary(summary("op", T0, 0, 1, 0, List.of()));
        updates.device("op", "Firmware 2.0.0", progress("b", ProgressState.FAILED, "failed", 0.4));
        panel.drain();

        assertThat(rows.get(1).operationProperty().get()).isEqualTo("Firmware 2.0.0 · failed: CHECKSUM_MISMATCH: x");
        assertThat(rows.get(1).operationProgressProperty().get()).isEqualTo(DeviceRow.NO_PROGRESS);
        assertThat(rows.get(1).operationOutcomeProperty().get()).isEqualTo("failed");
    }

    @Test
    void aThousandRowsChangingAtOnceAreSpreadOverSeveralDrains() {
        ObservableList<DeviceRow> many = FXCollections.observableArrayList();
        for (int i = 0; i < 1000; i++) {
            many.add(new DeviceRow("d" + i));
        }
        List<String> requests = new ArrayList<>();
        ProgressUpdates buffer = new ProgressUpdates(() -> requests.add("drain"));
        ProgressPanelViewModel big = new ProgressPanelViewModel(buffer, many, snapshots::addAll, resorted::add,
                dismissed::add,
                (op, ids) -> { }, Clock.fixed(T0, ZoneOffset.UTC), () -> requests.add("more"));
        buffer.summary(summary("op", T0, 0, 0, 1000, List.of()));
        for (DeviceRow row : many) {
            buffer.device("op", "Reboot", progress(row.deviceId(), ProgressState.IN_PROGRESS, "rebooting", 0.5));
            buffer.snapshot(new DeviceSnapshot(row.deviceId(), "Disconnected", "", "", null, ""));
        }

        big.drain();
        long shown = many.stream().filter(r -> r.operationText().equals("Reboot · rebooting")).count();
        assertThat(shown).isEqualTo(ProgressPanelViewModel.ROW_CHANGES_PER_DRAIN);
        assertThat(requests).endsWith("more");
        for (int i = 0; i < 60; i++) {
            big.drain();
        }
        assertThat(many).allSatisfy(r -> assertThat(r.operationText()).isEqualTo("Reboot · rebooting"));
        assertThat(snapshots).hasSize(1000); // each row's connection differed once
    }

    @Test
    void aSnapshotThatChangesNothingAnOperatorWatchesIsNotApplied() {
        updates.snapshot(new DeviceSnapshot("a", "", "", "", Instant.now(), "")); // only the activity time is new
        updates.snapshot(new DeviceSnapshot("b", "Connected", "", "", null, ""));
        panel.drain();
        assertThat(snapshots).extracting(DeviceSnapshot::deviceId).containsExactly("b");
    }
}
