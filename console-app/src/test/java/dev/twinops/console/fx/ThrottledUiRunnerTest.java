package dev.twinops.console.fx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ThrottledUiRunnerTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Queue<Runnable> uiQueue = new ArrayDeque<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void manyRequestsQueueOneRun() {
        AtomicInteger drains = new AtomicInteger();
        ThrottledUiRunner runner = new ThrottledUiRunner(uiQueue::add, timer, Duration.ZERO, drains::incrementAndGet);

        for (int i = 0; i < 1000; i++) {
            runner.request();
        }

        assertThat(uiQueue).hasSize(1);
        uiQueue.poll().run();
        assertThat(drains).hasValue(1);
    }

    @Test
    void aRequestDuringARunLeadsToOneMoreRun() {
        AtomicInteger drains = new AtomicInteger();
        ThrottledUiRunner[] runner = new ThrottledUiRunner[1];
        runner[0] = new ThrottledUiRunner(uiQueue::add, timer, Duration.ZERO, () -> {
            if (drains.incrementAndGet() == 1) {
                runner[0].request(); // new data arrived while draining
            }
        });

        runner[0].request();
        uiQueue.poll().run();

        assertThat(uiQueue).hasSize(1);
    }

    @Test
    void runsAreSpacedByTheInterval() {
        AtomicInteger drains = new AtomicInteger();
        ThrottledUiRunner runner = new ThrottledUiRunner(Runnable::run, timer, Duration.ofMillis(300),
                drains::incrementAndGet);

        runner.request();
        assertThat(drains).hasValue(1);
        long second = System.nanoTime();
        runner.request();
        assertThat(drains).hasValue(1);

        await().atMost(Duration.ofSeconds(5)).untilAtomic(drains, org.hamcrest.Matchers.equalTo(2));
        assertThat(Duration.ofNanos(System.nanoTime() - second)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
    }
}
