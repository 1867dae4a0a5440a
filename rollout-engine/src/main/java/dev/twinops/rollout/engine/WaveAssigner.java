package dev.twinops.rollout.engine;

import dev.twinops.rollout.hub.DeviceSelection;
import dev.twinops.rollout.hub.DeviceSnapshot;
import dev.twinops.rollout.hub.HubCallException;
import dev.twinops.rollout.hub.RolloutQueries;
import dev.twinops.rollout.hub.WaveTag;
import dev.twinops.rollout.plan.OperationType;
import dev.twinops.rollout.plan.WaveSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts devices into the current wave, in the hub: chooses them (count, percentage, or a condition), tags them
 * ({@code tags.rollout = {id, wave, batch}}) with twin-update jobs, then reads back who is tagged, their
 * connection state and version. One step per call; jobs are scheduled here and followed by the engine.
 */
final class WaveAssigner {

    private static final Logger LOG = LoggerFactory.getLogger(WaveAssigner.class);
    static final int PAGE = 1000;
    static final Duration TAG_JOB_MAX_EXECUTION = Duration.ofHours(1);

    private final EngineContext ctx;
    private final WaveJobs jobs;

    WaveAssigner(EngineContext ctx, WaveJobs jobs) {
        this.ctx = ctx;
        this.jobs = jobs;
    }

    /** One step of assigning the current wave; returns true when the wave is ready to run. */
    boolean step(Instant now) throws HubCallException {
        RolloutState s = ctx.state;
        WaveState w = s.wave();
        WaveSpec spec = ctx.spec(w);
        if (s.targetTotal < 0) {
            if (!ctx.budget.hasRoom(1, now)) {
                return false;
            }
            s.targetTotal = ctx.hub.countDevices(new DeviceSelection.Target(s.plan.targetCondition()));
            ctx.accountQueries(now);
            ctx.transition("the target holds " + s.targetTotal + " devices");
            return false;
        }
        switch (w.step) {
            case PENDING -> {
                w.startedAt = now;
                w.tagByCondition = spec.condition() != null && spec.ratePerMinute() == null;
                w.step = w.tagByCondition ? WaveStep.TAGGING : WaveStep.RESOLVING;
                ctx.transition("wave " + EngineContext.hubWave(w) + " (" + w.name + "): "
                        + (w.tagByCondition ? "tagging " + spec.condition() : "choosing " + spec.describeSelection()));
            }
            case RESOLVING -> resolve(now, w, spec);
            case TAGGING -> tag(now, w);
            case READING_MEMBERS -> {
                return readMembers(now, w);
            }
            default -> {
                return true;
            }
        }
        return false;
    }

    private void resolve(Instant now, WaveState w, WaveSpec spec) throws HubCallException {
        RolloutState s = ctx.state;
        long remaining = Math.max(1, s.targetTotal - assignedSoFar());
        if (!ctx.budget.hasRoom(pages(remaining), now)) {
            return;
        }
        List<DeviceSnapshot> candidates = new ArrayList<>(ctx.hub.listDevices(new DeviceSelection.Unassigned(
                s.plan.targetCondition(), spec.condition(), s.rolloutId)));
        ctx.accountQueries(now);
        candidates.sort(Comparator.comparing(d -> order(s.rolloutId, d.deviceId())));
        int size = waveSize(spec, candidates.size(), s.targetTotal);
        Map<String, DeviceRecord> chosen = new LinkedHashMap<>();
        Integer rate = spec.ratePerMinute();
        for (int i = 0; i < size; i++) {
            String id = candidates.get(i).deviceId();
            chosen.put(id, new DeviceRecord(id, rate == null ? 0 : i / rate));
        }
        w.devices = chosen;
        w.step = WaveStep.TAGGING;
        ctx.transition("wave " + EngineContext.hubWave(w) + " (" + w.name + "): " + size + " of " + candidates.size()
                + " remaining devices chosen");
    }

    /** Devices of the earlier waves of this rollout. */
    private long assignedSoFar() {
        long n = 0;
        for (WaveState w : ctx.state.waves) {
            if (w.index < ctx.state.currentWave) {
                n += w.devices.size();
            }
        }
        return n;
    }

    static int waveSize(WaveSpec spec, int candidates, long targetTotal) {
        long size;
        if (spec.count() != null) {
            size = spec.count();
        } else if (spec.percent() != null) {
            size = Math.max(1, (long) Math.ceil(targetTotal * spec.percent() / 100.0 - 1e-9));
        } else {
            size = candidates; // the rest, or a condition wave with a rate
        }
        return (int) Math.min(size, candidates);
    }

    private void tag(Instant now, WaveState w) throws HubCallException {
        String id = ctx.rolloutId();
        int wave = EngineContext.hubWave(w);
        if (w.tagByCondition) {
            if (w.tagJobsDone > 0) {
                w.step = WaveStep.READING_MEMBERS;
                ctx.transition("wave " + wave + " tagged");
                return;
            }
            WaveSpec spec = ctx.spec(w);
            jobs.startTagJob(tagJobId(w, 0), new DeviceSelection.Unassigned(ctx.state.plan.targetCondition(),
                    spec.condition(), id), new WaveTag(id, wave, 0), w);
            return;
        }
        List<TagChunk> chunks = tagChunks(w);
        if (w.tagJobsDone >= chunks.size()) {
            w.step = w.devices.isEmpty() ? WaveStep.RUNNING : WaveStep.READING_MEMBERS;
            ctx.transition("wave " + wave + " tagged: " + w.devices.size() + " devices");
            return;
        }
        TagChunk chunk = chunks.get(w.tagJobsDone);
        jobs.startTagJob(tagJobId(w, w.tagJobsDone), new DeviceSelection.Ids(chunk.ids()),
                new WaveTag(id, wave, chunk.batch()), w);
    }

    private String tagJobId(WaveState w, int chunk) {
        return ctx.rolloutId() + "-w" + EngineContext.hubWave(w) + "-t" + chunk
                + (w.tagGeneration == 0 ? "" : "-g" + w.tagGeneration);
    }

    record TagChunk(int batch, List<String> ids) {
    }

    /** The wave's devices batch by batch, each batch cut so its IN list fits a query. */
    static List<TagChunk> tagChunks(WaveState w) {
        Map<Integer, List<String>> byBatch = new LinkedHashMap<>();
        for (DeviceRecord r : w.devices.values()) {
            byBatch.computeIfAbsent(r.batch, b -> new ArrayList<>()).add(r.deviceId);
        }
        List<TagChunk> chunks = new ArrayList<>();
        byBatch.forEach((batch, ids) -> RolloutQueries.chunkIds(ids).forEach(c -> chunks.add(new TagChunk(batch, c))));
        return chunks;
    }

    private boolean readMembers(Instant now, WaveState w) throws HubCallException {
        RolloutState s = ctx.state;
        if (!ctx.budget.hasRoom(pages(Math.max(1, w.devices.size())), now)) {
            return false;
        }
        List<DeviceSnapshot> members = new ArrayList<>(ctx.hub.listDevices(
                DeviceSelection.Wave.all(s.rolloutId, EngineContext.hubWave(w))));
        ctx.accountQueries(now);
        Map<String, DeviceRecord> devices = new LinkedHashMap<>();
        if (w.tagByCondition) {
            members.sort(Comparator.comparing(d -> order(s.rolloutId, d.deviceId())));
        }
        Map<String, DeviceSnapshot> byId = new LinkedHashMap<>();
        members.forEach(m -> byId.put(m.deviceId(), m));
        Iterable<String> order = w.tagByCondition ? byId.keySet() : w.devices.keySet();
        String target = ctx.operation().type() == OperationType.FIRMWARE_UPDATE ? ctx.operation().version() : null;
        int skipped = 0;
        int offline = 0;
        for (String id : order) {
            DeviceSnapshot m = byId.get(id);
            if (m == null) {
                w.notTagged++;
                LOG.warn("Rollout {} wave {}: {} was chosen but is not tagged; left out", s.rolloutId,
                        EngineContext.hubWave(w), id);
                continue;
            }
            DeviceRecord r = w.devices.getOrDefault(id, new DeviceRecord(id, m.batch() == null ? 0 : m.batch()));
            r.connectionAtStart = m.connectionState();
            r.connectionState = m.connectionState();
            if (!m.isConnected()) {
                offline++;
            }
            if (target != null && target.equals(m.firmwareVersion())) {
                r.state = DeviceState.SKIPPED;
                r.finishedAt = now;
                skipped++;
            }
            devices.put(id, r);
        }
        w.devices = devices;
        w.batches = devices.values().stream().mapToInt(r -> r.batch + 1).max().orElse(0);
        w.step = WaveStep.RUNNING;
        ctx.transition("wave " + EngineContext.hubWave(w) + " (" + w.name + ") has " + devices.size() + " devices: "
                + skipped + " already at the target, " + offline + " offline now");
        return true;
    }

    static int pages(long rows) {
        return (int) Math.max(1, (rows + PAGE - 1) / PAGE);
    }

    /** A stable, well-spread order of devices for one rollout: canaries come from all over the fleet. */
    static String order(String rolloutId, String deviceId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest((rolloutId + "\n" + deviceId).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
