package dev.twinops.simulator.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinops.simulator.fleet.FleetSummary;
import dev.twinops.simulator.fleet.SimulatedFleet;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The simulator's conversation with a program that starts it: {@code --status-lines} prints each fleet summary as
 * one JSON object per line ({@code {"total":20,"pending":0,"connecting":0,"online":20,...}}), and
 * {@code --until-stdin-closes} stops the fleet when that program closes the simulator's input, or dies.
 */
public final class StatusLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusLines() {
    }

    /** Prints the fleet's summaries (already coalesced by the fleet) to {@code out}, the current one at once. */
    static void printTo(SimulatedFleet fleet, PrintStream out) {
        fleet.addListener(summary -> {
            String line = format(summary);
            synchronized (out) {
                out.println(line);
                out.flush();
            }
        }, Runnable::run);
    }

    /** Runs {@code action} once {@code in} reaches its end (or fails), on a daemon thread. */
    static void onEndOfInput(InputStream in, Runnable action) {
        Thread watcher = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (in.read(buffer) >= 0) {
                    // input is ignored; only its end matters
                }
            } catch (IOException e) {
                // a broken input counts as closed
            }
            action.run();
        }, "sim-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

    public static String format(FleetSummary summary) {
        try {
            return JSON.writeValueAsString(summary);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a fleet summary cannot be written as JSON", e);
        }
    }

    /** The summary on a status line; empty for any other line (a program may see other output). */
    public static Optional<FleetSummary> parse(String line) {
        if (line == null || !line.startsWith("{")) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(line, FleetSummary.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }
}
