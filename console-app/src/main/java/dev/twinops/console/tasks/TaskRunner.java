package dev.twinops.console.tasks;

/**
 * Where view models start blocking work and how results reach the UI thread. The application runs work on the
 * hub-call threads and applies results with {@code Platform::runLater} ({@link ExecutorTaskRunner}); tests run
 * everything at once on their own thread.
 */
public interface TaskRunner {

    /** Starts the task's work off the UI thread; its handlers run on the UI thread. */
    <T> TaskHandle run(BackgroundTask<T> task);

    /** Applies a change on the UI thread, from any thread (e.g. a timer's). */
    void onUiThread(Runnable change);
}
