package dev.twinops.console.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Work off the UI thread, outcomes on it, stale and cancelled outcomes dropped. */
class BackgroundTaskTest {

    /** Runs what it was given only when the test says so. */
    private static final class Steps implements java.util.concurrent.Executor {
        final Queue<Runnable> queued = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            queued.add(task);
        }

        void run() {
            while (!queued.isEmpty()) {
                queued.poll().run();
            }
        }
    }

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "worker"));
    private final ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "ui"));
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        worker.shutdownNow();
        uiThread.shutdownNow();
    }

    private static String thread() {
        return Thread.currentThread().getName();
    }

    @Test
    void theWorkRunsInTheBackgroundAndItsResultIsAppliedOnTheUiThread() {
        TaskRunner tasks = new ExecutorTaskRunner(worker, uiThread);

        tasks.run(BackgroundTask.of(() -> {
            seen.add("work on " + thread());
            return 42;
        }).onSuccess(n -> seen.add("result " + n + " on " + thread())));

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("work on worker", "result 42 on ui");
    }

    @Test
    void aFailureGoesToTheFailureHandlerOnTheUiThreadAndToTheBackgroundHandlerOnTheWorker() {
        TaskRunner tasks = new ExecutorTaskRunner(worker, uiThread);

        tasks.run(BackgroundTask.of(() -> {
            throw new IOException("hub gone");
        }).onSuccess(r -> seen.add("success"))
                .onFailureInBackground(e -> seen.add("noticed " + e.getMessage() + " on " + thread()))
                .onFailure(e -> seen.add("shown " + e.getMessage() + " on " + thread())));

        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("noticed hub gone on worker", "shown hub gone on ui");
    }

    @Test
    void aResultThatWentStaleBeforeItReachedTheUiThreadIsDropped() {
        Steps background = new Steps();
        Steps ui = new Steps();
        TaskRunner tasks = new ExecutorTaskRunner(background, ui);
        Generation queries = new Generation();
        Generation.Token first = queries.next();

        tasks.run(BackgroundTask.of(() -> "old rows").onlyWhile(first::isCurrent).onSuccess(seen::add));
        background.run();
        Generation.Token second = queries.next(); // the operator ran another query meanwhile
        tasks.run(BackgroundTask.of(() -> "new rows").onlyWhile(second::isCurrent).onSuccess(seen::add));
        background.run();
        ui.run();

        assertThat(seen).containsExactly("new rows");
    }

    @Test
    void aFailureThatWentStaleIsNotShownButStillNoticedInTheBackground() {
        Steps ui = new Steps();
        TaskRunner tasks = new ExecutorTaskRunner(Runnable::run, ui);
        Generation reads = new Generation();
        Generation.Token token = reads.next();

        tasks.run(BackgroundTask.of(() -> {
            throw new IOException("timed out");
        }).onlyWhile(token::isCurrent).onFailureInBackground(e -> seen.add("noticed"))
                .onFailure(e -> seen.add("shown")));
        reads.invalidate();
        ui.run();

        assertThat(seen).containsExactly("noticed");
    }

    @Test
    void workThatIsStaleBeforeItsTurnDoesNotStart() {
        Steps background = new Steps();
        TaskRunner tasks = new ExecutorTaskRunner(background, Runnable::run);
        Generation reads = new Generation();
        Generation.Token token = reads.next();

        tasks.run(BackgroundTask.of(() -> seen.add("read")).onlyWhile(token::isCurrent));
        reads.next();
        background.run();

        assertThat(seen).isEmpty();
    }

    @Test
    void aCancelledTaskDeliversNothing() {
        Steps background = new Steps();
        Steps ui = new Steps();
        TaskRunner tasks = new ExecutorTaskRunner(background, ui);

        TaskHandle notStarted = tasks.run(BackgroundTask.of(() -> seen.add("first work")).onSuccess(r -> seen.add("first result")));
        notStarted.cancel();
        TaskHandle running = tasks.run(BackgroundTask.of(() -> seen.add("second work")).onSuccess(r -> seen.add("second result")));
        background.run();
        running.cancel();
        ui.run();

        assertThat(seen).containsExactly("second work");
        assertThat(running.isCancelled()).isTrue();
    }

    @Test
    void aFailureWithoutAHandlerIsLoggedAndTheNextTaskStillRuns() {
        TaskRunner tasks = new CurrentThreadTaskRunner();

        tasks.run(BackgroundTask.running(() -> {
            throw new IllegalStateException("disk full");
        }));
        tasks.run(BackgroundTask.running(() -> seen.add("saved")).onSuccess(v -> seen.add("done")));

        assertThat(seen).containsExactly("saved", "done");
    }

    @Test
    void theTestDoubleRunsWorkAndHandlersAtOnceOnTheCallersThread() {
        TaskRunner tasks = new CurrentThreadTaskRunner();
        String caller = thread();

        tasks.run(BackgroundTask.of(() -> thread()).onSuccess(workThread -> seen.add(workThread + "/" + thread())));
        tasks.onUiThread(() -> seen.add("ui " + thread()));

        assertThat(seen).containsExactly(caller + "/" + caller, "ui " + caller);
    }
}
