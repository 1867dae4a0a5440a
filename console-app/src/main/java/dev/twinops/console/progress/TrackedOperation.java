package dev.twinops.console.progress;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.twinops.console.operations.OperationKind;
import dev.twinops.console.operations.MethodOutcome;
import dev.twinops.console.operations.OperationRequest;
import dev.twinops.console.operations.SentOperation;
import dev.twinops.dm.reported.ReportedDeviceState;

/**
 * One operation the console follows: the request, its devices and each device's progress. Success is judged by
 * reported state (the method's 200 only says the device accepted); a device that has not finished by the
 * deadline and has been silent for a while is stuck. Not thread-safe: the {@link ProgressMonitor} owns it.
 */
public final class TrackedOperation {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final OperationRequest request;
    private final String targets;
    private final Instant requestedAt;
    private final Instant deadline;
    private final Duration silenceBeforeStuck;
    private final ZoneId zone;
    private final Map<String, DeviceProgress> devices = new LinkedHashMap<>();
    private final Map<String, Integer> firstSeenPhases = new LinkedHashMap<>();
    private String jobId;
    private JobState jobState;
    private boolean jobRowsComplete;
    private String message = "";

    /**
     * @param deviceIds          the devices (for a query target, those matching when the operation started)
     * @param deadline           after this a silent, unfinished device is stuck
     * @param silenceBeforeStuck how long past the deadline a device may go without news before it is stuck
     */
    public TrackedOperation(OperationRequest request, String targets, List<String> deviceIds, Instant requestedAt,
                            Instant deadline, Duration silenceBeforeStuck, ZoneId zone) {
        this.request = Objects.requireNonNull(request, "request");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.requestedAt = Objects.requireNonNull(requestedAt, "requestedAt");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.silenceBeforeStuck = Objects.requireNonNull(silenceBeforeStuck, "silenceBeforeStuck");
        this.zone = Objects.requireNonNull(zone, "zone");
        for (String id : deviceIds) {
            devices.put(id, DeviceProgress.waiting(id, requestedAt));
        }
    }

    /** Follows an operation as the launcher sent it. */
    public static TrackedOperation of(SentOperation sent) {
        return new TrackedOperation(sent.request(), sent.targets(), sent.deviceIds(), sent.requestedAt(),
                sent.deadline(), sent.silenceBeforeStuck(), sent.zone());
    }

    public String operationId() {
        return request.operationId();
    }

    public OperationRequest request() {
        return request;
    }

    public Instant requestedAt() {
        return requestedAt;
    }

    public String jobId() {
        return jobId;
    }

    public boolean includes(String deviceId) {
        return devices.containsKey(deviceId);
    }

    public DeviceProgress progress(String deviceId) {
        return devices.get(deviceId);
    }

    public List<String> deviceIds() {
        return List.copyOf(devices.keySet());
    }

    /** Devices whose reported state is still worth reading: not final (stuck devices may still come back). */
    public List<String> devicesToWatch() {
        List<String> ids = new ArrayList<>();
        devices.forEach((id, p) -> {
            if (!p.state().isFinal()) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The job still has news in {@code devices.jobs}: it runs, or its rows were not all read since it ended. */
    public boolean needsJobRows() {
        return jobId != null && !jobRowsComplete;
    }

    public boolean isFinished() {
        return devices.values().stream().allMatch(p -> p.state().isSettled());
    }

    /** Every device succeeded or failed: nothing left to watch. */
    public boolean isDone() {
        return devices.values().stream().allMatch(p -> p.state().isFinal()) && !needsJobRows();
    }

    /** Adds devices found after the start (a job's rows can name devices that matched its condition late). */
    public DeviceProgress addDevice(String deviceId) {
        return devices.computeIfAbsent(deviceId, id -> DeviceProgress.waiting(id, requestedAt));
    }

    public void jobScheduled(String newJobId) {
        this.jobId = newJobId;
    }

    /** The job could not be created: every device failed with the hub's reason. */
    public List<DeviceProgress> jobRefused(String reason, Instant now) {
        message = "The job was not created: " + reason;
        List<DeviceProgress> changed = new ArrayList<>();
        for (String id : devices.keySet()) {
            DeviceProgress p = set(id, ProgressState.FAILED, "not sent", 0, "job not created: " + reason, now);
            if (p != null) {
                changed.add(p);
            }
        }
        return changed;
    }

    public void jobState(JobState state) {
        this.jobState = state;
    }

    /** Called once the rows read after the job finished have been applied. */
    public void jobRowsComplete() {
        this.jobRowsComplete = true;
    }

    public JobState jobState() {
        return jobState;
    }

    public void message(String text) {
        this.message = text == null ? "" : text;
    }

    /**
     * Applies a device's reported state; returns the new progress if it changed, else null. Settled devices
     * only change when the reported state says they finished after all.
     */
    public DeviceProgress observe(String deviceId, ReportedDeviceState reported, Instant now) {
        DeviceProgress current = devices.get(deviceId);
        if (current == null || current.state().isFinal()) {
            return null;
        }
        ReportedStateJudge.Reading r = ReportedStateJudge.read(request, requestedAt, reported);
        if (r.state() == ProgressState.WAITING) {
            return null; // nothing for this request yet; a stuck or failed-call device stays as it is
        }
        if (current.state() == ProgressState.STUCK && r.state() == ProgressState.IN_PROGRESS
                && r.phase().equals(current.phase())) {
            return null; // still where it got stuck
        }
        return set(deviceId, r.state(), r.phase(), r.fraction(), r.detail(), now);
    }

    /**
     * Applies how the method call to a device ended: a refusal or an unreachable device fails it (the words say
     * why); an acceptance or a time-out (the device may still act) leaves judging to reported state.
     */
    public DeviceProgress methodAnswered(String deviceId, MethodOutcome outcome, Instant now) {
        DeviceProgress current = devices.get(deviceId);
        if (current == null || current.state().isFinal()) {
            return null;
        }
        if (!request.kind().reportsProgress()) {
            // an arbitrary method is done when it is answered
            return outcome.accepted()
                    ? set(deviceId, ProgressState.SUCCEEDED, "answered", 1, outcome.describe(), now)
                    : set(deviceId, ProgressState.FAILED, "failed", 0, outcome.describe(), now);
        }
        if (outcome.accepted()) {
            if (current.state() == ProgressState.WAITING) {
                return set(deviceId, ProgressState.WAITING, "accepted", 0.01, "", now);
            }
            return null;
        }
        if (outcome.mayStillHappen()) {
            return set(deviceId, current.state(), current.phase(), current.fraction(), outcome.describe(), now);
        }
        return set(deviceId, ProgressState.FAILED, "failed", current.fraction(), outcome.describe(), now);
    }

    /** Flags unfinished devices that are past the deadline and silent; returns those that changed. */
    public List<DeviceProgress> checkDeadline(Instant now) {
        List<DeviceProgress> changed = new ArrayList<>();
        if (!now.isAfter(deadline)) {
            return changed;
        }
        for (DeviceProgress p : List.copyOf(devices.values())) {
            if (p.state().isSettled()) {
                continue;
            }
            Instant quietSince = p.lastChange().isAfter(deadline) ? p.lastChange() : deadline;
            boolean silent = p.state() == ProgressState.WAITING && !p.lastChange().isAfter(deadline)
                    || !now.isBefore(quietSince.plus(silenceBeforeStuck));
            if (silent) {
                String where = p.state() == ProgressState.WAITING ? "nothing reported for this request"
                        : "still " + p.phase();
                String detail = where + ", no news since " + CLOCK.format(p.lastChange().atZone(zone))
                        + (p.detail().isBlank() ? "" : " (" + p.detail() + ")");
                DeviceProgress stuck = set(p.deviceId(), ProgressState.STUCK, p.phase(), p.fraction(), detail, now);
                // keep the time of the last real news, so the message stays true
                DeviceProgress kept = new DeviceProgress(stuck.deviceId(), stuck.state(), stuck.phase(),
                        stuck.fraction(), stuck.detail(), p.lastChange());
                devices.put(p.deviceId(), kept);
                changed.add(kept);
            }
        }
        return changed;
    }

    public OperationSummary summary() {
        int waiting = 0;
        int inProgress = 0;
        int succeeded = 0;
        int failed = 0;
        int stuck = 0;
        double done = 0;
        Map<String, Integer> phases = new LinkedHashMap<>();
        firstSeenPhases.keySet().forEach(phase -> phases.put(phase, 0));
        List<FailedDevice> failures = new ArrayList<>();
        for (DeviceProgress p : devices.values()) {
            switch (p.state()) {
                case WAITING -> waiting++;
                case IN_PROGRESS -> inProgress++;
                case SUCCEEDED -> succeeded++;
                case FAILED -> failed++;
                case STUCK -> stuck++;
            }
            if (p.state() == ProgressState.FAILED || p.state() == ProgressState.STUCK) {
                failures.add(new FailedDevice(p.deviceId(), p.detail(), p.state() == ProgressState.STUCK));
            }
            String phase = phaseKey(p);
            phases.merge(phase, 1, Integer::sum);
            firstSeenPhases.putIfAbsent(phase, 0);
            done += p.completion();
        }
        phases.values().removeIf(n -> n == 0);
        int total = devices.size();
        String jobLine = jobState != null ? jobState.describe() : jobId != null ? "job " + jobId + ": scheduled" : "";
        return new OperationSummary(request.operationId(), request.title(), targets, jobId, requestedAt, deadline, total,
                waiting, inProgress, succeeded, failed, stuck, phases, total == 0 ? 1 : done / total, failures, jobLine,
                message, isFinished());
    }

    /** The phase a device is counted under: its reported phase without the download percentage. */
    private static String phaseKey(DeviceProgress p) {
        if (p.state() == ProgressState.STUCK) {
            return "stuck";
        }
        if (p.state() == ProgressState.FAILED) {
            return "failed";
        }
        String phase = p.phase();
        int space = phase.indexOf(' ');
        return space > 0 ? phase.substring(0, space) : phase;
    }

    private DeviceProgress set(String deviceId, ProgressState state, String phase, double fraction, String detail,
                               Instant now) {
        DeviceProgress current = devices.get(deviceId);
        DeviceProgress next = new DeviceProgress(deviceId, state, phase, fraction, detail, now);
        if (next.sameAs(current)) {
            return null;
        }
        devices.put(deviceId, next);
        return next;
    }

    /** The kind of operation, for the row text. */
    public OperationKind kind() {
        return request.kind();
    }
}
