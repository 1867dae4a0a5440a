package dev.twinops.simulator.device.operations;

import dev.twinops.dm.DmMethod;
import dev.twinops.simulator.device.Scheduler;
import dev.twinops.simulator.faults.FaultPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One accepted management operation while it runs: its id, the faults drawn for it and its timers. Guarded by the
 * device's lock. Once it ends (finished, failed, or the device stopped) none of its scheduled steps runs and
 * whatever it registered with {@link #cancelOnEnd} is cancelled, so a late callback cannot touch the next run.
 */
public final class OperationRun {

    private final DmMethod method;
    private final String id;
    private final FaultPlan faults;
    private final Instant startedAt;
    private final OperationSteps steps;
    private final Object lock;
    private final Scheduler scheduler;
    // guarded by lock
    private final List<Scheduler.Cancellable> onEnd = new ArrayList<>();
    private boolean ended;
    private boolean hung;

    public OperationRun(DmMethod method, String id, FaultPlan faults, Instant startedAt, OperationSteps steps,
                        Object lock, Scheduler scheduler) {
        this.method = method;
        this.id = id;
        this.faults = faults;
        this.startedAt = startedAt;
        this.steps = steps;
        this.lock = lock;
        this.scheduler = scheduler;
    }

    public DmMethod method() {
        return method;
    }

    public String id() {
        return id;
    }

    public FaultPlan faults() {
        return faults;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public OperationSteps steps() {
        return steps;
    }

    /** Schedules a step of this operation; it does not run once the operation has ended. */
    public void later(Duration delay, Runnable step) {
        synchronized (lock) {
            if (ended) {
                return;
            }
            onEnd.add(scheduler.schedule(delay, () -> {
                synchronized (lock) {
                    if (ended) {
                        return;
                    }
                }
                step.run();
            }));
        }
    }

    /** Cancels {@code task} when the operation ends (at once if it already has), e.g. a download in flight. */
    public void cancelOnEnd(Scheduler.Cancellable task) {
        synchronized (lock) {
            if (ended) {
                task.cancel();
            } else {
                onEnd.add(task);
            }
        }
    }

    /** Runs {@code action} under the device lock if the operation is still running; null otherwise. */
    public <T> T ifActive(Supplier<T> action) {
        synchronized (lock) {
            return ended ? null : action.get();
        }
    }

    public boolean isActive() {
        synchronized (lock) {
            return !ended;
        }
    }

    /** Running and not hung: a hung operation reports nothing more until the watchdog ends it. */
    public boolean isResponsive() {
        synchronized (lock) {
            return !ended && !hung;
        }
    }

    /** Simulates a hang: no further phase of this run is reported. */
    public void hang() {
        synchronized (lock) {
            hung = true;
        }
    }

    /** Ends the run: its timers and end hooks are cancelled. Called by the device. */
    public void end() {
        synchronized (lock) {
            ended = true;
            onEnd.forEach(Scheduler.Cancellable::cancel);
            onEnd.clear();
        }
    }
}
