package dev.twinops.simulator.device;

import dev.twinops.dm.reported.ReportedPatches;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * Reported-properties patches on their way to the hub: one in flight at a time, the rest merged in order (newer
 * values win, nulls kept as deletes), a patch that is not acknowledged within the timeout is sent again merged
 * with whatever queued up behind it. This is how a device copes with the SDK race in which a twin response is
 * lost (SDK issue 1803; a few percent of twin calls on a fast link): the report is simply repeated, and a late
 * acknowledgement of an abandoned attempt is ignored. A first attempt waits five times the last round trip (at
 * least the quick timeout), so a lost answer costs seconds rather than the full timeout; an attempt after a failure
 * waits the full timeout, so a slow hub is not sent every report twice. Futures are completed outside the queue's
 * lock, so callers may hold their own locks while enqueuing.
 */
final class ReportQueue {

    /** Sends one patch; calls {@code done} with true once the hub acknowledged it, false if it failed. */
    interface Sender {
        void send(Map<String, Object> patch, Done done);
    }

    interface Done {
        void completed(boolean acknowledged, String detail);
    }

    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    private static final int ROUND_TRIPS_TO_WAIT = 5;

    private final Scheduler scheduler;
    private final Duration quickTimeout;
    private final Duration timeout;
    private final Duration retryDelay;
    private final Runnable onRetry;

    // guarded by this
    private Sender sender;
    private boolean closed;
    private Map<String, Object> pending;
    private List<CompletableFuture<Void>> pendingFutures = new ArrayList<>();
    private Map<String, Object> inFlight;
    private List<CompletableFuture<Void>> inFlightFutures = new ArrayList<>();
    private int attempt;
    private int consecutiveFailures;
    private Scheduler.Cancellable inFlightTimeout = Scheduler.Cancellable.NONE;
    private Instant inFlightSince;
    private Duration lastRoundTrip = Duration.ZERO;

    /**
     * @param quickTimeout the least a first attempt waits for its acknowledgement (at most {@code timeout})
     * @param timeout      how long an attempt after a failure waits (and the most a first attempt does)
     * @param onRetry      told (outside the lock) each time a patch has to be sent again; for logging
     */
    ReportQueue(Scheduler scheduler, Duration quickTimeout, Duration timeout, Duration retryDelay, Runnable onRetry) {
        this.scheduler = scheduler;
        if (quickTimeout.compareTo(timeout) > 0) {
            throw new IllegalArgumentException("quick timeout " + quickTimeout + " exceeds the timeout " + timeout);
        }
        this.quickTimeout = quickTimeout;
        this.timeout = timeout;
        this.retryDelay = retryDelay;
        this.onRetry = onRetry;
    }

    /** Queues a patch; the future completes when a patch containing it was acknowledged. */
    CompletableFuture<Void> enqueue(Map<String, Object> patch) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        Runnable send;
        synchronized (this) {
            if (closed) {
                f.completeExceptionally(new CancellationException("reports abandoned"));
                return f;
            }
            if (pending == null) {
                pending = new LinkedHashMap<>();
            }
            ReportedPatches.mergeInto(pending, patch);
            pendingFutures.add(f);
            send = prepareSend();
        }
        send.run();
        return f;
    }

    /** The connection is usable: send through {@code sender} from now on. */
    void online(Sender sender) {
        Runnable send;
        synchronized (this) {
            this.sender = sender;
            send = prepareSend();
        }
        send.run();
    }

    /** The connection is gone: hold everything (the in-flight patch goes back in front) until {@link #online}. */
    synchronized void offline() {
        sender = null;
        requeueInFlight();
    }

    /** For good: every queued report fails with a CancellationException. */
    void abandon() {
        List<CompletableFuture<Void>> abandoned = new ArrayList<>();
        synchronized (this) {
            closed = true;
            sender = null;
            requeueInFlight();
            abandoned.addAll(pendingFutures);
            pending = null;
            pendingFutures = new ArrayList<>();
        }
        abandoned.forEach(f -> f.completeExceptionally(new CancellationException("reports abandoned")));
    }

    /** Under the lock: moves pending to in flight if possible and returns the send to run outside it. */
    private Runnable prepareSend() {
        if (sender == null || inFlight != null || pending == null) {
            return () -> { };
        }
        inFlight = pending;
        inFlightFutures = pendingFutures;
        pending = null;
        pendingFutures = new ArrayList<>();
        int id = ++attempt;
        Sender s = sender;
        Map<String, Object> patch = new LinkedHashMap<>(inFlight);
        inFlightSince = scheduler.now();
        inFlightTimeout = scheduler.schedule(attemptTimeout(), () -> finished(id, false, "timed out"));
        return () -> {
            try {
                s.send(patch, (ok, detail) -> finished(id, ok, detail));
            } catch (RuntimeException e) {
                finished(id, false, e.toString());
            }
        };
    }

    private void finished(int id, boolean ok, String detail) {
        List<CompletableFuture<Void>> done = List.of();
        Runnable next = () -> { };
        boolean retry = false;
        synchronized (this) {
            if (id != attempt || inFlight == null) {
                return; // a late answer to an attempt already given up on
            }
            inFlightTimeout.cancel();
            if (ok) {
                lastRoundTrip = Duration.between(inFlightSince, scheduler.now());
                consecutiveFailures = 0;
                done = inFlightFutures;
                inFlight = null;
                inFlightFutures = new ArrayList<>();
                next = prepareSend();
            } else {
                requeueInFlight();
                retry = true;
                // back off while the hub keeps failing, so a broken connection is not hammered
                Duration delay = retryDelay.multipliedBy(1L << Math.min(consecutiveFailures++, 6));
                scheduler.schedule(delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay, () -> {
                    Runnable again;
                    synchronized (this) {
                        again = prepareSend();
                    }
                    again.run();
                });
            }
        }
        done.forEach(f -> f.complete(null));
        if (retry) {
            onRetry.run();
        }
        next.run();
    }

    /** Under the lock: how long the attempt about to be sent waits for its acknowledgement. */
    private Duration attemptTimeout() {
        if (consecutiveFailures > 0) {
            return timeout;
        }
        Duration expected = lastRoundTrip.multipliedBy(ROUND_TRIPS_TO_WAIT);
        Duration wait = expected.compareTo(quickTimeout) > 0 ? expected : quickTimeout;
        return wait.compareTo(timeout) < 0 ? wait : timeout;
    }

    /** Under the lock: the in-flight patch goes back in front of what queued after it (newer values win). */
    private void requeueInFlight() {
        if (inFlight == null) {
            return;
        }
        inFlightTimeout.cancel();
        Map<String, Object> merged = inFlight;
        if (pending != null) {
            ReportedPatches.mergeInto(merged, pending);
        }
        List<CompletableFuture<Void>> futures = inFlightFutures;
        futures.addAll(pendingFutures);
        pending = merged;
        pendingFutures = futures;
        inFlight = null;
        inFlightFutures = new ArrayList<>();
        attempt++;
    }
}
