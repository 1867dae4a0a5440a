/**
 * Background work for view models: {@link dev.twinops.console.tasks.BackgroundTask} (blocking work, then its
 * outcome on the UI thread, dropped when stale or cancelled), the {@link dev.twinops.console.tasks.TaskRunner} that
 * starts it, and {@link dev.twinops.console.tasks.Generation} tokens for results that go stale. No JavaFX here: the
 * UI thread is whatever executor the composition root passes ({@code Platform::runLater}).
 */
package dev.twinops.console.tasks;
