package dev.twinops.simulator.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReportQueueTest {

    private final ManualScheduler clock = new ManualScheduler();
    private final AtomicInteger retries = new AtomicInteger();
    private final ReportQueue queue = new ReportQueue(clock, Duration.ofSeconds(2), Duration.ofSeconds(10),
            Duration.ofMillis(500), retries::incrementAndGet);

    /** Records what was sent and lets the test acknowledge (or lose) each send. */
    static final class Hub implements ReportQueue.Sender {
        final List<Map<String, Object>> sent = new ArrayList<>();
        final List<ReportQueue.Done> answers = new ArrayList<>();

        @Override
        public void send(Map<String, Object> patch, ReportQueue.Done done) {
            sent.add(patch);
            answers.add(done);
        }

        void ack(int i) {
            answers.get(i).completed(true, "OK");
        }
    }

    private static Map<String, Object> patch(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void sendsOneAtATimeAndMergesWhatQueuesBehindIt() {
        Hub hub = new Hub();
        queue.online(hub);
        CompletableFuture<Void> a = queue.enqueue(patch("status", "waiting"));
        CompletableFuture<Void> b = queue.enqueue(patch("status", "downloading", "progress", 10));
        CompletableFuture<Void> c = queue.enqueue(patch("progress", 20, "gone", null));
        assertThat(hub.sent).containsExactly(patch("status", "waiting"));
        hub.ack(0);
        assertThat(a).isCompleted();
        assertThat(b).isNotCompleted();
        assertThat(hub.sent.get(1)).isEqualTo(patch("status", "downloading", "progress", 20, "gone", null));
        hub.ack(1);
        assertThat(b).isCompleted();
        assertThat(c).isCompleted();
    }

    @Test
    void aLostAcknowledgementIsRetriedWithNewerValuesWinningAndTheLateAnswerIgnored() {
        Hub hub = new Hub();
        queue.online(hub);
        CompletableFuture<Void> first = queue.enqueue(patch("status", "rebooting", "operationId", "op-1"));
        CompletableFuture<Void> second = queue.enqueue(patch("status", "completed"));
        clock.advance(Duration.ofMillis(1999));
        assertThat(retries).hasValue(0);
        clock.advance(Duration.ofMillis(1)); // a first attempt waits the quick timeout
        assertThat(retries).hasValue(1);
        assertThat(hub.sent).hasSize(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(hub.sent).hasSize(2);
        assertThat(hub.sent.get(1)).isEqualTo(patch("status", "completed", "operationId", "op-1"));

        hub.ack(0); // the first attempt's answer arrives after all: too late to count
        assertThat(first).isNotCompleted();
        hub.ack(1);
        assertThat(first).isCompleted();
        assertThat(second).isCompleted();
    }

    @Test
    void aFirstAttemptWaitsFiveRoundTripsAndARetryTheFullTimeout() {
        Hub hub = new Hub();
        queue.online(hub);
        queue.enqueue(patch("a", 1));
        clock.advance(Duration.ofMillis(1500)); // a slow hub: 1.5 s to acknowledge
        hub.ack(0);

        queue.enqueue(patch("b", 2));
        clock.advance(Duration.ofMillis(7499));
        assertThat(retries).as("five round trips of 1.5 s").hasValue(0);
        clock.advance(Duration.ofMillis(1));
        assertThat(retries).hasValue(1);
        clock.advance(Duration.ofMillis(500));
        assertThat(hub.sent).hasSize(3);
        clock.advance(Duration.ofMillis(9999));
        assertThat(retries).as("after a failure: the full 10 s").hasValue(1);
        clock.advance(Duration.ofMillis(1));
        assertThat(retries).hasValue(2);
    }

    @Test
    void reportsWaitWhileOfflineAndAreAbandonedOnClose() {
        Hub hub = new Hub();
        CompletableFuture<Void> queued = queue.enqueue(patch("firmwareVersion", "1.0.0"));
        assertThat(hub.sent).isEmpty();
        queue.online(hub);
        assertThat(hub.sent).hasSize(1);
        queue.offline();
        Hub reconnected = new Hub();
        queue.online(reconnected);
        assertThat(reconnected.sent).containsExactly(patch("firmwareVersion", "1.0.0"));
        reconnected.ack(0);
        assertThat(queued).isCompleted();

        queue.offline();
        CompletableFuture<Void> lost = queue.enqueue(patch("x", 1));
        queue.abandon();
        assertThat(lost).isCompletedExceptionally();
        assertThat(queue.enqueue(patch("y", 2))).isCompletedExceptionally();
    }

    @Test
    void aFailedSendIsRetried() {
        ReportQueue.Sender failing = (p, done) -> done.completed(false, "IO_ERROR");
        queue.online(failing);
        CompletableFuture<Void> f = queue.enqueue(patch("a", 1));
        assertThat(retries).hasValue(1);
        Hub hub = new Hub();
        queue.online(hub);
        clock.advance(Duration.ofMillis(500));
        assertThat(hub.sent).containsExactly(patch("a", 1));
        hub.ack(0);
        assertThat(f).isCompleted();
    }
}
