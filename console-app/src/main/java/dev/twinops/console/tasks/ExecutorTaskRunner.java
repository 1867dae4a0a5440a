package dev.twinops.console.tasks;

import java.util.Objects;
import java.util.concurrent.Executor;

/** Runs work on a background executor and applies results through the UI executor ({@code Platform::runLater}). */
public final class ExecutorTaskRunner implements TaskRunner {

    private final Executor background;
    private final Executor ui;

    public ExecutorTaskRunner(Executor background, Executor ui) {
        this.background = Objects.requireNonNull(background, "background");
        this.ui = Objects.requireNonNull(ui, "ui");
    }

    @Override
    public <T> TaskHandle run(BackgroundTask<T> task) {
        TaskHandle handle = new TaskHandle();
        background.execute(() -> task.execute(handle, ui));
        return handle;
    }

    @Override
    public void onUiThread(Runnable change) {
        ui.execute(change);
    }
}
