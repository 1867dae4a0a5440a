package dev.twinops.console.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.twinops.simulator.fleet.FleetSummary;

/** A fleet in several processes shows as one: its counts the sum of the parts', closed all at once. */
class MultiProcessFleetTest {

    /** A part whose summaries the test sends; its close waits until every part has been asked to close. */
    private static final class Part implements RunningFleet {
        private final List<Consumer<FleetSummary>> listeners = new ArrayList<>();
        private final CountDownLatch allClosing;
        volatile boolean closed;

        Part(CountDownLatch allClosing) {
            this.allClosing = allClosing;
        }

        @Override
        public void onSummary(Consumer<FleetSummary> listener, Executor executor) {
            listeners.add(summary -> executor.execute(() -> listener.accept(summary)));
        }

        void send(FleetSummary summary) {
            listeners.forEach(l -> l.accept(summary));
        }

        @Override
        public void close() {
            allClosing.countDown();
            try {
                closed = allClosing.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void theCountsAreThePartsAddedUpOnceEveryPartHasSpoken() {
        CountDownLatch closing = new CountDownLatch(2);
        Part first = new Part(closing);
        Part second = new Part(closing);
        MultiProcessFleet fleet = new MultiProcessFleet(List.of(first, second));
        List<FleetSummary> seen = new ArrayList<>();
        fleet.onSummary(seen::add, Runnable::run);

        first.send(new FleetSummary(250, 0, 10, 240, 0, 3, 0, null));
        assertThat(seen).as("half a fleet's counts would read as the whole").isEmpty();
        second.send(new FleetSummary(250, 50, 16, 184, 0, 0, 0, null));
        second.send(new FleetSummary(250, 0, 0, 249, 0, 1, 1, null));

        assertThat(seen).containsExactly(new FleetSummary(500, 50, 26, 424, 0, 3, 0, null),
                new FleetSummary(500, 0, 10, 489, 0, 4, 1, null));
        // a listener that comes later gets the current sum at once
        List<FleetSummary> late = new ArrayList<>();
        fleet.onSummary(late::add, Runnable::run);
        assertThat(late).containsExactly(new FleetSummary(500, 0, 10, 489, 0, 4, 1, null));
    }

    @Test
    void aPartsProblemIsTheFleetsAndClosingStopsEveryPartAtOnce() {
        CountDownLatch closing = new CountDownLatch(2);
        Part first = new Part(closing);
        Part second = new Part(closing);
        MultiProcessFleet fleet = new MultiProcessFleet(List.of(first, second));
        List<FleetSummary> seen = new ArrayList<>();
        fleet.onSummary(seen::add, Runnable::run);
        first.send(new FleetSummary(2, 0, 0, 2, 0, 0, 0, null));
        second.send(new FleetSummary(2, 0, 0, 0, 2, 0, 0, "the simulator process ended (exit code 1)"));

        assertThat(seen.get(seen.size() - 1).problem()).isEqualTo("the simulator process ended (exit code 1)");
        assertThat(seen.get(seen.size() - 1).online()).isEqualTo(2);

        // each part's close waits for the other's to have started: one after the other would time out
        fleet.close();
        assertThat(first.closed).isTrue();
        assertThat(second.closed).isTrue();
    }
}
