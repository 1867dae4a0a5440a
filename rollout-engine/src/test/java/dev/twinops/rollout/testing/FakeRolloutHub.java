package dev.twinops.rollout.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.rollout.hub.DeviceReading;
import dev.twinops.rollout.hub.DeviceSelection;
import dev.twinops.rollout.hub.DeviceSnapshot;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.JobDeviceOutcome;
import dev.twinops.rollout.hub.JobProgress;
import dev.twinops.rollout.hub.MethodCall;
import dev.twinops.rollout.hub.RolloutHub;
import dev.twinops.rollout.hub.RolloutQueries;
import dev.twinops.rollout.hub.StatusCount;
import dev.twinops.rollout.hub.WaveTag;
import dev.twinops.rollout.json.RolloutJson;
import dev.twinops.rollout.plan.OperationType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A scripted hub for engine tests: devices whose reported state follows a script in clock time after they receive
 * a method, jobs that take a second and reach devices at a set pace, IoT Hub's one-active-job rule, and a count of
 * every query (each page one) with its time, so tests can check the budget.
 */
public final class FakeRolloutHub implements RolloutHub {

    /** What a device does with the operation; {@code attempt} is 1 for the first request it gets. */
    public interface Behaviour {
        List<Step> script(int attempt);
    }

    /** At {@code offset} after receiving the request, the device reports {@code status} (and maybe an error). */
    public record Step(Duration offset, String status, String errorCode) {
    }

    public static Behaviour succeeds() {
        return attempt -> List.of(step(1, "downloading"), step(2, "verifying"), step(3, "applying"),
                step(4, "rebooting"), step(5, "current"));
    }

    public static Behaviour failsWith(String code) {
        return attempt -> List.of(step(1, "downloading"), new Step(Duration.ofSeconds(2), "failed", code));
    }

    public static Behaviour failsFirstThenSucceeds(String code) {
        return attempt -> attempt == 1 ? failsWith(code).script(1) : succeeds().script(attempt);
    }

    /** Starts and never finishes. */
    public static Behaviour hangs() {
        return attempt -> List.of(step(1, "downloading"));
    }

    /** Answers 403 and does nothing. */
    public static Behaviour refuses() {
        return attempt -> null;
    }

    private static Step step(int seconds, String status) {
        return new Step(Duration.ofSeconds(seconds), status, null);
    }

    public static final class Device {
        public final String id;
        public final Map<String, String> tags = new HashMap<>();
        public boolean connected = true;
        public String firmwareVersion = "1.0.0";
        public Behaviour behaviour = succeeds();
        public String rolloutId;
        public Integer wave;
        public Integer batch;
        /** Requests received: operation ids in order, with when. */
        public final List<String> operationIds = new ArrayList<>();
        public final List<Instant> receivedAt = new ArrayList<>();
        public String methodName;
        public String targetVersion;

        Device(String id) {
            this.id = id;
        }

        public int received() {
            return operationIds.size();
        }
    }

    private static final class Job {
        final String id;
        final boolean tag;
        final Instant start;
        final Map<String, Instant> deliveries = new LinkedHashMap<>();
        final MethodCall call;
        Instant cancelledAt;

        Job(String id, boolean tag, Instant start, MethodCall call) {
            this.id = id;
            this.tag = tag;
            this.start = start;
            this.call = call;
        }

        Instant end() {
            Instant last = start;
            for (Instant t : deliveries.values()) {
                if (t.isAfter(last)) {
                    last = t;
                }
            }
            return last.plusSeconds(1);
        }
    }

    private final MutableClock clock;
    private final Map<String, Device> devices = new TreeMap<>();
    private final Map<String, Predicate<Device>> conditions = new HashMap<>();
    private final Map<String, Job> jobs = new LinkedHashMap<>();
    private final Deque<HubCallException> failures = new ArrayDeque<>();
    private final List<Instant> queryTimes = new ArrayList<>();
    private final List<String> jobOrder = new ArrayList<>();
    /** Devices a method job reaches per second (0: all at once). */
    public int deliveriesPerSecond;
    public int maxActiveJobs = 1;
    public int maxQueryLength;
    /** Jobs refused because another was still active (an engine should never cause one). */
    public int activeJobRefusals;
    /** As the hub's connection string spells it. */
    public String hostName = "fake-hub.example";

    public FakeRolloutHub(MutableClock clock) {
        this.clock = clock;
        conditions.put("IS_DEFINED(deviceId)", d -> true);
    }

    public FakeRolloutHub devices(String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            String id = String.format("%s%04d", prefix, i);
            devices.put(id, new Device(id));
        }
        return this;
    }

    public Device device(String id) {
        return Objects.requireNonNull(devices.get(id), id);
    }

    public List<Device> allDevices() {
        return new ArrayList<>(devices.values());
    }

    /** Teaches the fake a condition a plan uses. */
    public FakeRolloutHub condition(String text, Predicate<Device> predicate) {
        conditions.put(text, predicate);
        return this;
    }

    /** The next hub call throws this. */
    public void failNextCall(HubCallException e) {
        failures.add(e);
    }

    public List<Instant> queryTimes() {
        return List.copyOf(queryTimes);
    }

    public List<String> jobIds() {
        return List.copyOf(jobOrder);
    }

    public Instant jobStart(String jobId) {
        return jobs.get(jobId).start;
    }

    public int jobDeviceCount(String jobId) {
        return jobs.get(jobId).deliveries.size();
    }

    @Override
    public String hostName() {
        return hostName;
    }

    @Override
    public long queriesUsed() {
        return queryTimes.size();
    }

    private void query(int pages, String text) throws HubCallException {
        maybeFail();
        maxQueryLength = Math.max(maxQueryLength, text.length());
        if (text.length() > RolloutQueries.MAX_QUERY_LENGTH) {
            throw new HubCallException(HubCallException.Kind.BAD_REQUEST, "query over 8 KB: " + text.length());
        }
        for (int i = 0; i < pages; i++) {
            queryTimes.add(clock.instant());
        }
    }

    private void maybeFail() throws HubCallException {
        HubCallException e = failures.poll();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public long countDevices(DeviceSelection selection) throws HubCallException {
        query(1, RolloutQueries.countQuery(selection));
        return select(selection).size();
    }

    @Override
    public List<DeviceSnapshot> listDevices(DeviceSelection selection) throws HubCallException {
        List<Device> selected = select(selection);
        query(Math.max(1, (selected.size() + 999) / 1000), RolloutQueries.membersQuery(selection));
        List<DeviceSnapshot> out = new ArrayList<>();
        for (Device d : selected) {
            out.add(new DeviceSnapshot(d.id, d.connected ? "Connected" : "Disconnected", reportedVersion(d),
                    d.batch));
        }
        return out;
    }

    @Override
    public void scheduleTagJob(String jobId, DeviceSelection selection, WaveTag tag, Duration maxExecution)
            throws HubCallException {
        Job job = newJob(jobId, true, null);
        for (Device d : select(selection)) {
            d.rolloutId = tag.rolloutId();
            d.wave = tag.wave();
            d.batch = tag.batch();
            job.deliveries.put(d.id, clock.instant());
        }
    }

    @Override
    public void scheduleMethodJob(String jobId, DeviceSelection selection, MethodCall call, Duration maxExecution)
            throws HubCallException {
        Job job = newJob(jobId, false, call);
        int i = 0;
        for (Device d : select(selection)) {
            Instant at = deliveriesPerSecond == 0 ? clock.instant()
                    : clock.instant().plusMillis(1000L * i / deliveriesPerSecond);
            job.deliveries.put(d.id, at);
            i++;
        }
    }

    private Job newJob(String jobId, boolean tag, MethodCall call) throws HubCallException {
        maybeFail();
        if (jobs.containsKey(jobId)) {
            throw new HubCallException(HubCallException.Kind.CONFLICT, "job " + jobId + " exists");
        }
        long active = jobs.values().stream().filter(j -> status(j) != JobProgress.Status.COMPLETED
                && status(j) != JobProgress.Status.CANCELLED).count();
        if (active >= maxActiveJobs) {
            activeJobRefusals++;
            throw new HubCallException(HubCallException.Kind.THROTTLED, "too many active jobs");
        }
        Job job = new Job(jobId, tag, clock.instant(), call);
        jobs.put(jobId, job);
        jobOrder.add(jobId);
        return job;
    }

    /** Per job and device, once the job reached it: whether the device was online then. */
    private final Map<String, Boolean> delivered = new HashMap<>();

    /** Delivers methods whose time has come; called before every look at the hub's state. */
    private void deliver() {
        Instant now = clock.instant();
        for (Job job : jobs.values()) {
            if (job.tag) {
                continue;
            }
            String opId = job.call.payload().path("operationId").asText();
            job.deliveries.forEach((id, at) -> {
                String key = job.id + "/" + id;
                boolean reached = !at.isAfter(now) && (job.cancelledAt == null || at.isBefore(job.cancelledAt));
                if (!reached || delivered.containsKey(key)) {
                    return;
                }
                Device d = devices.get(id);
                delivered.put(key, d.connected);
                if (d.connected && !d.operationIds.contains(opId)) {
                    d.operationIds.add(opId);
                    d.receivedAt.add(at);
                    d.methodName = job.call.methodName();
                    d.targetVersion = job.call.payload().path("version").asText(null);
                }
            });
        }
    }

    private JobProgress.Status status(Job job) {
        if (job.cancelledAt != null) {
            return JobProgress.Status.CANCELLED;
        }
        return clock.instant().isBefore(job.end()) ? JobProgress.Status.RUNNING : JobProgress.Status.COMPLETED;
    }

    @Override
    public JobProgress jobProgress(String jobId) throws HubCallException {
        maybeFail();
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new HubCallException(HubCallException.Kind.NOT_FOUND, "no job " + jobId);
        }
        deliver();
        return new JobProgress(jobId, status(job), null);
    }

    @Override
    public List<JobDeviceOutcome> jobOutcomes(String jobId) throws HubCallException {
        Job job = jobs.get(jobId);
        query(Math.max(1, (job.deliveries.size() + 999) / 1000), "SELECT * FROM devices.jobs WHERE devices.jobs"
                + ".jobId = '" + jobId + "'");
        deliver();
        List<JobDeviceOutcome> rows = new ArrayList<>();
        job.deliveries.forEach((id, at) -> {
            Device d = devices.get(id);
            Boolean online = delivered.get(job.id + "/" + id);
            if (online == null && job.cancelledAt != null) {
                rows.add(new JobDeviceOutcome(id, "cancelled", null, null, null, null));
            } else if (online == null) {
                rows.add(new JobDeviceOutcome(id, "queued", null, null, null, null));
            } else if (!online) {
                rows.add(new JobDeviceOutcome(id, "failed", null, null, "DeviceNotOnline",
                        "Timed out waiting for device to connect (errorCode 404103)"));
            } else if (d.behaviour.script(1) == null) {
                rows.add(new JobDeviceOutcome(id, "completed", 403, "{\"code\":\"REFUSED\",\"method\":\""
                        + job.call.methodName() + "\",\"reason\":\"maintenance window closed\"}", null, null));
            } else {
                rows.add(new JobDeviceOutcome(id, "completed", 200, "{\"code\":\"ACCEPTED\"}", null, null));
            }
        });
        return rows;
    }

    @Override
    public void cancelJob(String jobId) throws HubCallException {
        maybeFail();
        Job job = jobs.get(jobId);
        if (job == null) {
            throw new HubCallException(HubCallException.Kind.NOT_FOUND, "no job " + jobId);
        }
        if (status(job) == JobProgress.Status.RUNNING) {
            deliver();
            job.cancelledAt = clock.instant();
        }
    }

    @Override
    public List<StatusCount> statusCounts(String rolloutId, int wave, OperationType operation)
            throws HubCallException {
        query(1, RolloutQueries.aggregateQuery(rolloutId, wave, operation));
        deliver();
        Map<String, Long> counts = new TreeMap<>();
        for (Device d : select(DeviceSelection.Wave.all(rolloutId, wave))) {
            Reported r = reported(d);
            counts.merge(r == null ? "" : r.status, 1L, Long::sum);
        }
        List<StatusCount> out = new ArrayList<>();
        counts.forEach((s, n) -> out.add(new StatusCount(s.isEmpty() ? null : s, n)));
        return out;
    }

    @Override
    public List<DeviceReading> readDevices(DeviceSelection.Wave selection, OperationType operation)
            throws HubCallException {
        query(1, RolloutQueries.detailQuery(selection, operation));
        deliver();
        List<DeviceReading> out = new ArrayList<>();
        for (Device d : select(selection)) {
            Reported r = reported(d);
            ObjectNode section = null;
            if (r != null) {
                section = RolloutJson.mapper().createObjectNode();
                section.put("status", r.status);
                section.put("operationId", r.operationId);
                if (r.errorCode != null) {
                    section.putObject("error").put("code", r.errorCode).put("message", "scripted " + r.errorCode);
                } else {
                    section.putNull("error");
                }
                if (operation == OperationType.REBOOT && "completed".equals(r.status)) {
                    section.put("lastReboot", r.at.toString());
                }
            }
            out.add(new DeviceReading(d.id, d.connected ? "Connected" : "Disconnected", reportedVersion(d), section,
                    r == null ? null : r.at));
        }
        return out;
    }

    private record Reported(String status, String operationId, String errorCode, Instant at) {
    }

    /** The device's latest reported section, from its script and the clock. */
    private Reported reported(Device d) {
        if (d.operationIds.isEmpty()) {
            return null;
        }
        int attempt = d.operationIds.size();
        List<Step> script = d.behaviour.script(attempt);
        if (script == null) {
            return null;
        }
        Instant received = d.receivedAt.get(attempt - 1);
        Reported last = null;
        for (Step s : script) {
            Instant at = received.plus(s.offset());
            if (!at.isAfter(clock.instant())) {
                last = new Reported(s.status(), d.operationIds.get(attempt - 1), s.errorCode(), at);
            }
        }
        return last;
    }

    private String reportedVersion(Device d) {
        Reported r = reported(d);
        if (r != null && "current".equals(r.status) && d.targetVersion != null) {
            return d.targetVersion;
        }
        return d.firmwareVersion;
    }

    private List<Device> select(DeviceSelection selection) {
        Predicate<Device> p;
        if (selection instanceof DeviceSelection.Target t) {
            p = predicate(t.targetCondition());
        } else if (selection instanceof DeviceSelection.Unassigned u) {
            Predicate<Device> target = predicate(u.targetCondition());
            Predicate<Device> condition = u.condition() == null ? d -> true : predicate(u.condition());
            p = d -> target.test(d) && condition.test(d) && !u.rolloutId().equals(d.rolloutId);
        } else if (selection instanceof DeviceSelection.Ids ids) {
            p = d -> ids.deviceIds().contains(d.id);
        } else {
            DeviceSelection.Wave w = (DeviceSelection.Wave) selection;
            p = d -> w.rolloutId().equals(d.rolloutId) && Objects.equals(d.wave, w.wave())
                    && (w.batch() == null || Objects.equals(d.batch, w.batch()))
                    && (w.deviceIds() == null || w.deviceIds().contains(d.id))
                    && (w.notAtVersion() == null || !w.notAtVersion().equals(reportedVersion(d)));
        }
        return devices.values().stream().filter(p).toList();
    }

    private Predicate<Device> predicate(String condition) {
        Predicate<Device> p = conditions.get(condition);
        if (p == null) {
            throw new IllegalArgumentException("the fake hub was not taught the condition " + condition);
        }
        return p;
    }
}
