package dev.twinops.console.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import dev.twinops.simulator.fleet.FleetSummary;

/**
 * A fleet split over several child processes, each running a part of it: the device SDK's thread starts cost
 * more the more threads a JVM holds (each connected device client keeps about ten), so 1,000 devices in four JVMs
 * update on about two thirds of the CPU they take in one (docs/performance.md, "Firmware update of 1,000 devices").
 * Its summary is
 * the sum of the parts'; a part's problem is the fleet's.
 */
final class MultiProcessFleet implements RunningFleet {

    private final List<? extends RunningFleet> parts;
    private final FleetSummary[] latest;
    private final List<Listener> listeners = new ArrayList<>();

    private record Listener(Consumer<FleetSummary> consumer, Executor executor) {
    }

    /** @param parts the running parts; each sends its current summary at once when listened to */
    MultiProcessFleet(List<? extends RunningFleet> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a fleet needs at least one part");
        }
        this.parts = List.copyOf(parts);
        this.latest = new FleetSummary[parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            int part = i;
            // the parts' own threads call in; the sum goes out from here, under the same lock as new listeners
            parts.get(i).onSummary(summary -> update(part, summary), Runnable::run);
        }
    }

    private synchronized void update(int part, FleetSummary summary) {
        latest[part] = summary;
        FleetSummary sum = sum();
        if (sum != null) {
            for (Listener l : listeners) {
                l.executor().execute(() -> l.consumer().accept(sum));
            }
        }
    }

    /** The parts' summaries added up, or null until every part has sent one. */
    private FleetSummary sum() {
        int total = 0;
        int pending = 0;
        int connecting = 0;
        int online = 0;
        int offline = 0;
        int busy = 0;
        int failed = 0;
        String problem = null;
        for (FleetSummary s : latest) {
            if (s == null) {
                return null;
            }
            total += s.total();
            pending += s.pending();
            connecting += s.connecting();
            online += s.online();
            offline += s.offline();
            busy += s.busy();
            failed += s.failed();
            problem = problem != null ? problem : s.problem();
        }
        return new FleetSummary(total, pending, connecting, online, offline, busy, failed, problem);
    }

    @Override
    public synchronized void onSummary(Consumer<FleetSummary> listener, Executor executor) {
        listeners.add(new Listener(listener, executor));
        FleetSummary now = sum();
        if (now != null) {
            executor.execute(() -> listener.accept(now));
        }
    }

    /** Stops the parts at the same time (each may take a while to close its devices), and waits for all. */
    @Override
    public void close() {
        List<Thread> closing = new ArrayList<>();
        for (RunningFleet part : parts) {
            Thread t = new Thread(part::close, "simulator-part-close");
            t.setDaemon(true);
            t.start();
            closing.add(t);
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
