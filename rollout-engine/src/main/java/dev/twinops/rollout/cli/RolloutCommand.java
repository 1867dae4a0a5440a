package dev.twinops.rollout.cli;

import dev.twinops.rollout.audit.VerifyResult;
import dev.twinops.rollout.engine.Phase;
import dev.twinops.rollout.engine.RolloutEngine;
import dev.twinops.rollout.engine.RolloutState;
import dev.twinops.rollout.files.OwnerOnlyFiles;
import dev.twinops.rollout.plan.PlanJson;
import dev.twinops.rollout.plan.PlanValidationException;
import dev.twinops.rollout.plan.RolloutPlan;
import dev.twinops.rollout.report.ReportCsv;
import dev.twinops.rollout.report.RolloutReport;
import dev.twinops.rollout.report.WaveReport;
import dev.twinops.rollout.store.FileRolloutStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code java -jar rollout-engine.jar run plan.json}: runs a staged rollout unattended with the same engine the
 * console uses; {@code resume ID} carries a saved one on, {@code status}, {@code report}, {@code abort} and
 * {@code journal verify} look after them. Status lines go to standard output, logs to standard error; the exit
 * code says how the rollout ended (0 completed, 3 paused, 4 waiting for approval, 5 aborted, 1 error, 2 usage).
 */
@Command(name = "rollout-engine", mixinStandardHelpOptions = true, version = "TwinOps rollout engine 0.1",
        description = "Staged firmware (or any method) rollouts on IoT Hub: waves, thresholds, pause/resume.",
        subcommands = {RolloutCommand.Run.class, RolloutCommand.Resume.class, RolloutCommand.Status.class,
                RolloutCommand.Report.class, RolloutCommand.Abort.class, RolloutCommand.Journal.class,
                RehearsalCommand.class})
public final class RolloutCommand {

    static final String LOGBACK_CONFIG = "dev/twinops/rollout/cli/logback-cli.xml";
    static final int ERROR = 1;
    static final int USAGE = 2;

    final Function<String, String> environment;
    Duration tick = Duration.ofMillis(500);

    @Spec
    CommandLine.Model.CommandSpec spec;

    public RolloutCommand() {
        this(System::getenv);
    }

    RolloutCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(run(new RolloutCommand(), args));
    }

    static int run(RolloutCommand command, String... args) {
        return run(command, new CommandLine(command), args);
    }

    static int run(RolloutCommand command, CommandLine cli, String... args) {
        cli.setParameterExceptionHandler((ex, a) -> {
            String message = ex.getMessage().startsWith("Error: ") ? ex.getMessage().substring(7) : ex.getMessage();
            ex.getCommandLine().getErr().println("rollout-engine: " + message + " (see --help)");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) {
                commandLine.getErr().println("rollout-engine: " + ex.getMessage());
                return USAGE;
            }
            if (ex instanceof RehearsalCommand.HubFailure) {
                commandLine.getErr().println("rollout-engine: " + ex.getMessage());
                return ERROR;
            }
            if (ex instanceof NoSuchFileException e) {
                commandLine.getErr().println("rollout-engine: no such file: " + e.getFile());
                return USAGE;
            }
            commandLine.getErr().println("rollout-engine: " + ex);
            return ERROR;
        });
        return cli.execute(args);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private RolloutState load(HubOptions hub, String id) throws IOException {
        return hub.store(environment).load(id).orElseThrow(() -> new IllegalArgumentException("no rollout '" + id
                + "' in " + hub.store(environment).directory()));
    }

    private int drive(RolloutEngine engine, boolean autoApprove) throws InterruptedException {
        RolloutSession session = new RolloutSession(engine, out(), autoApprove, tick);
        Thread hook = new Thread(session::stop, "rollout-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return session.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,

            description = "Starts a rollout from a plan file and runs it until it ends or needs an "
            + "operator.")
    static final class Run implements Callable<Integer> {
        @ParentCommand
        RolloutCommand parent;
        @Mixin
        HubOptions hub;
        @Parameters(paramLabel = "PLAN", description = "The plan (JSON); see docs/rollouts.md.")
        Path planFile;
        @Option(names = "--auto-approve", description = "Approve every approval gate (unattended).")
        boolean autoApprove;

        @Override
        public Integer call() throws Exception {
            RolloutPlan plan;
            try {
                plan = PlanJson.read(planFile);
            } catch (PlanValidationException e) {
                parent.spec.commandLine().getErr().println("rollout-engine: " + e.getMessage());
                return USAGE;
            }
            RolloutEngine engine = RolloutEngine.create(plan, hub.connect(parent.environment),
                    hub.store(parent.environment), hub.journal(parent.environment), Clock.systemUTC(), hub.settings());
            parent.out().println("rollout " + engine.rolloutId() + " saved in "
                    + hub.store(parent.environment).fileOf(engine.rolloutId()));
            engine.start();
            return parent.drive(engine, autoApprove);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,

            description = "Carries on with a saved rollout (a paused one is resumed).")
    static final class Resume implements Callable<Integer> {
        @ParentCommand
        RolloutCommand parent;
        @Mixin
        HubOptions hub;
        @Parameters(paramLabel = "ID", description = "The rollout's id.")
        String id;
        @Option(names = "--approve", description = "Approve the wave waiting at its gate.")
        boolean approve;
        @Option(names = "--auto-approve", description = "Approve every approval gate from now on.")
        boolean autoApprove;
        @Option(names = "--retry-failed", description = "Send the operation again to the current wave's failed, "
                + "offline and stuck devices.")
        boolean retryFailed;

        @Override
        public Integer call() throws Exception {
            RolloutState state = parent.load(hub, id);
            if (state.phase.isTerminal()) {
                parent.out().println("rollout " + id + " has ended: " + state.phase);
                return state.phase == Phase.COMPLETED ? RolloutSession.COMPLETED : RolloutSession.ABORTED;
            }
            Phase before = state.phase;
            RolloutEngine engine = RolloutEngine.resume(state, hub.connect(parent.environment),
                    hub.store(parent.environment), hub.journal(parent.environment), Clock.systemUTC(), hub.settings());
            if (before == Phase.PLANNED) {
                engine.start();
            }
            if (retryFailed) {
                engine.retryFailed().thenAccept(r -> parent.out().println("retry failed: " + r.message()));
            }
            if (before == Phase.PAUSED) {
                engine.resume().thenAccept(r -> parent.out().println("resume: " + r.message()));
            }
            if (approve) {
                engine.approve().thenAccept(r -> parent.out().println("approve: " + r.message()));
            }
            return parent.drive(engine, autoApprove);
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true,

            description = "Aborts a saved rollout and cancels its job under way.")
    static final class Abort implements Callable<Integer> {
        @ParentCommand
        RolloutCommand parent;
        @Mixin
        HubOptions hub;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws Exception {
            RolloutEngine engine = RolloutEngine.resume(parent.load(hub, id), hub.connect(parent.environment),
                    hub.store(parent.environment), hub.journal(parent.environment), Clock.systemUTC(), hub.settings());
            var result = engine.abort();
            engine.tick();
            engine.tick();
            parent.out().println(result.join().message() + ": " + engine.status().line());
            return result.join().accepted() ? RolloutSession.ABORTED : USAGE;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,

            description = "Prints where a saved rollout stands (no hub needed).")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        RolloutCommand parent;
        @Mixin
        HubOptions hub;
        @Parameters(paramLabel = "ID", arity = "0..1", description = "The rollout's id; without it, every saved "
                + "rollout's id and phase.")
        String id;

        @Override
        public Integer call() throws Exception {
            FileRolloutStore store = hub.store(parent.environment);
            if (id == null) {
                for (String each : store.list()) {
                    RolloutState s = store.load(each).orElseThrow();
                    parent.out().println(each + " " + s.phase + (s.reason == null ? "" : " (" + s.reason + ")"));
                }
                return 0;
            }
            printSummary(parent.out(), RolloutReport.of(parent.load(hub, id)));
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,

            description = "Prints a rollout's report and exports it as CSV (one row per device) "
            + "and JSON.")
    static final class Report implements Callable<Integer> {
        @ParentCommand
        RolloutCommand parent;
        @Mixin
        HubOptions hub;
        @Parameters(paramLabel = "ID")
        String id;
        @Option(names = "--csv", paramLabel = "FILE")
        Path csv;
        @Option(names = "--json", paramLabel = "FILE")
        Path json;

        @Override
        public Integer call() throws Exception {
            RolloutReport report = RolloutReport.of(parent.load(hub, id));
            printSummary(parent.out(), report);
            if (csv != null) {
                StringWriter text = new StringWriter();
                ReportCsv.write(report, text);
                OwnerOnlyFiles.writeAtomically(csv.toAbsolutePath(), text.toString());
                parent.out().println("wrote " + csv);
            }
            if (json != null) {
                OwnerOnlyFiles.writeAtomically(json.toAbsolutePath(), report.toJson());
                parent.out().println("wrote " + json);
            }
            return 0;
        }
    }

    @Command(name = "journal", mixinStandardHelpOptions = true,

            description = "The audit journal.", subcommands = Journal.Verify.class)
    static final class Journal {
        @ParentCommand
        RolloutCommand parent;

        @Command(name = "verify", mixinStandardHelpOptions = true,

                description = "Checks the journal's hash chain; exit 1 and the first bad line if "
                + "it was edited, cut or reordered.")
        static final class Verify implements Callable<Integer> {
            @ParentCommand
            Journal journal;
            @Mixin
            HubOptions hub;

            @Override
            public Integer call() throws Exception {
                RolloutCommand root = journal.parent;
                var j = hub.journal(root.environment);
                if (!Files.exists(j.file())) {
                    root.out().println("no journal at " + j.file());
                    return 0;
                }
                VerifyResult result = j.verify();
                root.out().println(result.intact() ? j.file() + ": intact, " + result.entries() + " entries"
                        : j.file() + ": line " + result.badLine() + ": " + result.problem());
                return result.intact() ? 0 : ERROR;
            }
        }
    }

    static void printSummary(PrintWriter out, RolloutReport r) {
        String title = r.name().equals(r.operation()) ? r.operation() : r.name() + ", " + r.operation();
        out.println(r.rolloutId() + " (" + title + ") on " + r.hub() + ": " + r.phase()
                + (r.reason() == null ? "" : " - " + r.reason()));
        var all = r.overall();
        out.printf("  overall: %d devices, %d succeeded, %d failed, %d skipped, %d offline, %d stuck, %d in flight%n",
                all.devices(), all.succeeded(), all.failed(), all.skipped(), all.offline(), all.stuck(),
                all.inFlight());
        for (WaveReport w : r.waves()) {
            var t = w.totals();
            out.printf("  wave %d %s (%s): %s%s: %d devices, %d succeeded, %d failed, %d skipped, %d offline, "
                            + "%d stuck, %d in flight%n", w.wave(), w.name(), w.selection(), w.step(),
                    w.result() == null ? "" : " " + w.result(), t.devices(), t.succeeded(), t.failed(), t.skipped(),
                    t.offline(), t.stuck(), t.inFlight());
        }
        if (!r.failuresByCode().isEmpty()) {
            out.println("  failures: " + r.failuresByCode());
        }
        for (Map.Entry<String, dev.twinops.rollout.report.PhaseStats> e : r.phaseTimes().entrySet()) {
            out.printf("  %s: p50 %s, p95 %s over %d devices%n", e.getKey(), seconds(e.getValue().p50()),
                    seconds(e.getValue().p95()), e.getValue().devices());
        }
        out.println("  queries: " + r.queriesTotal());
        out.flush();
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
