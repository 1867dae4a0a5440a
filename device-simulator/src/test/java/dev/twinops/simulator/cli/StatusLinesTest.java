package dev.twinops.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.twinops.simulator.fleet.FleetSummary;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StatusLinesTest {

    @Test
    void aSummaryGoesOutAsOneJsonLineAndComesBackTheSame() {
        FleetSummary summary = new FleetSummary(20, 2, 3, 14, 1, 4, 0, "registration refused: \"quota\"\nretrying");
        String line = StatusLines.format(summary);
        assertThat(line).doesNotContain("\n").startsWith("{").contains("\"online\":14");
        assertThat(StatusLines.parse(line)).contains(summary);
    }

    @Test
    void otherOutputIsNotMistakenForASummary() {
        assertThat(StatusLines.parse("08:00:01.000 INFO  SimulatedFleet - stopped 20 simulated devices")).isEmpty();
        assertThat(StatusLines.parse("{not json")).isEmpty();
        assertThat(StatusLines.parse("")).isEmpty();
        assertThat(StatusLines.parse(null)).isEmpty();
    }

    @Test
    void closingTheInputStopsOnlyThen() throws Exception {
        PipedOutputStream parent = new PipedOutputStream();
        PipedInputStream childInput = new PipedInputStream(parent);
        AtomicBoolean stopped = new AtomicBoolean();
        StatusLines.onEndOfInput(childInput, () -> stopped.set(true));

        parent.write("anything\n".getBytes());
        parent.flush();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).untilFalse(stopped);
        parent.close();
        await().atMost(Duration.ofSeconds(5)).untilTrue(stopped);
    }
}
