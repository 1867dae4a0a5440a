package dev.twinops.console.rollouts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.twinops.rollout.engine.WaveCounts;
import dev.twinops.rollout.engine.WaveStatus;
import dev.twinops.rollout.plan.FailureThreshold;
import dev.twinops.rollout.plan.Percent;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One wave as a progress bar: a segment per state (succeeded, skipped, in flight by reported phase, failed, stuck,
 * offline, waiting), each in its own colour, with the success threshold and the failure threshold (its share of
 * the wave) drawn as lines across it.
 */
final class WaveBar extends VBox {

    static final double WIDTH = 230;
    private static final double HEIGHT = 16;
    /** The in-flight phases a firmware update reports, in order; anything else in flight is "sent". */
    private static final List<String> PHASES = List.of("downloading", "verifying", "applying", "rebooting");
    /** Segment style classes and what the legend calls them. */
    static final Map<String, String> LEGEND = legend();

    WaveBar(WaveStatus wave, FailureThreshold failure, boolean current) {
        getStyleClass().add("wave-bar");
        if (current) {
            getStyleClass().add("current-wave");
        }
        setSpacing(2);
        WaveCounts c = wave.counts();
        Label title = new Label((wave.index() + 1) + ". " + wave.name() + " · " + wave.selection()
                + (wave.approvalGate() ? " · approval" : ""));
        title.getStyleClass().add("wave-title");
        Pane bar = new Pane();
        bar.getStyleClass().add("wave-track");
        bar.setPrefSize(WIDTH, HEIGHT);
        bar.setMinSize(WIDTH, HEIGHT);
        bar.setMaxSize(WIDTH, HEIGHT);
        double x = 0;
        for (Map.Entry<String, Integer> s : segments(wave).entrySet()) {
            if (s.getValue() <= 0 || c.total() == 0) {
                continue;
            }
            double w = WIDTH * s.getValue() / c.total();
            Region seg = new Region();
            seg.getStyleClass().addAll("wave-segment", "seg-" + s.getKey());
            seg.resizeRelocate(x, 0, w, HEIGHT);
            seg.setPrefSize(w, HEIGHT);
            Tooltip.install(seg, new Tooltip(LEGEND.get(s.getKey()) + ": " + s.getValue()));
            bar.getChildren().add(seg);
            x += w;
        }
        bar.getChildren().add(line("success-line", wave.successThreshold(),
                "Success threshold: " + Percent.format(wave.successThreshold()) + " must reach the target"));
        if (failure != null && failure.percent() != null) {
            bar.getChildren().add(line("failure-line", failure.percent(),
                    "Failure threshold: " + failure.describe() + " (after " + failure.minFinished() + " finished)"));
        }
        Label counts = new Label(String.format(Locale.ROOT, "%d devices · %d ok · %d failed · %d in flight%s",
                c.total(), c.succeeded() + c.skipped(), c.failures(), c.inFlight(),
                c.offline() > 0 ? " · " + c.offline() + " offline" : "")
                + (wave.result() != null ? " · " + wave.result() : ""));
        counts.getStyleClass().add("wave-counts");
        getChildren().addAll(title, bar, counts);
        setId("waveBar" + wave.index());
    }

    private static Region line(String style, double percent, String tip) {
        Region line = new Region();
        line.getStyleClass().addAll("threshold-line", style);
        double at = Math.max(0, Math.min(WIDTH - 2, WIDTH * percent / 100.0 - 1));
        line.resizeRelocate(at, -3, 2, HEIGHT + 6);
        line.setPrefSize(2, HEIGHT + 6);
        Tooltip.install(line, new Tooltip(tip));
        return line;
    }

    /** Devices per segment, in drawing order. */
    static Map<String, Integer> segments(WaveStatus wave) {
        WaveCounts c = wave.counts();
        Map<String, Integer> s = new LinkedHashMap<>();
        s.put("succeeded", c.succeeded());
        s.put("skipped", c.skipped());
        int inProgressShown = 0;
        for (String phase : PHASES) {
            long n = wave.reportedStatusCounts().getOrDefault(phase, 0L);
            int shown = (int) Math.min(n, c.inProgress() - inProgressShown);
            s.put(phase, shown);
            inProgressShown += shown;
        }
        s.put("sent", c.dispatched() + c.inProgress() - inProgressShown);
        s.put("failed", c.failed());
        s.put("stuck", c.stuck());
        s.put("offline", c.offline());
        s.put("waiting", c.waiting());
        return s;
    }

    private static Map<String, String> legend() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("succeeded", "succeeded");
        m.put("skipped", "skipped (already there)");
        for (String p : PHASES) {
            m.put(p, p);
        }
        m.put("sent", "sent, no news yet");
        m.put("failed", "failed");
        m.put("stuck", "stuck past deadline");
        m.put("offline", "offline");
        m.put("waiting", "waiting");
        return m;
    }

    static List<javafx.scene.Node> legendNodes() {
        List<javafx.scene.Node> nodes = new ArrayList<>();
        for (Map.Entry<String, String> e : LEGEND.entrySet()) {
            Region swatch = new Region();
            swatch.getStyleClass().addAll("wave-segment", "seg-" + e.getKey(), "legend-swatch");
            swatch.setPrefSize(10, 10);
            swatch.setMinSize(10, 10);
            Label label = new Label(e.getValue(), swatch);
            label.getStyleClass().add("legend-label");
            nodes.add(label);
        }
        return nodes;
    }
}
