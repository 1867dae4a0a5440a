package dev.twinops.rollout.cli;

import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutListener;
import dev.twinops.rollout.engine.RolloutStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one rollout unattended: ticks the engine, prints one status line per transition, approves gates if told
 * to, and stops when the rollout ends or needs an operator. The exit code says how it ended.
 */
final class RolloutSession {

    static final int COMPLETED = 0;
    static final int PAUSED = 3;
    static final int AWAITING_APPROVAL = 4;
    static final int ABORTED = 5;
    static final int STOPPED = 130;

    private final RolloutEngine engine;
    private final PrintWriter out;
    private final boolean autoApprove;
    private final Duration tick;
    private final AtomicBoolean stop = new AtomicBoolean();

    RolloutSession(RolloutEngine engine, PrintWriter out, boolean autoApprove, Duration tick) {
        this.engine = engine;
        this.out = out;
        this.autoApprove = autoApprove;
        this.tick = tick;
        engine.addListener(new RolloutListener() {
            @Override
            public void onTransition(RolloutStatus status, String message) {
                out.println(Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + message + " | " + status.line());
                out.flush();
            }
        });
    }

    /** Asks the loop to stop after its current tick (Ctrl-C); the state is saved at every transition anyway. */
    void stop() {
        stop.set(true);
    }

    int run() throws InterruptedException {
        int approvedWave = -1;
        while (!stop.get()) {
            engine.tick();
            RolloutStatus s = engine.status();
            switch (s.phase()) {
                case COMPLETED -> {
                    if (engine.isFinished()) { // else its end is not saved yet: the next tick tries again
                        out.println("completed: " + s.line());
                        return COMPLETED;
                    }
                }
                case ABORTED -> {
                    if (engine.isFinished()) {
                        engine.tick(); // cancels the jobs under way
                        out.println("aborted: " + s.reason());
                        return ABORTED;
                    }
                }
                case AWAITING_APPROVAL -> {
                    if (!autoApprove) {
                        out.println("waiting for approval: " + s.reason() + "; approve with: resume " + s.rolloutId()
                                + " --approve");
                        return AWAITING_APPROVAL;
                    }
                    if (approvedWave != s.currentWave()) {
                        approvedWave = s.currentWave();
                        engine.approve();
                    }
                }
                case PAUSED -> {
                    // devices already sent the operation are followed to the end, so the saved state says how
                    // they ended; then the operator decides
                    if (s.current() == null || s.current().counts().inFlight() == 0 && s.activeJobId() == null) {
                        out.println("paused: " + s.reason() + "; carry on with: resume " + s.rolloutId()
                                + " [--retry-failed], or: abort " + s.rolloutId());
                        return PAUSED;
                    }
                }
                default -> {
                    // running: keep ticking
                }
            }
            Thread.sleep(tick.toMillis());
        }
        out.println("stopped; the rollout is saved: carry on with: resume " + engine.rolloutId()
                + " (waves do not advance while nothing runs it)");
        return STOPPED;
    }
}
