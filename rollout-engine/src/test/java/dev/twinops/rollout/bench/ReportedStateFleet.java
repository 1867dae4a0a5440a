package dev.twinops.rollout.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinops.hub.state.DeviceIdentity;
import dev.twinops.hub.state.DeviceStatus;
import dev.twinops.hub.state.HubState;
import dev.twinops.rollout.json.RolloutJson;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Many devices without connections: registered and moved through a firmware update's phases by writing their
 * reported {@code iothubDM.firmwareUpdate} straight into the hub's state ({@link HubState#patchReported}), the same
 * writes a device's MQTT reported-property patch ends in. Each step finishes some devices ({@code current} on the
 * target version) and moves as many others on to {@code applying}.
 */
final class ReportedStateFleet {

    private final HubState state;
    private final String version;
    private final Deque<String[]> inProgress = new ArrayDeque<>(); // {deviceId, operationId}
    private final Deque<String[]> applying = new ArrayDeque<>();

    ReportedStateFleet(HubState state, String version) {
        this.state = state;
        this.version = version;
    }

    static String deviceId(String prefix, int i) {
        return prefix + String.format(Locale.ROOT, "%05d", i);
    }

    /** Registers {@code count} devices reporting firmware 1.0.0. */
    void register(String prefix, int count) throws Exception {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        ObjectNode reported = RolloutJson.mapper().createObjectNode().put("firmwareVersion", "1.0.0");
        for (int i = 0; i < count; i++) {
            String id = deviceId(prefix, i);
            writes.add(state.registry().putDevice(new DeviceIdentity(id, null, null, DeviceStatus.ENABLED, null,
                    null, null, null), null).thenCompose(d -> state.patchReported(id, reported)));
            if (writes.size() == 2_000) {
                join(writes);
            }
        }
        join(writes);
    }

    /** The devices accepted the request: they report {@code downloading} for it. */
    void accept(List<String> deviceIds, String operationId) throws Exception {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (String id : deviceIds) {
            writes.add(state.patchReported(id, section("downloading", operationId)));
            inProgress.addLast(new String[] {id, operationId});
        }
        join(writes);
    }

    /** {@code finishing} devices reach the target, and as many more go from downloading to applying. */
    void advance(int finishing) throws Exception {
        List<CompletableFuture<?>> writes = new ArrayList<>();
        for (int i = 0; i < finishing && !(applying.isEmpty() && inProgress.isEmpty()); i++) {
            String[] d = applying.isEmpty() ? inProgress.pollFirst() : applying.pollFirst();
            ObjectNode patch = section("current", d[1]);
            patch.put("firmwareVersion", version);
            writes.add(state.patchReported(d[0], patch));
        }
        for (int i = 0; i < finishing && !inProgress.isEmpty(); i++) {
            String[] d = inProgress.pollFirst();
            writes.add(state.patchReported(d[0], section("applying", d[1])));
            applying.addLast(d);
        }
        join(writes);
    }

    int unfinished() {
        return inProgress.size() + applying.size();
    }

    private static ObjectNode section(String status, String operationId) {
        ObjectNode patch = RolloutJson.mapper().createObjectNode();
        patch.putObject("iothubDM").putObject("firmwareUpdate").put("status", status).put("operationId", operationId);
        return patch;
    }

    private static void join(List<CompletableFuture<?>> writes) throws Exception {
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        writes.clear();
    }
}
