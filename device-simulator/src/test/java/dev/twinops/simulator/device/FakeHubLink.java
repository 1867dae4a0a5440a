package dev.twinops.simulator.device;

import dev.twinops.dm.method.MethodResponse;
import dev.twinops.dm.reported.ReportedPatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A hub link that acknowledges every report at once and records it; connect completes at once with the
 * configured twin. Lets a test invoke methods and change desired properties like the hub would.
 */
final class FakeHubLink implements HubLink {

    final List<Map<String, Object>> reports = new ArrayList<>();
    final Map<String, Object> reported = new LinkedHashMap<>();
    final List<String> telemetry = new ArrayList<>();
    Map<String, Object> desired = new LinkedHashMap<>();
    int connects;
    int disconnects;
    boolean connected;
    /** When set, the next disconnect completes only when the test completes it (a slow close of the old client). */
    CompletableFuture<Void> slowClose;
    private Handler handler;

    FakeHubLink withReported(Map<String, Object> twinReported) {
        reported.putAll(twinReported);
        return this;
    }

    @Override
    public synchronized CompletableFuture<DeviceTwinSnapshot> connect(Handler handler) {
        this.handler = handler;
        connects++;
        connected = true;
        return CompletableFuture.completedFuture(new DeviceTwinSnapshot(new LinkedHashMap<>(desired),
                new LinkedHashMap<>(reported)));
    }

    @Override
    public CompletableFuture<Void> report(Map<String, Object> patch) {
        synchronized (this) {
            if (!connected) {
                throw new AssertionError("reported while offline: " + patch);
            }
            reports.add(patch);
            ReportedPatches.mergeInto(reported, patch);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized void sendTelemetry(String json) {
        telemetry.add(json);
    }

    @Override
    public synchronized CompletableFuture<Void> disconnect() {
        disconnects++;
        connected = false;
        CompletableFuture<Void> done = slowClose != null ? slowClose : CompletableFuture.completedFuture(null);
        slowClose = null;
        return done;
    }

    @Override
    public synchronized CompletableFuture<Void> close() {
        connected = false;
        return CompletableFuture.completedFuture(null);
    }

    MethodResponse invoke(String method, String payload) {
        return handler.onMethod(method, payload);
    }

    void changeDesired(Map<String, Object> patch) {
        desired.putAll(patch);
        handler.onDesiredPropertiesChanged(patch);
    }

    /** The value at a dotted path in the merged reported properties, e.g. {@code iothubDM.reboot.status}. */
    @SuppressWarnings("unchecked")
    synchronized Object at(String path) {
        Object node = reported;
        for (String part : path.split("\\.")) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = ((Map<String, Object>) m).get(part);
        }
        return node;
    }

    /** The firmware status of every report that carried one, in order. */
    @SuppressWarnings("unchecked")
    synchronized List<String> firmwarePhases() {
        List<String> phases = new ArrayList<>();
        for (Map<String, Object> r : reports) {
            Object dm = r.get("iothubDM");
            if (dm instanceof Map<?, ?> d && d.get("firmwareUpdate") instanceof Map<?, ?> fw && fw.get("status") != null) {
                String s = (String) ((Map<String, Object>) fw).get("status");
                if (phases.isEmpty() || !phases.get(phases.size() - 1).equals(s)) {
                    phases.add(s);
                }
            }
        }
        return phases;
    }
}
