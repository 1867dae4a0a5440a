package dev.twinops.console.tasks;

/** The synchronous test double: work and handlers run at once on the caller's thread, in order. */
public final class CurrentThreadTaskRunner implements TaskRunner {

    @Override
    public <T> TaskHandle run(BackgroundTask<T> task) {
        TaskHandle handle = new TaskHandle();
        task.execute(handle, Runnable::run);
        return handle;
    }

    @Override
    public void onUiThread(Runnable change) {
        change.run();
    }
}
