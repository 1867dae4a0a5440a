package dev.twinops.console.simulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.twinops.simulator.cli.SimulatorCommand;
import dev.twinops.simulator.cli.StatusLines;
import dev.twinops.simulator.fleet.FleetSummary;

/**
 * A simulated fleet in a child JVM running the simulator's command line, so a large fleet's thousands of device-SDK
 * threads do not compete with the window's thread inside one process (measured in docs/performance.md). The child
 * reports its counts as JSON lines on its standard output, logs to a file, and stops when its standard input
 * closes: on {@link #close()}, and also when the console ends without closing it.
 */
final class ChildProcessFleet implements RunningFleet {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessFleet.class);
    private static final long STOP_SECONDS = 60;
    static final String FLEET_JIT = "-XX:TieredStopAtLevel=1";

    private record Listener(Consumer<FleetSummary> consumer, Executor executor) {
    }

    private final Process process;
    private final Path log;
    private final List<Listener> listeners = new ArrayList<>();
    private FleetSummary latest;
    private volatile boolean closing;

    private ChildProcessFleet(Process process, Path log, int count) {
        this.process = process;
        this.log = log;
        this.latest = new FleetSummary(count, count, 0, 0, 0, 0, 0, null);
    }

    /**
     * Starts {@code command} (see {@link #command}) with {@code environment} added, its log in {@code log}
     * (replaced).
     */
    static ChildProcessFleet start(List<String> command, Map<String, String> environment, Path log, int count)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        LOG.info("Simulator process {} started for {} devices; its log is {}", process.pid(), count, log);
        ChildProcessFleet fleet = new ChildProcessFleet(process, log, count);
        Thread reader = new Thread(fleet::readStatusLines, "simulator-process-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return fleet;
    }

    /**
     * The command running the simulator's main class with the console's own Java and class path (which holds the
     * device-simulator library), at the lowest CPU priority where {@code nice} exists: the window and the embedded
     * hub come first.
     */
    static List<String> command(List<String> simulatorArguments) {
        List<String> command = new ArrayList<>();
        for (String nice : List.of("/usr/bin/nice", "/bin/nice")) {
            if (Files.isExecutable(Path.of(nice))) {
                command.addAll(List.of(nice, "-n", "19"));
                break;
            }
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // the client JIT only: a fleet's CPU goes to threads, locks and I/O, and C2's compiling cost a fleet of
        // 300 devices a quarter of its CPU through a firmware update (docs/performance.md, last section)
        command.add(FLEET_JIT);
        command.add("-cp");
        command.add(classPath());
        command.add(SimulatorCommand.class.getName());
        command.add("--status-lines");
        command.add("--until-stdin-closes");
        command.addAll(simulatorArguments);
        return command;
    }

    /**
     * The console's class path, plus its module path: a launcher may put modular libraries there (the simulator's
     * dependencies among them), and the child runs everything from its class path.
     */
    private static String classPath() {
        String classPath = System.getProperty("java.class.path", "");
        String modulePath = System.getProperty("jdk.module.path", "");
        if (modulePath.isEmpty()) {
            return classPath;
        }
        return classPath.isEmpty() ? modulePath : classPath + java.io.File.pathSeparator + modulePath;
    }

    long pid() {
        return process.pid();
    }

    /** Synchronized with {@link #publish}: the current summary reaches a new listener before any newer one. */
    @Override
    public synchronized void onSummary(Consumer<FleetSummary> listener, Executor executor) {
        listeners.add(new Listener(listener, executor));
        FleetSummary now = latest;
        executor.execute(() -> listener.accept(now));
    }

    /** Closes the child's input so it stops its devices and exits; forces it after a minute. */
    @Override
    public void close() {
        closing = true;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("Simulator process {} did not stop within {} s; ending it", process.pid(), STOP_SECONDS);
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readStatusLines() {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                StatusLines.parse(line).ifPresent(this::publish);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("Simulator process output ended: {}", e.toString());
        }
        int exit;
        try {
            exit = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!closing) {
            String reason = lastLogLine();
            LOG.warn("Simulator process {} ended with exit code {}: {}", process.pid(), exit, reason);
            FleetSummary last = latestSummary();
            publish(new FleetSummary(last.total(), 0, 0, 0, last.total() - last.failed(), 0, last.failed(),
                    "the simulator process ended (exit code " + exit + ")" + (reason.isEmpty() ? "" : ": " + reason)
                            + "; its log is " + log));
        }
    }

    private synchronized FleetSummary latestSummary() {
        return latest;
    }

    private synchronized void publish(FleetSummary summary) {
        latest = summary;
        for (Listener l : listeners) {
            l.executor().execute(() -> l.consumer().accept(summary));
        }
    }

    /** The simulator's last log line without its time and level, e.g. "the fleet cannot start: unauthorized". */
    private String lastLogLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("at ")) {
                    int dash = line.indexOf(" - ");
                    return dash >= 0 ? line.substring(dash + 3) : line;
                }
            }
        } catch (IOException e) {
            // no log to quote
        }
        return "";
    }
}
