package dev.twinops.console.tasks;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Blocking work (an SDK call, a disk read) whose outcome the UI applies. The work runs on a background thread;
 * {@link #onSuccess} and {@link #onFailure} run on the UI thread, and not at all when the task went stale
 * ({@link #onlyWhile}) or was cancelled ({@link TaskHandle#cancel}) by then. A task that is already stale when its
 * turn comes does not start. Built by chaining, then started once with {@link TaskRunner#run}.
 *
 * <pre>{@code
 * tasks.run(BackgroundTask.of(service::listJobs)
 *         .onlyWhile(token::isCurrent)
 *         .onSuccess(this::show)
 *         .onFailure(e -> message.set("Could not list jobs: " + HubErrors.hubMessage(e))));
 * }</pre>
 */
public final class BackgroundTask<T> {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundTask.class);

    /** The blocking part, with a result. */
    @FunctionalInterface
    public interface Work<T> {
        T call() throws Exception;
    }

    /** The blocking part, without a result. */
    @FunctionalInterface
    public interface Action {
        void run() throws Exception;
    }

    private final Work<T> work;
    private Consumer<? super T> onSuccess;
    private Consumer<? super Exception> onFailure;
    private Consumer<? super Exception> onFailureInBackground;
    private BooleanSupplier stillWanted = () -> true;

    private BackgroundTask(Work<T> work) {
        this.work = Objects.requireNonNull(work, "work");
    }

    public static <T> BackgroundTask<T> of(Work<T> work) {
        return new BackgroundTask<>(work);
    }

    public static BackgroundTask<Void> running(Action action) {
        Objects.requireNonNull(action, "action");
        return new BackgroundTask<>(() -> {
            action.run();
            return null;
        });
    }

    /** Applies the result on the UI thread. */
    public BackgroundTask<T> onSuccess(Consumer<? super T> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    /** Tells the UI thread why the work failed. Without this or {@link #onFailureInBackground} a failure is logged. */
    public BackgroundTask<T> onFailure(Consumer<? super Exception> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    /**
     * Told of every failure on the background thread, also when the task went stale meanwhile: for what must not be
     * missed (the connection notices outages from any failed call) or what the UI does not show (logging).
     */
    public BackgroundTask<T> onFailureInBackground(Consumer<? super Exception> handler) {
        this.onFailureInBackground = Objects.requireNonNull(handler);
        return this;
    }

    /**
     * The result is wanted only while this holds (e.g. a {@link Generation.Token} still current): checked before
     * the work starts, on the background thread, and again on the UI thread before the result is applied, so it
     * must be safe from any thread (a token is; UI state is not: check that in the handlers).
     */
    public BackgroundTask<T> onlyWhile(BooleanSupplier condition) {
        this.stillWanted = Objects.requireNonNull(condition);
        return this;
    }

    /** Runs the work on the calling (background) thread and hands its outcome to {@code ui}. */
    void execute(TaskHandle handle, Executor ui) {
        if (!wanted(handle)) {
            return;
        }
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            if (onFailureInBackground != null) {
                onFailureInBackground.accept(e);
            } else if (onFailure == null) {
                LOG.warn("A background task failed: {}", e.toString());
            }
            if (onFailure != null) {
                ui.execute(() -> {
                    if (wanted(handle)) {
                        onFailure.accept(e);
                    }
                });
            }
            return;
        }
        if (onSuccess != null) {
            ui.execute(() -> {
                if (wanted(handle)) {
                    onSuccess.accept(result);
                }
            });
        }
    }

    private boolean wanted(TaskHandle handle) {
        return !handle.isCancelled() && stillWanted.getAsBoolean();
    }
}
