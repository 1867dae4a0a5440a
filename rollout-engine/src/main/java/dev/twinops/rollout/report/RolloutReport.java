package dev.twinops.rollout.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twinops.rollout.engine.DeviceRecord;
import dev.twinops.rollout.engine.DeviceState;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.PhaseMark;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.engine.WaveState;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rollout's report, live or final: per wave and overall, devices succeeded / failed / skipped / offline / stuck,
 * failures grouped by error code, and the time spent per phase (downloading, verifying, applying, rebooting) as
 * p50 / p95 and a histogram. Phase times come from the reported status's {@code $metadata} {@code $lastUpdated}
 * timestamps the progress rounds saw: a phase counts for a device when the next status seen is the one that
 * follows it (or {@code failed}); a phase too short to be seen between two rounds is left out for that device.
 * Each wave also says how long it took, the queries and Jobs API calls it used and what paused it; overall,
 * {@code duration} runs from the first wave's start to the last saved change.
 */
public record RolloutReport(String rolloutId, String name, String operation, String hub, Phase phase, String reason,
                            Instant createdAt, Instant updatedAt, Totals overall, Map<String, Long> failuresByCode,
                            Map<String, PhaseStats> phaseTimes, List<WaveReport> waves, long queriesTotal,
                            long jobOperationsTotal, Duration duration, List<DeviceRow> devices) {

    /** The phases a firmware update passes through, in order. */
    public static final List<String> FIRMWARE_PHASES = List.of("waiting", "downloading", "verifying", "applying",
            "rebooting", "current");
    /** The phases the report times. */
    public static final List<String> TIMED_PHASES = List.of("downloading", "verifying", "applying", "rebooting");
    private static final List<String> REBOOT_PHASES = List.of("rebooting", "completed");

    public static RolloutReport of(RolloutState state) {
        List<String> order = state.plan.operation().type() == OperationType.REBOOT ? REBOOT_PHASES : FIRMWARE_PHASES;
        List<WaveReport> waves = new ArrayList<>();
        List<DeviceRow> rows = new ArrayList<>();
        Totals overall = Totals.NONE;
        Map<String, Long> allFailures = new TreeMap<>();
        Map<String, List<Duration>> allTimes = new LinkedHashMap<>();
        for (WaveState w : state.waves) {
            Map<String, Long> failures = new TreeMap<>();
            Map<String, List<Duration>> times = new LinkedHashMap<>();
            for (DeviceRecord r : w.devices.values()) {
                Map<String, Duration> deviceTimes = phaseTimes(r.phases, order);
                deviceTimes.forEach((phase, d) -> {
                    times.computeIfAbsent(phase, k -> new ArrayList<>()).add(d);
                    allTimes.computeIfAbsent(phase, k -> new ArrayList<>()).add(d);
                });
                String code = failureCode(r);
                if (code != null) {
                    failures.merge(code, 1L, Long::sum);
                    allFailures.merge(code, 1L, Long::sum);
                }
                rows.add(new DeviceRow(r.deviceId, w.index + 1, w.name, r.state.name(), r.errorCode, r.errorMessage,
                        r.attempt, deviceTimes));
            }
            Totals totals = Totals.of(w.counts());
            overall = overall.plus(totals);
            Instant end = w.finishedAt != null ? w.finishedAt : state.updatedAt;
            Duration took = w.startedAt == null || end == null || end.isBefore(w.startedAt) ? null
                    : Duration.between(w.startedAt, end);
            waves.add(new WaveReport(w.index + 1, w.name, state.plan.waves().get(w.index).describeSelection(),
                    w.step.name(), w.result, totals, failures, stats(times), w.startedAt, w.finishedAt, took,
                    w.queries, w.jobOperations, w.pausedBy == null ? List.of() : List.copyOf(w.pausedBy)));
        }
        Instant first = state.waves.isEmpty() ? null : state.waves.get(0).startedAt;
        Duration overallTook = first == null || state.updatedAt == null || state.updatedAt.isBefore(first) ? null
                : Duration.between(first, state.updatedAt);
        return new RolloutReport(state.rolloutId, state.plan.name(), state.plan.operation().describe(),
                state.hubHostName, state.phase, state.reason, state.createdAt, state.updatedAt, overall, allFailures,
                stats(allTimes), List.copyOf(waves), state.queriesTotal, state.jobOperationsTotal, overallTook,
                List.copyOf(rows));
    }

    /** The code a failure is grouped under: the device's error code, or what kept it from finishing. */
    private static String failureCode(DeviceRecord r) {
        return switch (r.state) {
            case FAILED -> r.errorCode == null ? "FAILED" : r.errorCode;
            case STUCK -> "STUCK";
            case OFFLINE -> "OFFLINE";
            default -> null;
        };
    }

    static Map<String, Duration> phaseTimes(List<PhaseMark> marks, List<String> order) {
        Map<String, Duration> times = new LinkedHashMap<>();
        for (int i = 0; i + 1 < marks.size(); i++) {
            PhaseMark a = marks.get(i);
            PhaseMark b = marks.get(i + 1);
            int ia = order.indexOf(a.status());
            boolean next = ia >= 0 && (order.indexOf(b.status()) == ia + 1 || "failed".equals(b.status()));
            if (next && a.at() != null && b.at() != null && !b.at().isBefore(a.at())
                    && (TIMED_PHASES.contains(a.status()))) {
                times.put(a.status(), Duration.between(a.at(), b.at()));
            }
        }
        return times;
    }

    private static Map<String, PhaseStats> stats(Map<String, List<Duration>> times) {
        Map<String, PhaseStats> stats = new LinkedHashMap<>();
        for (String phase : TIMED_PHASES) {
            List<Duration> t = times.get(phase);
            if (t != null && !t.isEmpty()) {
                stats.put(phase, PhaseStats.of(phase, t));
            }
        }
        return stats;
    }

    /** The whole report as JSON (durations as ISO-8601, e.g. {@code PT2.5S}). */
    public String toJson() {
        try {
            return RolloutJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report", e);
        }
    }

    /** A report written by {@link #toJson()} (e.g. {@code rollout-engine report ID --json FILE}). */
    public static RolloutReport fromJson(String json) throws java.io.IOException {
        return RolloutJson.mapper().readValue(json, RolloutReport.class);
    }

    /** Devices still to be heard from (live report). */
    public long devicesInFlight() {
        return devices.stream().filter(d -> DeviceState.valueOf(d.state()).isInFlight()).count();
    }
}
