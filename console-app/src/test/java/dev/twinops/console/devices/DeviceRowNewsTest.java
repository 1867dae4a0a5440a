package dev.twinops.console.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.twinops.console.progress.DeviceProgress;
import dev.twinops.console.progress.OperationSummary;
import dev.twinops.console.progress.ProgressState;
import dev.twinops.console.progress.RowProgressFeed;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** The Operation column fed by progress events (in progress' words), without a toolkit. */
class DeviceRowNewsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final ObservableList<DeviceRow> rows = FXCollections.observableArrayList(
            new DeviceRow("a"), new DeviceRow("b"));
    private final List<String> drains = new ArrayList<>();
    private final List<List<DeviceRow>> resorted = new ArrayList<>();
    private final DeviceRowNews news = new DeviceRowNews(rows, () -> drains.add("drain"));
    private final RowProgressFeed feed = new RowProgressFeed(news);

    private static OperationSummary summary(String op, Instant requested, int inFlight) {
        return new OperationSummary(op, "Firmware update to 2.0.0", "2 selected devices", null, requested,
                requested.plusSeconds(600), inFlight, inFlight, 0, 0, 0, 0, Map.of(), 0, List.of(), "", "",
                inFlight == 0);
    }

    private static DeviceProgress progress(String id, ProgressState state, String phase, double fraction) {
        return new DeviceProgress(id, state, phase, fraction, state == ProgressState.FAILED ? "CHECKSUM_MISMATCH: x" : "",
                T0);
    }

    private void drain() {
        news.apply(changed -> {
            if (!changed.isEmpty()) {
                resorted.add(changed);
            }
        });
    }

    @Test
    void manyUpdatesBetweenTwoDrainsAskForOneDrainAndTheLatestWins() {
        feed.summary(summary("op1", T0, 2));
        for (int i = 0; i <= 100; i += 10) {
            feed.device("op1", "Firmware 2.0.0", progress("a", ProgressState.IN_PROGRESS, "downloading " + i + "%", i / 200.0));
        }
        assertThat(drains).containsExactly("drain");

        drain();

        assertThat(rows.get(0).operationText()).isEqualTo("Firmware 2.0.0 · downloading 100%");
        assertThat(rows.get(0).operationProperty().get()).isEqualTo("Firmware 2.0.0");
        assertThat(resorted).containsExactly(List.of(rows.get(0))); // once, for the name; the phase does not re-sort
        assertThat(rows.get(0).operationProgressProperty().get()).isEqualTo(0.5);
        assertThat(rows.get(1).operationProperty().get()).isEmpty();
    }

    @Test
    void aRowShowsItsNewestOperationAndRowsAppearingLaterGetIt() {
        feed.summary(summary("old", T0, 1));
        feed.summary(summary("new", T0.plusSeconds(60), 1));
        feed.device("new", "Reboot", progress("a", ProgressState.IN_PROGRESS, "rebooting", 0.5));
        feed.device("old", "Firmware 2.0.0", progress("a", ProgressState.FAILED, "failed", 0.3));
        drain();
        assertThat(rows.get(0).operationText()).isEqualTo("Reboot · rebooting");

        feed.device("new", "Reboot", progress("c", ProgressState.SUCCEEDED, "completed", 1));
        drain();
        int requested = drains.size();
        DeviceRow late = new DeviceRow("c");
        rows.add(late); // e.g. another query shows it
        assertThat(drains).hasSize(requested + 1);
        drain();

        assertThat(late.operationProperty().get()).isEqualTo("Reboot · completed");
        assertThat(late.operationOutcomeProperty().get()).isEqualTo("succeeded");

        feed.removed("new");
        drain();
        assertThat(rows.get(0).operationText()).isEmpty();
    }

    @Test
    void failedAndStuckRowsSayWhyInsteadOfShowingABar() {
        feed.summary(summary("op", T0, 0));
        feed.device("op", "Firmware 2.0.0", progress("b", ProgressState.FAILED, "failed", 0.4));
        drain();

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
        DeviceRowNews big = new DeviceRowNews(many, () -> requests.add("more"));
        RowProgressFeed bigFeed = new RowProgressFeed(big);
        bigFeed.summary(summary("op", T0, 1000));
        for (DeviceRow row : many) {
            bigFeed.device("op", "Reboot", progress(row.deviceId(), ProgressState.IN_PROGRESS, "rebooting", 0.5));
            bigFeed.snapshot(new DeviceSnapshot(row.deviceId(), "Disconnected", "", "", null, ""));
        }
        requests.clear();

        big.apply(changed -> { });
        long shown = many.stream().filter(r -> r.operationText().equals("Reboot · rebooting")).count();
        assertThat(shown).isEqualTo(DeviceRowNews.ROW_CHANGES_PER_DRAIN);
        assertThat(requests).containsExactly("more");
        for (int i = 0; i < 60; i++) {
            big.apply(changed -> { });
        }
        assertThat(many).allSatisfy(r -> assertThat(r.operationText()).isEqualTo("Reboot · rebooting"));
        assertThat(many).allSatisfy(r -> assertThat(r.connectionStateProperty().get()).isEqualTo("Disconnected"));
    }

    @Test
    void aSnapshotThatChangesNothingAnOperatorWatchesIsNotApplied() {
        feed.snapshot(new DeviceSnapshot("a", "", "", "", Instant.now(), "")); // only the activity time is new
        feed.snapshot(new DeviceSnapshot("b", "Connected", "", "", null, ""));
        drain();
        assertThat(resorted).hasSize(1);
        assertThat(resorted.get(0)).extracting(DeviceRow::deviceId).containsExactly("b");
        assertThat(rows.get(0).lastActivityProperty().get()).isNull();
    }
}
